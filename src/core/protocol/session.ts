import * as oauth from 'oauth4webapi';
import type { Profile } from '../../shared/flow-state.ts';
import { type ProtocolContext, requestOptions } from './context.ts';
import { CancelledError, SignInError } from '../errors.ts';
import { type DPoPKey, retryingOnNonce } from './dpop.ts';
import { NetworkError } from './http.ts';
import { toSignInError } from './oauth-errors.ts';
import { isRealTime, toProfile } from './profile-claims.ts';

/** The tokens of a signed-in session. They stay in the main process (or the CLI) and never reach a front end. */
export interface TokenSet {
  readonly accessToken: string;
  readonly tokenType: string;
  readonly refreshToken?: string;
  readonly idToken?: string;
  readonly scope?: string;
  /** Epoch milliseconds, when the provider said how long the access token lives. */
  readonly expiresAt?: number;
  /** Epoch milliseconds when the token response arrived: with `expiresAt`, the token's lifetime. */
  readonly issuedAt?: number;
}

export interface Session {
  readonly profile: Profile;
  readonly tokens: TokenSet;
  /** The key the tokens are bound to (DPoP, RFC 9449); without one they are bearer tokens. */
  readonly key?: DPoPKey;
  /** Where the tokens were issued, and so the only places they are sent (src/core/vault/session-record.ts). */
  readonly endpoints?: IssuedEndpoints;
}

/** Where a session's tokens were issued: the token, revocation and userinfo endpoints of the provider's metadata. */
export interface IssuedEndpoints {
  readonly token: string;
  readonly revocation?: string;
  readonly userinfo?: string;
  /** The origin the provider's metadata came from (the issuer's, for discovery). */
  readonly metadataOrigin: string;
}

/** The endpoints a session signed in through `as` was issued by. */
export function issuedEndpoints(as: oauth.AuthorizationServer): IssuedEndpoints {
  if (as.token_endpoint === undefined) throw new SignInError('discovery_unsupported', 'The provider names no token endpoint.');
  return {
    token: as.token_endpoint,
    ...(as.revocation_endpoint === undefined ? {} : { revocation: as.revocation_endpoint }),
    ...(as.userinfo_endpoint === undefined ? {} : { userinfo: as.userinfo_endpoint }),
    metadataOrigin: new URL(as.issuer).origin,
  };
}

/**
 * Turns a validated token response into a session: ID token claims first (oauth4webapi has
 * already checked `iss`, `aud`, `exp` and `iat`, OIDC Core §3.1.3.7), then the UserInfo
 * response (OIDC Core §5.3), whose subject must match the ID token's (§5.3.2). `key` is the one
 * the tokens are bound to, if they are: UserInfo then wants a proof of it (RFC 9449 §7).
 */
export async function completeSignIn(
  as: oauth.AuthorizationServer,
  response: oauth.TokenEndpointResponse,
  context: ProtocolContext,
  signal?: AbortSignal,
  key?: DPoPKey,
): Promise<Session> {
  const tokens = toTokenSet(response, context.clock.now());
  const idClaims = oauth.getValidatedIdTokenClaims(response);
  // A provider without OpenID userinfo (GitHub) says who signed in through its own API.
  const userInfo =
    context.profile.fetchClaims === undefined
      ? await fetchUserInfo(as, tokens.accessToken, idClaims?.sub, context, signal, key)
      : await context.profile.fetchClaims(tokens.accessToken, context, signal);
  const claims: Readonly<Record<string, unknown>> = { ...idClaims, ...userInfo };
  // The ID token's `iss`, validated above, is the issuer itself; where discovery published a
  // template (Entra's `{tenantid}`), it is the one tenant this session belongs to. With neither
  // an ID token nor userinfo (a plain OAuth 2.0 server), nobody is named: an account at the host.
  const named = idClaims !== undefined || userInfo !== undefined;
  return { profile: toProfile(idClaims?.iss ?? as.issuer, claims, named), tokens, ...(key === undefined ? {} : { key }) };
}

/**
 * The longest an access token is believed to live. A longer promise is a server bug, and
 * bounding it keeps every expiry a real date (an `expires_in` of 1e15 seconds is not one).
 */
export const maxTokenLifetimeSeconds = 365 * 24 * 60 * 60;

/**
 * The tokens of a token response (RFC 6749 §5.1), its lifetime made an absolute time. Every
 * token response, at sign-in and at refresh, becomes a TokenSet here and nowhere else, so this
 * is where each token's characters are checked (`tokenSyntax`), before anything is kept or sent.
 */
