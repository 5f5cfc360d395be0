/**
 * GitHub (Enterprise Server style: API under /api/v3) on loopback, as "Authorizing OAuth apps",
 * section "Device flow", documents it:
 * https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps#device-flow
 * - `POST /login/device/code` (client_id, scope) → device_code, user_code, verification_uri
 *   (`/login/device`), expires_in 900, interval 5; form-encoded unless `Accept: application/json`;
 * - `POST /login/oauth/access_token` (client_id, device_code, grant_type) → access_token,
 *   token_type "bearer", scope (comma-separated: "repo,gist"); errors with HTTP 200 and `error`,
 *   `error_description`, `error_uri`: authorization_pending, slow_down (with the new `interval`),
 *   expired_token, access_denied, incorrect_device_code, incorrect_client_credentials;
 * - `device_flow_disabled` when the app's "Enable Device Flow" box is unticked: the page gives no
 *   status; 400 here, the status GitHub's own client library expects it with (cli/oauth,
 *   device/device_flow.go); the dialect reads it with 200 as well;
 * - an OAuth app's token has no expires_in and comes without a refresh token; a GitHub App with
 *   "User-to-server token expiration" gives a `ghu_` token with `expires_in` (28800), a `ghr_`
 *   refresh token, `refresh_token_expires_in` and an empty `scope`; the refresh takes no client
 *   secret for a token from the device flow, and then "that refresh token and the old user access
 *   token will no longer work"; a refresh token it no longer knows is `bad_refresh_token`, with
 *   HTTP 200 like the rest
 *   (https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens);
 * - no revocation a public client may call; the user revokes the app on their settings page;
 * - `GET /api/v3/user` and `GET /api/v3/user/emails` (https://docs.github.com/en/rest/users),
 *   and GraphQL's `viewer { login }` at `POST /api/graphql`
 *   (https://docs.github.com/en/graphql/guides/forming-calls-with-graphql#the-graphql-endpoint),
 *   which is what the gh CLI asks after its own device flow.
 */
import { deviceCodeGrant, type DeviceFlowControls, deviceFlowControls, DeviceGrants } from './device-grants.ts';
import { TokenLedger } from './issued-tokens.ts';
import { form, json, opaque, randomCode, type StandInReply, type StandInRequest, startStandInServer } from './stand-in-server.ts';

export interface GitHubUser {
  readonly id: number;
  readonly login: string;
  readonly name: string | null;
  /** The public email; null when the user keeps it private. */
  readonly email: string | null;
  /** What /user/emails lists (needs the user:email scope). */
  readonly emails: readonly { readonly email: string; readonly primary: boolean; readonly verified: boolean }[];
}

export interface GitHubStandIn extends DeviceFlowControls<GitHubUser> {
  /** The host's base URL: the issuer setting for `provider: github`. */
  readonly issuer: string;
  readonly clientId: string;
  /** Unticks the OAuth app's "Enable Device Flow" box. */
  disableDeviceFlow(): void;
  /** GitHub no longer knows the latest device code: its polls are answered `incorrect_device_code`. */
  forgetCode(): void;
  /** The user revokes the app on their settings page: every token issued with `token` stops working. */
  revokeApp(token: string): void;
}

export interface GitHubStandInOptions {
  /** Seconds between polls, as announced. Default 1 (GitHub sends 5). */
  readonly interval?: number;
  /** Seconds the codes live. Default 900, as GitHub's. */
  readonly expiresIn?: number;
  /** The OAuth app's client id. */
  readonly clientId?: string;
  /** PEM key and certificate, to serve https (for the gh CLI, which will not use http). */
  readonly tls?: { readonly key: string; readonly cert: string };
  /**
   * A GitHub App whose user tokens expire after this many seconds (GitHub: 28800), with refresh
   * tokens; default an OAuth app's that never do.
   */
  readonly userTokensExpireIn?: number;
}

const docs = 'https://docs.github.com/developers/apps/authorizing-oauth-apps#error-codes-for-the-device-flow';

