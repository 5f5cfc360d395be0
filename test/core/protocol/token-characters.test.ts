/**
 * The characters a token may have, checked where a token response enters, at sign-in and at
 * refresh (RFC 6749 §6) alike. An access token travels in a header (RFC 6750 §2.1 `b64token`);
 * one with a newline made Node's header check quote it whole, and that text reached the window's
 * Details and the CLI's `--json`. Such an answer is now refused before anything is kept or sent:
 *
 * | field         | allowed (RFC)                                          | refused, for example   |
 * | ------------- | ------------------------------------------------------ | ---------------------- |
 * | access_token  | ALPHA DIGIT - . _ ~ + /, then "=" (RFC 6750 §2.1)      | a newline, a space     |
 * | refresh_token | printable ASCII, space included (RFC 6749 App. A.17)   | a newline, an ESC      |
 * | id_token      | printable ASCII without space (a JWT, RFC 7515 §7.1)   | a tab                  |
 * | token_type    | printable ASCII without space (RFC 6749 App. A.13)     | a space                |
 */
import { describe, expect, it } from 'vitest';
import { createSignInFlow } from '../../../src/core/flow/sign-in-flow.ts';
import type { Log } from '../../../src/core/log.ts';
import type { Fetch } from '../../../src/core/protocol/http.ts';
import { toTokenSet } from '../../../src/core/protocol/session.ts';
import { createMemoryVault } from '../../support/memory-vault.ts';
import { protocolSetup } from '../../support/protocol-setup.ts';

/** Words that are in each hostile token and in nothing the client says by itself. */
const marks = ['hostile-head', 'hostile-tail'];
const withNewline = 'hostile-head\nhostile-tail';
const withSpace = 'hostile-head hostile-tail';