export function toTokenSet(response: oauth.TokenEndpointResponse, now: number): TokenSet {
  const expiresAt = response.expires_in === undefined ? undefined : tokenExpiry(response.expires_in, now);
  return {
    accessToken: checkedToken(response.access_token, 'access_token'),
    tokenType: checkedToken(response.token_type, 'token_type'),
    ...(response.refresh_token === undefined ? {} : { refreshToken: checkedToken(response.refresh_token, 'refresh_token') }),
    ...(response.id_token === undefined ? {} : { idToken: checkedToken(response.id_token, 'id_token') }),
    ...(response.scope === undefined ? {} : { scope: response.scope }),
    ...(expiresAt === undefined ? {} : { expiresAt, issuedAt: now }),
  };
}

/**
 * The characters each field of a token response may have. A token travels in a header
 * (`Authorization: Bearer …`, `DPoP …`), into the vault and out of the CLI; one with a newline
 * or a space is not a token but a broken or hostile answer, and whatever refuses it later (Node's
 * header check) quotes it whole in its error. So it is refused as it arrives.
 * - `access_token`: RFC 6750 §2.1 `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`,
 *   the syntax of the Authorization header it is sent in, for DPoP as well (RFC 9449 §7.1);
 * - `refresh_token`: RFC 6749 Appendix A.17, `1*VSCHAR` (%x20-7E);
 * - `id_token`: a JWT, whose signature and claims oauth4webapi has checked already; printable
 *   ASCII without spaces is all that is left to make sure of (RFC 7515 §7.1: base64url and dots);
 * - `token_type`: RFC 6749 Appendix A.13 `type-name` or a URI; oauth4webapi has made it a
 *   lowercase string, and printable ASCII without spaces is enough to keep it harmless.
 */
const tokenSyntax = {
  access_token: { allowed: /^[A-Za-z0-9\-._~+/]+=*$/, rule: 'RFC 6750 §2.1' },
  refresh_token: { allowed: /^[\x20-\x7e]+$/, rule: 'RFC 6749 Appendix A.17' },
  id_token: { allowed: /^[\x21-\x7e]+$/, rule: 'RFC 7515 §7.1' },
  token_type: { allowed: /^[\x21-\x7e]+$/, rule: 'RFC 6749 Appendix A.13' },
} as const;

/**
 * `value`, when it is a string of the characters its field allows; otherwise `invalid_response`,
 * whose message names the field and never repeats the value: it may be a real token, and it is
 * exactly the kind of text that must not reach a window, a terminal or a log.
 */
export function checkedToken(value: unknown, field: keyof typeof tokenSyntax): string {
  const { allowed, rule } = tokenSyntax[field];
  if (typeof value !== 'string' || !allowed.test(value)) {
    throw new SignInError('invalid_response', `The ${field} in the provider's token response does not have the form ${rule} gives it.`);
  }
  return value;
}

/**
 * RFC 6749 §5.1 `expires_in`, "the lifetime in seconds of the access token", a whole number
 * (Appendix A.14: `1*DIGIT`). oauth4webapi has already read a numeric string as its number and
 * refused a negative one; this refuses anything else that is not a number of seconds, rounds a
 * fraction down (the token is renewed a little early, never used late), bounds the rest to
 * `maxTokenLifetimeSeconds`, and makes sure the result is a date. 0 means expired on arrival.
 */
export function tokenExpiry(expiresIn: unknown, now: number): number {
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn < 0) {
    throw new SignInError('invalid_response', 'The provider sent an access token lifetime (expires_in) that is not a number of seconds.');
  }
  const expiresAt = now + Math.min(Math.floor(expiresIn), maxTokenLifetimeSeconds) * 1000;
  if (!isRealTime(expiresAt)) throw new SignInError('invalid_response', 'The access token expiry is not a date.');
  return expiresAt;
}

async function fetchUserInfo(
  as: oauth.AuthorizationServer,
  accessToken: string,
  expectedSubject: string | undefined,
  context: ProtocolContext,
  signal: AbortSignal | undefined,
  key: DPoPKey | undefined,
): Promise<oauth.UserInfoResponse | undefined> {
  if (as.userinfo_endpoint === undefined) return undefined;
  try {
    return await retryingOnNonce(key, async () => {
      const response = await oauth.userInfoRequest(as, context.client, accessToken, requestOptions(context, signal, key?.handle));
      return oauth.processUserInfoResponse(as, context.client, expectedSubject ?? oauth.skipSubjectCheck, response);
    });
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    // With an ID token the sign-in already succeeded; a flaky userinfo call only costs profile detail.
    if (expectedSubject !== undefined && (error instanceof NetworkError || isServerFailure(error))) return undefined;
    throw toSignInError(error, 'profile (userinfo) request');
  }
}

function isServerFailure(error: unknown): boolean {
  return error instanceof oauth.OperationProcessingError && error.cause instanceof Response && error.cause.status >= 500;
}