export async function startGitHubStandIn(options: GitHubStandInOptions = {}): Promise<GitHubStandIn> {
  const clientId = options.clientId ?? 'Ov23li0123456789abcd';
  const grants = new DeviceGrants<GitHubUser>({
    interval: options.interval ?? 1,
    expiresIn: options.expiresIn ?? 900,
    userCode: () => `${randomCode(4, 'BCDFGHJKLMNPQRSTVWXZ')}-${randomCode(4, 'BCDFGHJKLMNPQRSTVWXZ')}`,
  });
  const tokens = new TokenLedger<GitHubUser>();
  const state = { deviceFlowEnabled: true };
  const server = await startStandInServer((request) => route(request), options.tls);
  const defaultUser: GitHubUser = {
    id: 583231,
    login: 'octocat',
    name: 'The Octocat',
    email: null,
    emails: [{ email: 'octocat@example.test', primary: true, verified: true }],
  };

  function answer(request: StandInRequest, status: number, fields: Record<string, string | number>): StandInReply {
    return /application\/json/.test(request.headers.accept ?? '') ? json(status, fields) : form(status, fields);
  }

  function error(request: StandInRequest, name: string, description: string, extra: Record<string, number> = {}): StandInReply {
    return answer(request, 200, { error: name, error_description: description, error_uri: docs, ...extra });
  }

  function deviceCode(request: StandInRequest): StandInReply {
    if (request.form.get('client_id') !== clientId) return answer(request, 404, { error: 'Not Found' });
    if (!state.deviceFlowEnabled)
      return answer(request, 400, {
        error: 'device_flow_disabled',
        error_description: 'Device Flow must be explicitly enabled for this App',
        error_uri: docs,
      });
    const grant = grants.issue(clientId, request.form.get('scope') ?? '');
    return answer(request, 200, {
      device_code: grant.deviceCode,
      user_code: grant.userCode,
      verification_uri: `${server.origin}/login/device`,
      expires_in: options.expiresIn ?? 900,
      interval: grant.interval,
    });
  }

  function accessToken(request: StandInRequest): StandInReply {
    if (request.form.get('client_id') !== clientId)
      return error(request, 'incorrect_client_credentials', 'The client_id and/or client_secret passed are incorrect.');
    if (request.form.get('grant_type') === 'refresh_token') return refresh(request);
    if (request.form.get('grant_type') !== deviceCodeGrant)
      return error(request, 'unsupported_grant_type', 'The grant type is not supported.');
    const deviceCode = request.form.get('device_code') ?? '';
    const verdict = grants.poll(deviceCode, clientId);
    switch (verdict.kind) {
      case 'pending':
        return error(request, 'authorization_pending', 'The authorization request is still pending.');
      case 'slow_down':
        return error(request, 'slow_down', 'Too many requests have been made in the same timeframe.', { interval: grants.find().interval });
      case 'expired':
        return error(request, 'expired_token', 'The device_code has expired.');
      case 'denied':
        return error(request, 'access_denied', 'The authorization request was denied.');
      case 'unknown':
        return error(request, 'incorrect_device_code', 'The device_code provided is not valid.');
      case 'approved':
        return issue(request, verdict.grant.user ?? defaultUser, verdict.grant.scope);
    }
  }

  /** An OAuth app's lasting `gho_` token, scopes comma-separated; or a GitHub App's expiring pair. */
  function issue(request: StandInRequest, user: GitHubUser, scope: string): StandInReply {
    const lifetime = options.userTokensExpireIn;
    if (lifetime === undefined) {
      const issued = tokens.record({
        user,
        clientId,
        scope,
        accessToken: opaque('gho_'),
        refreshToken: undefined,
        expiresAt: Number.MAX_SAFE_INTEGER,
      });
      return answer(request, 200, {
        access_token: issued.accessToken,
        token_type: 'bearer',
        scope: scope.split(/\s+/).filter(Boolean).join(','),
      });
    }
    const issued = tokens.record({
      user,
      clientId,
      scope,
      accessToken: opaque('ghu_'),
      refreshToken: opaque('ghr_'),
      expiresAt: Date.now() + lifetime * 1000,
    });
    const refreshToken = issued.refreshToken ?? '';
    return answer(request, 200, {
      access_token: issued.accessToken,
      expires_in: lifetime,
      refresh_token: refreshToken,
      refresh_token_expires_in: 15897600,
      scope: '',
      token_type: 'bearer',
    });
  }

  function refresh(request: StandInRequest): StandInReply {
    const old = request.form.get('refresh_token') ?? '';
    const grant = tokens.refresh(old);
    if (grant === undefined) return error(request, 'bad_refresh_token', 'The refresh token passed is incorrect or expired.');
    tokens.end(old, { grant: true });
    return issue(request, grant.user, grant.scope);
  }

  function route(request: StandInRequest): StandInReply {
    const path = request.url.pathname;
    if (request.method === 'POST' && path === '/login/device/code') return deviceCode(request);
    if (request.method === 'POST' && path === '/login/oauth/access_token') return accessToken(request);
    // "In most cases, you can use `Authorization: Bearer` or `Authorization: token`" (gh sends the latter):
    // https://docs.github.com/en/rest/authentication/authenticating-to-the-rest-api
    const user = tokens.access(/^(?:Bearer|token) (.+)$/i.exec(request.headers.authorization ?? '')?.[1])?.user;
    if (path === '/api/v3/user')
      return user === undefined
        ? json(401, { message: 'Bad credentials' })
        : json(200, { login: user.login, id: user.id, name: user.name, email: user.email });
    if (path === '/api/v3/user/emails')
      return user === undefined
        ? json(401, { message: 'Bad credentials' })
        : json(
            200,
            user.emails.map((e) => ({ ...e, visibility: null })),
          );
    if (request.method === 'POST' && path === '/api/graphql')
      return user === undefined ? json(401, { message: 'Bad credentials' }) : json(200, { data: { viewer: { login: user.login } } });
    return json(404, { message: 'Not Found' });
  }

  return Object.assign(deviceFlowControls(grants, tokens, server, defaultUser), {
    issuer: server.origin,
    clientId,
    disableDeviceFlow: () => {
      state.deviceFlowEnabled = false;
    },
    forgetCode: () => {
      grants.find().state = 'redeemed';
    },
    revokeApp: (token: string) => {
      tokens.end(token, { grant: true });
    },
  });
}
