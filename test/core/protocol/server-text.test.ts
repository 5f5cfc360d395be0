/**
 * Text a server sends reaches people: a user code to type, a name on every `status`, an error
 * in a details pane. What the core lets through must look like what it is, in a window and in a
 * terminal: no C0 or C1 control (ESC and CSI start terminal commands), and no bidirectional
 * control (Unicode UAX #9), which reorders what is shown ("Trojan Source", CVE-2021-42574).
 */
import { describe, expect, it } from 'vitest';
import type { SignInError } from '../../../src/core/errors.ts';
import { createSignInFlow } from '../../../src/core/flow/sign-in-flow.ts';
import { pollForTokens } from '../../../src/core/protocol/poll.ts';
import { foreignErrorText } from '../../../src/core/protocol/server-text.ts';
import { completeSignIn } from '../../../src/core/protocol/session.ts';
import { toProfile } from '../../../src/core/protocol/profile-claims.ts';
import { decodeSession, encodeSession } from '../../../src/core/vault/vault.ts';
import { createMemoryVault } from '../../support/memory-vault.ts';
import type { SessionRecord } from '../../../src/core/vault/session-record.ts';
import type { FlowState } from '../../../src/shared/flow-state.ts';
import { authorize, protocolSetup } from '../../support/protocol-setup.ts';
import type { ScriptedProviderOptions } from '../../support/scripted-provider.ts';

