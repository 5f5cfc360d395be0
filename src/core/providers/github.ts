import { CancelledError, SignInError } from '../errors.ts';
import type { ClaimsContext, ProviderProfile } from './profile.ts';

/**
 * GitHub and GitHub Enterprise Server, from "Authorizing OAuth apps", section "Device flow"
 * (https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps#device-flow):
 * - no discovery: `POST {host}/login/device/code`, then poll `POST {host}/login/oauth/access_token`;
 *   both answer form-encoded unless `Accept: application/json` is sent. oauth4webapi sends it on
 *   every OAuth request, and the dialect fetch reads a form answer all the same, so the profile
 *   adds no header (one on every request would also replace the REST API's media type below);
 * - polling errors come back with HTTP 200 (`authorization_pending`, `slow_down` with the new
 *   `interval`, `expired_token`, `access_denied`, `incorrect_device_code`,
 *   `incorrect_client_credentials`, `unsupported_grant_type`); the dialect fetch gives them 400
 *   (the page shows the bodies, not the status; gh's own client, cli/oauth, reads `error` at any).
 *   `device_flow_disabled` answers the device code request (with 400, as cli/oauth expects it);
 * - an OAuth app's token has no `expires_in` and comes without a refresh token; a GitHub App's
 *   expires and is renewed by the RFC 6749 §6 refresh, with no client secret for a token from
 *   the device flow, and a refused one is `bad_refresh_token` with HTTP 200 (read as the 400 it
 *   stands for)
 *   (https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens);
 * - a public client cannot revoke a token: "Deleting an app authorization" needs the client secret
 *   (https://docs.github.com/en/rest/apps/oauth-applications#delete-an-app-authorization), so
 *   sign-out only forgets it here and names the page where the user reviews and revokes this
 *   app (#directing-users-to-review-their-access);
 * - who signed in comes from the REST API, `GET /user`, and `GET /user/emails` when the public
 *   email is empty (https://docs.github.com/en/rest/users/users#get-the-authenticated-user,
 *   https://docs.github.com/en/rest/users/emails#list-email-addresses-for-the-authenticated-user),
 *   at https://api.github.com for github.com and at `{host}/api/v3` on Enterprise Server
 *   (https://docs.github.com/en/enterprise-server@latest/rest/quickstart);
 * - no DPoP (RFC 9449): GitHub issues bearer tokens only, and with no discovery there is no
 *   `dpop_signing_alg_values_supported` to find, so the profile says `off` outright.
 */
export const githubProfile: ProviderProfile = {
  name: 'github',
  displayName: 'GitHub',
  defaultIssuer: 'https://github.com',
  endpoints: (issuer) => ({
    deviceAuthorization: `${base(issuer)}/login/device/code`,
    token: `${base(issuer)}/login/oauth/access_token`,
  }),
  fetchClaims: (accessToken, context, signal) => githubClaims(accessToken, context, signal),
  // "Directing users to review their access" (same page): `{host}/settings/connections/applications/:client_id`.
  dpop: 'off',
  revokeHelpUrl: (issuer, clientId) => `${base(issuer)}/settings/connections/applications/${encodeURIComponent(clientId)}`,
};

function base(issuer: URL): string {
  return issuer.href.replace(/\/+$/, '');
}

/** The REST API root: api.github.com for github.com, `{host}/api/v3` for Enterprise Server. */
export function githubApiBase(issuer: URL): string {
  return issuer.hostname === 'github.com' ? 'https://api.github.com' : `${base(issuer)}/api/v3`;
}

interface GitHubUser {
  readonly id?: unknown;
  readonly login?: unknown;
  readonly name?: unknown;
  readonly email?: unknown;
}

interface GitHubEmail {
  readonly email?: unknown;
  readonly primary?: unknown;
  readonly verified?: unknown;
}

/** OpenID-shaped claims from GitHub's REST API: `sub` is the numeric id, which never changes (logins do). */
async function githubClaims(accessToken: string, context: ClaimsContext, signal?: AbortSignal): Promise<Readonly<Record<string, unknown>>> {
  const api = githubApiBase(context.issuer);
  const user = (await getJson(`${api}/user`, accessToken, context, signal)) as GitHubUser;
  if (typeof user.id !== 'number' && typeof user.id !== 'string') {
    throw new SignInError('invalid_response', 'GitHub did not say who signed in (no id from /user).');
  }
  let email: { email: string; email_verified?: boolean } | undefined =
    typeof user.email === 'string' && user.email !== '' ? { email: user.email } : undefined;
  if (email === undefined) {
    // A private email shows only in /user/emails (the user:email scope); without it there is none to show.
    const emails = await getJson(`${api}/user/emails`, accessToken, context, signal).catch((error: unknown) => {
      if (error instanceof CancelledError) throw error;
      return [];
    });
    const primary = Array.isArray(emails)
      ? (emails as GitHubEmail[]).find((entry) => entry.primary === true && typeof entry.email === 'string')
      : undefined;
    if (typeof primary?.email === 'string') email = { email: primary.email, email_verified: primary.verified === true };
  }
  return {
    sub: String(user.id),
    ...(typeof user.login === 'string' ? { preferred_username: user.login } : {}),
    ...(typeof user.name === 'string' && user.name !== '' ? { name: user.name } : {}),
    ...email,
  };
}

async function getJson(url: string, accessToken: string, context: ClaimsContext, signal?: AbortSignal): Promise<unknown> {
  const response = await context.fetch(url, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
    ...(signal === undefined ? {} : { signal }),
  });
  if (!response.ok) throw new SignInError('invalid_response', `GitHub's ${new URL(url).pathname} answered ${response.status}.`);
  try {
    return await response.json();
  } catch {
    throw new SignInError('invalid_response', `GitHub's ${new URL(url).pathname} did not answer JSON.`);
  }
}
