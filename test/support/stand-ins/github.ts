/**
 * GitHub (Enterprise Server style: API under /api/v3) on loopback, as "Authorizing OAuth apps",
 * section "Device flow", documents it:
 * https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps#device-flow
 * - `POST /login/device/code` (client_id, scope) → device_code, user_code, verification_uri
 *   (`/login/device`), expires_in 900, interval 5; form-encoded unless `Accept: application/json`;
 * - `POST /login/oauth/access_token` (client_id, device_code, grant_type) → access_token,
 *   token_type "bearer", scope; errors with HTTP 200 and `error`, `error_description`,
 *   `error_uri`: authorization_pending, slow_down (with the new `interval`), expired_token,
 *   access_denied, incorrect_device_code, device_flow_disabled, incorrect_client_credentials;
 * - no expires_in, no refresh token, no revocation a public client may call;
 * - `GET /api/v3/user` and `GET /api/v3/user/emails` (https://docs.github.com/en/rest/users).
 */
import {
  deviceCodeGrant,
  type DeviceFlowControls,
  deviceFlowControls,
  DeviceGrants,
  form,
  json,
  opaque,
  randomCode,
  type StandInReply,
  type StandInRequest,
  startStandInServer,
  TokenLedger,
} from './stand-in-server.ts';

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
}

const docs = 'https://docs.github.com/developers/apps/authorizing-oauth-apps#error-codes-for-the-device-flow';

export async function startGitHubStandIn(options: { readonly interval?: number; readonly expiresIn?: number } = {}): Promise<GitHubStandIn> {
  const clientId = 'Iv1.device-signin-test';
  const grants = new DeviceGrants<GitHubUser>({ interval: options.interval ?? 1, expiresIn: options.expiresIn ?? 900, userCode: () => `${randomCode(4, 'BCDFGHJKLMNPQRSTVWXZ')}-${randomCode(4, 'BCDFGHJKLMNPQRSTVWXZ')}` });
  const tokens = new TokenLedger<GitHubUser>();
  const state = { deviceFlowEnabled: true };
  const server = await startStandInServer((request) => route(request));
  const defaultUser: GitHubUser = { id: 583231, login: 'octocat', name: 'The Octocat', email: null, emails: [{ email: 'octocat@example.test', primary: true, verified: true }] };

  function answer(request: StandInRequest, status: number, fields: Record<string, string | number>): StandInReply {
    return /application\/json/.test(request.headers.accept ?? '') ? json(status, fields) : form(status, fields);
  }

  function error(request: StandInRequest, name: string, description: string, extra: Record<string, number> = {}): StandInReply {
    return answer(request, 200, { error: name, error_description: description, error_uri: docs, ...extra });
  }

  function deviceCode(request: StandInRequest): StandInReply {
    if (request.form.get('client_id') !== clientId) return answer(request, 404, { error: 'Not Found' });
    if (!state.deviceFlowEnabled) return error(request, 'device_flow_disabled', 'Device Flow must be explicitly enabled for this App');
    const grant = grants.issue(clientId, request.form.get('scope') ?? '');
    return answer(request, 200, { device_code: grant.deviceCode, user_code: grant.userCode, verification_uri: `${server.origin}/login/device`, expires_in: options.expiresIn ?? 900, interval: grant.interval });
  }

  function accessToken(request: StandInRequest): StandInReply {
    if (request.form.get('client_id') !== clientId) return error(request, 'incorrect_client_credentials', 'The client_id and/or client_secret passed are incorrect.');
    if (request.form.get('grant_type') !== deviceCodeGrant) return error(request, 'unsupported_grant_type', 'The grant type is not supported.');
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
      case 'approved': {
        const user = verdict.grant.user ?? defaultUser;
        const issued = tokens.record({ user, clientId, scope: verdict.grant.scope, accessToken: opaque('gho_'), refreshToken: undefined, expiresAt: Number.MAX_SAFE_INTEGER });
        return answer(request, 200, { access_token: issued.accessToken, token_type: 'bearer', scope: verdict.grant.scope });
      }
    }
  }

  function route(request: StandInRequest): StandInReply {
    const path = request.url.pathname;
    if (request.method === 'POST' && path === '/login/device/code') return deviceCode(request);
    if (request.method === 'POST' && path === '/login/oauth/access_token') return accessToken(request);
    const user = tokens.access(request.bearer)?.user;
    if (path === '/api/v3/user') return user === undefined ? json(401, { message: 'Bad credentials' }) : json(200, { login: user.login, id: user.id, name: user.name, email: user.email });
    if (path === '/api/v3/user/emails') return user === undefined ? json(401, { message: 'Bad credentials' }) : json(200, user.emails.map((e) => ({ ...e, visibility: null })));
    return json(404, { message: 'Not Found' });
  }

  return Object.assign(deviceFlowControls(grants, tokens, server, defaultUser), {
    issuer: server.origin,
    clientId,
    disableDeviceFlow: () => {
      state.deviceFlowEnabled = false;
    },
  });
}
