/**
 * RFC 6749 §5.1 `expires_in`: "The lifetime in seconds of the access token", a whole number of
 * seconds (Appendix A.14: `expires-in = 1*DIGIT`). What the client does with every other value a
 * server may send, at sign-in and at refresh (§6), and with a date an older version stored:
 *
 * | expires_in | kept as                                                           |
 * | ---------- | ----------------------------------------------------------------- |
 * | 1e15       | one year: a longer promise is a server bug, and no date survives it |
 * | -1         | refused (invalid_response), nothing stored                         |
 * | "3600"     | 3600 s (oauth4webapi reads a numeric string as its number)         |
 * | 1.5        | 1 s: rounded down, so the token is renewed early, never used late  |
 * | 0          | expired on arrival: the next use renews it                         |
 */
import { describe, expect, it } from 'vitest';
import { createSignInFlow } from '../../../src/core/flow/sign-in-flow.ts';
import type { Fetch } from '../../../src/core/protocol/http.ts';
import { maxTokenLifetimeSeconds, toTokenSet } from '../../../src/core/protocol/session.ts';
import { decodeSession } from '../../../src/core/vault/vault.ts';
import { createMemoryVault } from '../../support/memory-vault.ts';
import type { TokenVault } from '../../../src/core/vault/session-record.ts';
import type { SessionRecord } from '../../../src/core/vault/session-record.ts';
import { protocolSetup } from '../../support/protocol-setup.ts';

const year = 365 * 24 * 60 * 60 * 1000;

/** A token endpoint that answers every grant with `expires_in` set to `value`, as a broken server would. */
function withExpiresIn(fetch: Fetch, value: unknown, grant?: 'refresh_token'): Fetch {
  return async (url, init) => {
    const response = await fetch(url, init);
    const form = init.body instanceof URLSearchParams ? init.body : new URLSearchParams(typeof init.body === 'string' ? init.body : '');
    const isGrant = new URL(url).pathname === '/token' && (grant === undefined || form.get('grant_type') === grant);
    if (!isGrant || !response.ok) return response;
    const body = (await response.json()) as Record<string, unknown>;
    return new Response(JSON.stringify({ ...body, expires_in: value }), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

/** Signs in against a provider whose token endpoint says `expires_in: value`. */
async function signInWith(value: unknown, vault: TokenVault = createMemoryVault()) {
  const setup = protocolSetup();
  const flow = createSignInFlow({ config: setup.config, fetch: withExpiresIn(setup.provider.fetch, value), clock: setup.clock, vault });
  const signedInFrom = await setup.clock.run(flow.start()).then(() => setup.clock.now());
  return { flow, vault, setup, signedInFrom };
}

describe('the lifetime of a new access token (RFC 6749 §5.1)', () => {
  it('keeps a token said to live 1e15 seconds for a year, as a date every front end can print', async () => {
    const { flow, vault, signedInFrom } = await signInWith(1e15);
    expect(flow.getState().status).toBe('signed_in');
    const expiresAt = flow.getSession()?.tokens.expiresAt ?? Number.NaN;
    expect(expiresAt).toBe(signedInFrom + year);
    expect(new Date(expiresAt).toISOString()).toBe('2027-11-23T12:00:05.000Z');
    expect((await vault.load())?.tokens.expiresAt).toBe(expiresAt);
    flow.dispose();
  });

  it('refuses a token with a negative lifetime, and stores nothing', async () => {
    const { flow, vault } = await signInWith(-1);
    expect(flow.getState()).toMatchObject({ status: 'error', code: 'invalid_response' });
    expect(await vault.load()).toBeUndefined();
  });

  it('reads the string "3600" as an hour', async () => {
    const { flow, signedInFrom } = await signInWith('3600');
    expect(flow.getSession()?.tokens.expiresAt).toBe(signedInFrom + 3_600_000);
  });

  it('rounds 1.5 seconds down to a whole second, so the token is renewed early rather than used late', async () => {
    const { flow, signedInFrom } = await signInWith(1.5);
    expect(flow.getSession()?.tokens.expiresAt).toBe(signedInFrom + 1_000);
    flow.dispose();
  });

  it('treats a lifetime of 0 as expired on arrival', async () => {
    const { flow, signedInFrom } = await signInWith(0);
    expect(flow.getSession()?.tokens.expiresAt).toBe(signedInFrom);
    flow.dispose();
  });

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY], [-1], ['3600'], [null]])(
    'refuses %j at the boundary itself, whatever a library in front of it let through',
    (value) => {
      const response = { access_token: 'a', token_type: 'bearer', expires_in: value } as unknown as Parameters<typeof toTokenSet>[0];
      expect(() => toTokenSet(response, Date.UTC(2026, 10, 23))).toThrow(expect.objectContaining({ code: 'invalid_response' }));
    },
  );

  it('bounds any lifetime to a year, so no product of it can leave the range of dates', () => {
    const now = Date.UTC(2026, 10, 23);
    for (const seconds of [1e15, 1e300, Number.MAX_VALUE, maxTokenLifetimeSeconds + 1]) {
      const expiresAt = toTokenSet({ access_token: 'a', token_type: 'bearer', expires_in: seconds }, now).expiresAt ?? Number.NaN;
      expect(expiresAt).toBe(now + year);
    }
  });
});

