/**
 * Which keyring entry holds which session. The app and the command line keep separate sessions
 * on purpose, as GitHub Desktop and gh do: the app's session belongs to the single-instance app
 * and its background refresh; a command line signed in on an SSH box must not sign in the
 * desktop user's window; and one rotating refresh token must not be refreshed from two places
 * that share no lock. Each files one entry per issuer and client id, so signing in to another
 * provider never overwrites a session.
 */
import type { ClientConfig } from '../config.ts';

type FrontEnd = 'app' | 'cli';

export interface KeyringEntryName {
  readonly service: string;
  readonly account: string;
}

const services: { readonly [Front in FrontEnd]: string } = { app: 'Device Sign-In', cli: 'device-signin' };

/**
 * The entry of one front end's session with one issuer and client id, or its throwaway `probe`
 * entry (no session account can be called that: every one has an `@`).
 */
export function keyringEntryName(frontEnd: FrontEnd, of: Pick<ClientConfig, 'issuer' | 'clientId'> | 'probe'): KeyringEntryName {
  return { service: services[frontEnd], account: of === 'probe' ? 'probe' : `${of.clientId}@${of.issuer}` };
}
