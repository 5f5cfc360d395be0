/**
 * The Google stand-in's users and its one OAuth client, as Google documents them:
 * - https://developers.google.com/identity/protocols/oauth2/limited-input-device (only a "TVs and
 *   Limited Input devices" client may use the flow; the token endpoint wants its client secret);
 * - https://developers.google.com/identity/openid-connect/openid-connect (the user's claims: `sub`,
 *   the name and email claims, `hd` for a Google Workspace domain).
 */
import type { StandInState } from './device-grants.ts';
import type { GoogleStandInOptions } from './google.ts';
import { json, type StandInReply, type StandInRequest } from './stand-in-server.ts';

export interface GoogleUser {
  readonly sub: string;
  readonly name?: string;
  readonly given_name?: string;
  readonly family_name?: string;
  readonly email?: string;
  readonly email_verified?: boolean;
  readonly picture?: string;
  /** The Google Workspace domain, for its members. */
  readonly hd?: string;
}

export const googleDefaultUser: GoogleUser = {
  sub: '110169484474386276334',
  name: 'Grace Hopper',
  given_name: 'Grace',
  family_name: 'Hopper',
  email: 'grace@example.test',
  email_verified: true,
  picture: 'https://lh3.googleusercontent.com/a/example',
};

/** The Google stand-in's state: its client's secret, and whether it is over its quota. */
export interface GoogleAccounts extends StandInState<GoogleUser, GoogleStandInOptions> {
  readonly clientSecret: string;
  /** The next device code request is over the client's quota. */
  overQuota: boolean;
}

/**
 * The client must be a TV client; the token endpoint also wants its client secret
 * (client_secret_post, or HTTP Basic), which the device code endpoint takes but does not need.
 */
export function clientRefusal(accounts: GoogleAccounts, request: StandInRequest, secretRequired: boolean): StandInReply | undefined {
  const id = request.form.get('client_id') ?? request.basic?.id;
  const secret = request.form.get('client_secret') ?? request.basic?.secret;
  if (id !== accounts.clientId) return json(401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
  if ((accounts.options.clientType ?? 'tv') !== 'tv')
    return json(401, { error: 'invalid_client', error_description: 'Invalid client type.' });
  if (secret === undefined && secretRequired)
    return json(400, { error: 'invalid_request', error_description: 'client_secret is missing.' });
  if (secret !== undefined && secret !== accounts.clientSecret)
    return json(401, { error: 'invalid_client', error_description: 'Unauthorized' });
  return undefined;
}