/** Every bidirectional formatting character of UAX #9 §2: ALM, LRM, RLM, LRE…RLO, LRI…PDI. */
const bidiControls = [
  '\u061c',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
];
/** A terminal command hidden in text: C0 ESC and C1 CSI (U+009B) sequences, a bell, a carriage return. */
const terminalControls = ['\u001b[2J', '\u009b31m', '\u0007', '\r', '\u0000', '\u007f', '\u0085'];
const hex = (character: string): string => `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
/** A test title that names every character outside printable ASCII, so the report itself stays clean. */
const named = (text: string): string =>
  Array.from(text, (character) => character)
    .map((character) => (/^[ -~]$/.test(character) ? character : hex(character)))
    .join('');
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const everyUnsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** The profile a sign-in ends with, when the provider's userinfo says `userinfo`. */
async function profileFrom(userinfo: Record<string, unknown>) {
  const setup = protocolSetup({ userinfo });
  const { as, authorization } = await authorize(setup);
  const tokens = await setup.clock.run(pollForTokens(as, authorization, setup.context));
  return (await setup.clock.run(completeSignIn(as, tokens, setup.context))).profile;
}

/** Where a sign-in ends when the token endpoint refuses with `body`. */
async function refusal(
  body: { error: string; error_description?: string },
  options: Omit<ScriptedProviderOptions, 'clock'> = {},
): Promise<SignInError> {
  const setup = protocolSetup({ ...options, polls: [{ status: 400, ...body }] });
  const { as, authorization } = await authorize(setup);
  return setup.clock.run(pollForTokens(as, authorization, setup.context)).then(
    () => {
      throw new Error('the refusal was accepted');
    },
    (error: unknown) => error as SignInError,
  );
}

describe('a user code is shown exactly as the server sent it, or not at all (RFC 8628 §3.2)', () => {
  it.each(bidiControls.map((control) => [hex(control), control]))(
    'refuses a user code carrying %s with invalid_response',
    async (_name, control) => {
      const setup = protocolSetup({ deviceAuthorization: { user_code: `WDJB-${control}THJM` } });
      const error = await authorize(setup).then(
        () => undefined,
        (failure: unknown) => failure as SignInError,
      );
      expect(error?.code).toBe('invalid_response');
    },
  );

  it.each(terminalControls.map((control) => [named(control), control]))(
    'refuses a user code carrying %s with invalid_response',
    async (_name, control) => {
      const setup = protocolSetup({ deviceAuthorization: { user_code: `WDJB-${control}MJHT` } });
      await expect(authorize(setup)).rejects.toMatchObject({ code: 'invalid_response' });
    },
  );

  it('never shows a refused code in the window: the flow ends in an error instead', async () => {
    const setup = protocolSetup({ deviceAuthorization: { user_code: 'WDJB-\u202eTHJM' } });
    const flow = createSignInFlow({ config: setup.config, fetch: setup.provider.fetch, clock: setup.clock });
    const states: FlowState[] = [];
    flow.subscribe((state) => states.push(state));
    await setup.clock.run(flow.start());
    expect(states.map((state) => state.status)).toEqual(['requesting', 'error']);
    expect(flow.getState()).toMatchObject({ status: 'error', code: 'invalid_response' });
  });
});

describe('names and emails are stored and shown without controls', () => {
  it('shows "Alice \\u202enimda" as "Alice nimda", not as "Alice admin"', async () => {
    const profile = await profileFrom({ name: 'Alice \u202enimda' });
    expect(profile.name).toBe('Alice nimda');
  });

  it.each(bidiControls.map((control) => [hex(control), control]))('removes %s from the name and the email', async (_name, control) => {
    const profile = await profileFrom({ name: `Ali${control}ce Example`, email: `alice${control}@example.test` });
    expect(profile).toMatchObject({ name: 'Alice Example', email: 'alice@example.test' });
  });

  it.each(terminalControls.map((control) => [named(control), control]))('turns %s in a name into a plain space', async (_name, control) => {
    const profile = await profileFrom({ name: `Alice${control}Example`, email: `alice${control}x@example.test` });
    expect(profile.name).toMatch(/^Alice ?\S*Example$/);
    expect(profile.name).not.toMatch(everyUnsafe);
    expect(profile.email).not.toMatch(everyUnsafe);
  });

  it('falls back to the given and family names, cleaned the same way', async () => {
    const profile = await profileFrom({ name: undefined, given_name: 'Alice\u2066', family_name: '\u202enimda' });
    expect(profile.name).toBe('Alice nimda');
  });

  it('refuses a subject it would have to change to show safely (OIDC Core §2: sub is compared exactly)', () => {
    expect(() => toProfile('https://op.example.test', { sub: 'ali\u202ece' })).toThrow(
      expect.objectContaining({ code: 'invalid_response' }),
    );
    expect(() => toProfile('https://op.example.test', { sub: 'alice\u001b[2J' })).toThrow(
      expect.objectContaining({ code: 'invalid_response' }),
    );
  });

  it('cleans a session stored by an older version before anyone sees it', () => {
    const old: SessionRecord = {
      version: 1,
      issuer: 'https://op.example.test',
      clientId: 'demo-client',
      profile: { issuer: 'https://op.example.test', sub: 'alice', name: 'Alice \u202enimda', email: 'alice\u009b2J@example.test' },
      tokens: { accessToken: 'access-token-secret', tokenType: 'bearer' },
    };
    const restored = decodeSession(encodeSession(old));
    expect(restored.profile).toEqual({
      issuer: 'https://op.example.test',
      sub: 'alice',
      name: 'Alice nimda',
      email: 'alice 2J@example.test',
    });
    expect(restored.tokens).toEqual(old.tokens);
  });

  it('shows the cleaned name after a restart, in every state the window gets', async () => {
    const vault = createMemoryVault();
    await vault.save({
      version: 1,
      issuer: 'https://op.example.test',
      clientId: 'demo-client',
      profile: { issuer: 'https://op.example.test', sub: 'alice', name: 'Alice \u202enimda' },
      tokens: { accessToken: 'access-token-secret', tokenType: 'bearer', refreshToken: 'refresh-token-secret' },
    });
    const setup = protocolSetup();
    const flow = createSignInFlow({ config: setup.config, fetch: setup.provider.fetch, clock: setup.clock, vault });
    await setup.clock.run(flow.restore({ refresh: false }));
    expect(flow.getState()).toMatchObject({ status: 'signed_in', profile: { name: 'Alice nimda' } });
    flow.dispose();
  });
});

describe("the server's error code and description (RFC 6749 §5.2)", () => {
  it('replaces an error code with a C1 CSI and an ESC sequence by invalid_error_code, everywhere it goes', async () => {
    const error = await refusal({ error: 'invalid_request\u009b31m\u001b[2J' });
    expect(error.code).toBe('request_rejected');
    expect(error.serverError).toBe('invalid_error_code');
    expect(error.message).toContain('invalid_error_code');
    expect(error.message).not.toMatch(everyUnsafe);
  });

  it.each([...bidiControls, ...terminalControls, '"', '\\', '\u00e9', '\u{1f600}'].map((bad) => [named(bad), bad]))(
    'replaces an error code carrying %s, a character outside the set RFC 6749 allows',
    async (_name, bad) => {
      const error = await refusal({ error: `invalid_request${bad}` });
      expect(error.serverError).toBe('invalid_error_code');
      expect(error.message).not.toContain(bad);
    },
  );

  it('keeps a well-formed error code as it is, the rare characters of the set included', async () => {
    const error = await refusal({ error: "custom error!#$%&'()*+,-./:;<=>?@[]^_`{|}~" });
    expect(error.serverError).toBe("custom error!#$%&'()*+,-./:;<=>?@[]^_`{|}~");
    expect((await refusal({ error: 'invalid_scope' })).code).toBe('invalid_scope');
  });

  it('reads a code named like a property of every object ("constructor") as the unknown code it is', async () => {
    expect((await refusal({ error: 'constructor' })).code).toBe('request_rejected');
    expect((await refusal({ error: 'toString' })).code).toBe('request_rejected');
  });

  it('replaces an endless error code', async () => {
    expect((await refusal({ error: 'x'.repeat(5000) })).serverError).toBe('invalid_error_code');
  });

  it.each(bidiControls.map((control) => [hex(control), control]))('removes %s from error_description', async (_name, control) => {
    const error = await refusal({ error: 'access_denied', error_description: `The user ${control}deined` });
    expect(error.serverDescription).toBe('The user deined');
    expect(error.message).not.toMatch(everyUnsafe);
  });

  it('turns terminal commands in error_description into spaces, in the denial a window shows too', async () => {
    const setup = protocolSetup({
      polls: [{ status: 400, error: 'access_denied', error_description: 'No\u009b2J\u001b[31m thanks \u202e' }],
    });
    const flow = createSignInFlow({ config: setup.config, fetch: setup.provider.fetch, clock: setup.clock });
    await setup.clock.run(flow.start());
    const state = flow.getState();
    expect(state.status).toBe('denied');
    expect(state.status === 'denied' ? state.description : undefined).toBe('No 2J [31m thanks');
  });
});