describe('the lifetime of a refreshed access token (RFC 6749 §6)', () => {
  async function refreshWith(value: unknown) {
    const setup = protocolSetup({ accessTokenExpiresIn: 60 });
    const vault = createMemoryVault();
    const flow = createSignInFlow({
      config: setup.config,
      fetch: withExpiresIn(setup.provider.fetch, value, 'refresh_token'),
      clock: setup.clock,
      vault,
      proactiveRefresh: false,
    });
    await setup.clock.run(flow.start());
    await setup.clock.advance(120_000);
    const outcome = await setup.clock.run(flow.getAccessToken()).then(
      (token) => ({ token, error: undefined }),
      (error: unknown) => ({ token: undefined, error: error as { code?: string } }),
    );
    return { flow, vault, setup, outcome };
  }

  it('keeps a refreshed token said to live 1e15 seconds for a year', async () => {
    const { flow, vault, setup, outcome } = await refreshWith(1e15);
    expect(outcome.token).toBe('access-token-secret-2');
    expect(flow.getSession()?.tokens.expiresAt).toBe(setup.clock.now() + year);
    expect(new Date((await vault.load())?.tokens.expiresAt ?? Number.NaN).getTime()).not.toBeNaN();
    flow.dispose();
  });

  it('refuses a refresh with a negative lifetime and keeps the stored session as it was', async () => {
    const { flow, vault, outcome } = await refreshWith(-1);
    expect(outcome.error?.code).toBe('invalid_response');
    expect((await vault.load())?.tokens.accessToken).toBe('access-token-secret');
    flow.dispose();
  });
});

describe('a stored expiry that is not a date', () => {
  const stored = (expiresAt: unknown): string =>
    JSON.stringify({
      version: 1,
      issuer: 'https://op.example.test',
      clientId: 'demo-client',
      profile: { issuer: 'https://op.example.test', sub: 'alice' },
      tokens: { accessToken: 'access-token-secret', tokenType: 'bearer', refreshToken: 'refresh-token-secret', expiresAt },
    });

  it.each([[1e18], [-1e18], [8.64e15 + 1], [null], ['2026-11-23']])(
    'is refused as damaged when it is %j, the way an older version could store it',
    (expiresAt) => {
      expect(() => decodeSession(stored(expiresAt))).toThrow(expect.objectContaining({ code: 'storage_damaged' }));
    },
  );

  it('is read back when it is a real date', () => {
    expect(decodeSession(stored(Date.UTC(2026, 10, 23))).tokens.expiresAt).toBe(Date.UTC(2026, 10, 23));
  });

  it('signs the user out with the damaged-storage notice at start-up instead of failing on every status', async () => {
    const vault = createMemoryVault();
    await vault.save(JSON.parse(stored(1e18)) as SessionRecord);
    const setup = protocolSetup();
    const flow = createSignInFlow({ config: setup.config, fetch: setup.provider.fetch, clock: setup.clock, vault });
    await setup.clock.run(flow.restore({ refresh: false }));
    expect(flow.getState()).toMatchObject({ status: 'idle', notice: { code: 'storage_damaged' } });
  });
});