/** A token endpoint that answers `grant` with `fields` replaced, as a broken or hostile server would. */
function answering(fetch: Fetch, grant: 'device_code' | 'refresh_token', fields: Readonly<Record<string, unknown>>): Fetch {
  return async (url, init) => {
    const response = await fetch(url, init);
    const form = init.body instanceof URLSearchParams ? init.body : new URLSearchParams(typeof init.body === 'string' ? init.body : '');
    const grantType = form.get('grant_type') ?? '';
    if (new URL(url).pathname !== '/token' || !grantType.endsWith(grant) || !response.ok) return response;
    const body = (await response.json()) as Record<string, unknown>;
    return new Response(JSON.stringify({ ...body, ...fields }), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

/** Every line the flow would have written to the log, as text. */
function recordingLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (event, fields) => lines.push(`${event} ${JSON.stringify(fields)}`),
    warn: (event, fields) => lines.push(`${event} ${JSON.stringify(fields)}`),
    secret: () => undefined,
  };
}

function expectNoMark(text: string): void {
  for (const mark of marks) expect(text).not.toContain(mark);
}

describe('a token with characters a token may not have, at sign-in', () => {
  async function signInWith(fields: Readonly<Record<string, unknown>>) {
    const setup = protocolSetup();
    const vault = createMemoryVault();
    const log = recordingLog();
    const flow = createSignInFlow({
      config: setup.config,
      fetch: answering(setup.provider.fetch, 'device_code', fields),
      clock: setup.clock,
      vault,
      log,
    });
    await setup.clock.run(flow.start());
    return { flow, vault, log, setup };
  }

  it.each([
    ['an access token with a newline', { access_token: withNewline }],
    ['an access token with a space', { access_token: withSpace }],
    ['a refresh token with a newline', { refresh_token: withNewline }],
  ])('refuses %s as an invalid answer, stores nothing and never repeats it', async (_name, fields) => {
    const { flow, vault, log, setup } = await signInWith(fields);
    const state = flow.getState();
    expect(state).toMatchObject({ status: 'error', code: 'invalid_response' });
    expect(await vault.load()).toBeUndefined();
    expect(flow.getSession()).toBeUndefined();
    // The token was never sent anywhere either: no userinfo request carried it.
    expect(setup.provider.requests.filter((request) => new URL(request.url).pathname === '/userinfo')).toHaveLength(0);
    expectNoMark(JSON.stringify(state));
    expectNoMark(log.lines.join('\n'));
  });

  it('still signs in with a token of every character RFC 6750 allows', async () => {
    const token = 'AZaz09-._~+/==';
    const { flow, vault } = await signInWith({ access_token: token });
    expect(flow.getState()).toMatchObject({ status: 'signed_in' });
    expect((await vault.load())?.tokens.accessToken).toBe(token);
    flow.dispose();
  });
});

describe('a token with characters a token may not have, at refresh (RFC 6749 §6)', () => {
  async function refreshWith(fields: Readonly<Record<string, unknown>>) {
    const setup = protocolSetup({ accessTokenExpiresIn: 60 });
    const vault = createMemoryVault();
    const log = recordingLog();
    const flow = createSignInFlow({
      config: setup.config,
      fetch: answering(setup.provider.fetch, 'refresh_token', fields),
      clock: setup.clock,
      vault,
      log,
      proactiveRefresh: false,
    });
    await setup.clock.run(flow.start());
    const before = await vault.load();
    await setup.clock.advance(120_000);
    const error = await setup.clock.run(flow.getAccessToken()).then(
      () => undefined,
      (caught: unknown) => caught as Error & { code?: string },
    );
    return { flow, vault, log, before, error };
  }

  it.each([
    ['an access token with a newline', { access_token: withNewline }],
    ['an access token with a space', { access_token: withSpace }],
    ['a rotated refresh token with a newline', { refresh_token: withNewline }],
    ['a refresh token with an ESC', { refresh_token: 'hostile-head\u001b[2Jhostile-tail' }],
  ])('refuses %s, keeps the stored session as it was and never repeats it', async (_name, fields) => {
    const { flow, vault, log, before, error } = await refreshWith(fields);
    expect(error).toMatchObject({ code: 'invalid_response' });
    expect(before?.tokens.accessToken).toBe('access-token-secret');
    expect(await vault.load()).toEqual(before);
    expect(flow.getSession()?.tokens.accessToken).toBe('access-token-secret');
    expectNoMark(String(error?.message));
    expectNoMark(JSON.stringify(flow.getState()));
    expectNoMark(log.lines.join('\n'));
    flow.dispose();
  });
});

describe('the check at the boundary itself, whatever a library in front of it let through', () => {
  const now = Date.UTC(2026, 10, 23);
  const response = (fields: Readonly<Record<string, unknown>>) =>
    ({ access_token: 'a', token_type: 'bearer', ...fields }) as unknown as Parameters<typeof toTokenSet>[0];

  it.each([
    ['access_token', ''],
    ['access_token', 'abc\r\nSet-Cookie: x=y'],
    ['access_token', 'abc def'],
    ['access_token', 'abc=def'],
    ['access_token', 'abc!'],
    ['access_token', 'tökën'],
    ['access_token', 'abc\u202e'],
    ['refresh_token', 'abc\ndef'],
    ['refresh_token', 'abc\u007f'],
    ['refresh_token', 'abc\u00a0def'],
    ['id_token', 'eyJ.eyJ.sig\t'],
    ['id_token', 'eyJ. eyJ.sig'],
    ['token_type', 'bearer x'],
    ['token_type', ''],
    ['token_type', 42],
  ])('refuses the %s %j with invalid_response, naming the field and not the value', (field, value) => {
    let refused: unknown;
    try {
      toTokenSet(response({ [field]: value }), now);
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({ code: 'invalid_response' });
    const message = (refused as Error).message;
    expect(message).toContain(field);
    if (typeof value === 'string' && value !== '') expect(message).not.toContain(value);
  });

  it('keeps tokens of the allowed characters as they are', () => {
    const tokens = toTokenSet(
      response({
        access_token: 'gho_AZaz09-._~+/==',
        token_type: 'dpop',
        refresh_token: 'r !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
        id_token: 'eyJh.eyJz.c2ln',
      }),
      now,
    );
    expect(tokens).toEqual({
      accessToken: 'gho_AZaz09-._~+/==',
      tokenType: 'dpop',
      refreshToken: 'r !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
      idToken: 'eyJh.eyJz.c2ln',
    });
  });
});