describe("another library's error, wherever it is reported (foreignErrorText)", () => {
  const headerCheck = new TypeError('Headers.append: "Bearer abc\nxyz" is an invalid header value.');

  it('names an error without a code, since its message may quote what it refused', () => {
    expect(foreignErrorText(headerCheck)).toBe('TypeError');
    expect(foreignErrorText(headerCheck, 'message')).toBe('TypeError');
  });

  it('adds the message of an error with a code only when asked, cleaned of every control', () => {
    const coded = Object.assign(new Error(`connect ECONNREFUSED 10.0.0.1:443${terminalControls.join('')}${bidiControls.join('')}`), {
      code: 'ECONNREFUSED',
    });
    expect(foreignErrorText(coded)).toBe('Error (ECONNREFUSED)');
    expect(foreignErrorText(coded, 'message')).toBe('ECONNREFUSED: connect ECONNREFUSED 10.0.0.1:443 [2J 31m');
    expect(foreignErrorText(coded, 'message')).not.toMatch(everyUnsafe);
  });

  it('takes a name or a code that is not one as no name and no code', () => {
    const odd = Object.assign(new Error('Bearer abc'), { name: '\u202eTypeError\u001b[2J', code: 'x y\nz' });
    expect(foreignErrorText(odd, 'message')).toBe('TypeError [2J');
    expect(foreignErrorText(Object.assign(new Error('Bearer abc'), { name: '' }))).toBe('Error');
  });
});
