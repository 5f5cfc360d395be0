/**
 * The refresh grant as one protocol step (RFC 6749 §6), against a provider scripted answer by
 * answer: what is kept of the old tokens, which answers end the session and which leave it for
 * a later try, and the same-user rule for a refreshed ID token (OpenID Connect Core §12.2).
 */
import { describe, expect, it } from 'vitest';
import { isCancelled, type SignInError } from '../../../src/core/errors.ts';
import { refreshTokens } from '../../../src/core/protocol/refresh.ts';
import type { TokenSet } from '../../../src/core/protocol/session.ts';
import { discover, protocolSetup } from '../../support/protocol-setup.ts';
import type { RefreshAnswer } from '../../support/scripted-provider.ts';

const tokens: TokenSet = {
  accessToken: 'access-token-secret',
  tokenType: 'bearer',
  refreshToken: 'refresh-token-secret',
  idToken: 'id.token.old',
};

/** One refresh of `from` against a provider answering `answers`: the new tokens or the error, and the requests sent. */
async function refresh(answers: readonly RefreshAnswer[], from: TokenSet = tokens, signal?: AbortSignal) {
  const setup = protocolSetup({ refreshes: answers });
  const as = await setup.clock.run(discover(setup));
  const signedIn = { sub: 'user-1', issuer: setup.provider.issuer };
  const result = await setup.clock.run(refreshTokens(as, from, signedIn, setup.context, signal === undefined ? {} : { signal })).then(
    (fresh) => ({ fresh, error: undefined }),
    (error: unknown) => ({ fresh: undefined, error: error as SignInError }),
  );
  const sent = setup.provider.requests.filter((request) => request.body.get('grant_type') === 'refresh_token');
  return { ...result, sent };
}

describe('a refresh the provider grants', () => {
  it('keeps the rotated refresh token a provider sends, and sends the old one once', async () => {
    const { fresh, sent } = await refresh([{ tokens: true }]);
    expect(fresh).toMatchObject({ accessToken: 'access-token-secret-2', refreshToken: 'refresh-token-secret-2' });
    expect(sent.map((request) => request.body.get('refresh_token'))).toEqual(['refresh-token-secret']);
  });

  it('keeps the old refresh token and ID token when the provider sends neither', async () => {
    const { fresh } = await refresh([{ tokens: true, rotate: false }]);
    expect(fresh).toMatchObject({ accessToken: 'access-token-secret-2', refreshToken: 'refresh-token-secret', idToken: 'id.token.old' });
  });

  it('takes a refreshed ID token that names the same user at the same issuer', async () => {
    const { fresh, error } = await refresh([{ tokens: true, idTokenSub: 'user-1' }]);
    expect(error).toBeUndefined();
    expect(fresh?.idToken).not.toBe('id.token.old');
  });
});

describe('a refresh that ends the session', () => {
  it('asks nothing when there is no refresh token, and says the session ended', async () => {
    const { refreshToken: _, ...withoutRefresh } = tokens;
    const { error, sent } = await refresh([{ tokens: true }], withoutRefresh);
    expect(error?.code).toBe('session_ended');
    expect(sent).toEqual([]);
  });

  it('reads 400 invalid_grant as the end of the session, naming the server error', async () => {
    const { error } = await refresh([{ error: 'invalid_grant' }]);
    expect(error).toMatchObject({ code: 'session_ended', serverError: 'invalid_grant' });
  });

  it('reads a 401 with a body that is not JSON as a refusal too, not as a broken answer to retry', async () => {
    const { error } = await refresh([{ status: 401, text: '<html>Unauthorized</html>' }]);
    expect(error?.code).toBe('session_ended');
  });

  it('ends the session when the refreshed ID token names another user (OIDC Core §12.2)', async () => {
    const { error } = await refresh([{ tokens: true, idTokenSub: 'someone-else' }]);
    expect(error?.code).toBe('session_ended');
  });
});

describe('a refresh that fails for now', () => {
  it('says server_error for a 5xx, which keeps the session for a later try', async () => {
    const { error } = await refresh([{ status: 503, text: 'busy' }]);
    expect(error?.code).toBe('server_error');
  });

  it('says network when the provider cannot be reached', async () => {
    const { error } = await refresh([{ network: true }]);
    expect(error?.code).toBe('network');
  });

  it('gives up a refresh whose signal is aborted (the run is cancelled), not as a failure', async () => {
    const { error } = await refresh([{ hang: true }], tokens, AbortSignal.abort());
    expect(isCancelled(error)).toBe(true);
  });
});
