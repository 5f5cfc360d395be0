import type { ClientConfig } from '../core/config.ts';
import type { ErrorCode, Profile } from '../shared/flow-state.ts';

/** One sentence of what happened and one of what to do: everything an expected failure prints. */
export interface Explanation {
  readonly what: string;
  readonly next: string;
}

export interface ExplainContext {
  readonly config?: Pick<ClientConfig, 'issuer' | 'clientId' | 'scope'>;
  /** The core's own message, for the codes whose words depend on it (invalid_config, insecure_uri). */
  readonly detail?: string;
  /** A session saved with --insecure-storage exists, but this command was run without the flag. */
  readonly sessionFileExists?: boolean;
}

const again = 'Run `device-signin login` to sign in again.';

/** The one place where the command line turns a failure code into words. */
export function explain(code: ErrorCode, context: ExplainContext = {}): Explanation {
  const issuer = context.config?.issuer ?? 'the sign-in server';
  switch (code) {
    case 'discovery_unsupported':
      return {
        what: `The provider at ${issuer} does not offer sign-in with a code on another device (no device authorization endpoint).`,
        next: 'Check the issuer URL, or ask the provider’s administrator to enable the device flow for this client.',
      };
    case 'discovery_failed':
      return { what: `The sign-in settings of ${issuer} could not be read.`, next: 'Check the issuer URL (--issuer or DEVICE_SIGNIN_ISSUER) and try again.' };
    case 'invalid_response':
      return { what: 'The sign-in server sent an answer that could not be used.', next: 'Try again in a moment; if it keeps happening, tell whoever runs the server.' };
    case 'insecure_uri':
      return {
        what: context.detail ?? 'The sign-in server gave an address that is not secure, so it was not used.',
        next: 'Use an https issuer; plain http is accepted only for this computer (localhost, 127.0.0.1, ::1).',
      };
    case 'network':
      return { what: `Could not reach ${issuer}.`, next: 'Check your network connection and the issuer URL, then try again.' };
    case 'tls_untrusted':
    case 'tls_hostname':
    case 'proxy':
    case 'proxy_auth':
      return explainNetwork(code, issuer);
    case 'expired_token':
      return { what: 'The code expired before it was approved.', next: 'Run `device-signin login` again for a new code.' };
    case 'access_denied':
      return { what: 'The sign-in was declined on the other device.', next: 'Run `device-signin login` again if that was a mistake.' };
    case 'server_error':
      return { what: 'The sign-in server had a problem.', next: 'Try again in a moment.' };
    case 'request_rejected':
      return { what: 'The sign-in server turned the request down.', next: 'Check the client id and scope settings, or ask whoever runs the server.' };
    case 'invalid_client':
      return {
        what: `The sign-in server does not accept the client id "${context.config?.clientId ?? ''}" for this kind of sign-in.`,
        next: 'Check --client-id or DEVICE_SIGNIN_CLIENT_ID.',
      };
    case 'device_flow_disabled':
      return {
        what: `The sign-in server has device sign-in turned off for the client id "${context.config?.clientId ?? ''}".`,
        next: 'Ask its owner to enable the device flow in the app’s settings (on GitHub: Settings, Developer settings, the OAuth app, "Enable Device Flow").',
      };
    case 'invalid_scope':
      return { what: `The sign-in server refused the scope "${context.config?.scope ?? ''}".`, next: 'Check --scope or DEVICE_SIGNIN_SCOPE.' };
    case 'storage_unavailable':
      return {
        what: 'Your sign-in cannot be kept safely here: no usable system keyring was found.',
        next: context.sessionFileExists === true
          ? 'You signed in with --insecure-storage earlier: pass it again.'
          : 'Start a keyring service (such as gnome-keyring), or pass --insecure-storage to keep the tokens in a file only you can read.',
      };
    case 'storage_damaged':
      return { what: 'Your saved sign-in was damaged, so it has been set aside.', next: again };
    case 'session_ended':
      return { what: `Your session at ${issuer} has ended.`, next: again };
    case 'not_signed_in':
      return {
        what: `You're not signed in to ${issuer}.`,
        next: context.sessionFileExists === true
          ? 'You signed in with --insecure-storage: pass it again.'
          : 'Run `device-signin login` to sign in.',
      };
    case 'invalid_config':
      return {
        what: context.detail ?? 'The sign-in settings are not valid.',
        next: 'Fix --issuer/--client-id/--scope, the DEVICE_SIGNIN_* variables, or settings.json.',
      };
    case 'dpop_unsupported':
      return {
        what: `DPoP is required (tokens bound to this computer), but ${issuer} does not offer it.`,
        next: 'Ask whoever runs the server to enable DPoP (RFC 9449), or set --dpop auto (DEVICE_SIGNIN_DPOP) if your policy allows bearer tokens.',
      };
    case 'dpop_key_unusable':
      return { what: 'The key that binds your saved sign-in to this computer is missing or damaged, so the session cannot be used.', next: again };
  }
}

export function sentence(explanation: Explanation): string {
  return `${explanation.what} ${explanation.next}`;
}

/** "Alice <alice@example.test> (alice)", or the subject alone: who is signed in, as every command says it. */
export function whoIsSignedIn(profile: Pick<Profile, 'sub' | 'name' | 'email'>): string {
  const who = [profile.name, profile.email === undefined ? undefined : `<${profile.email}>`].filter((part) => part !== undefined).join(' ');
  return who === '' ? profile.sub : `${who} (${profile.sub})`;
}

/** The corporate-network failures (src/cli/network.ts): each has its own way out. */
function explainNetwork(code: 'tls_untrusted' | 'tls_hostname' | 'proxy' | 'proxy_auth', issuer: string): Explanation {
  switch (code) {
    case 'tls_untrusted':
      return {
        what: `The certificate of ${issuer} is not signed by an authority this computer trusts; the network may be inspecting secure connections.`,
        next: "Ask IT for the company's CA certificate and pass it with --ca-file PATH (or DEVICE_SIGNIN_CA_FILE), or install it in the system's certificate store.",
      };
    case 'tls_hostname':
      return { what: `The certificate ${issuer} presented is for a different host name.`, next: 'Check the issuer URL; if it is right, tell whoever runs the server (--verbose shows the details).' };
    case 'proxy':
      return { what: `The proxy could not be reached, or refused to connect to ${issuer}.`, next: 'Check HTTPS_PROXY, --proxy or DEVICE_SIGNIN_PROXY (`--proxy direct` goes without one); --verbose shows the proxy used.' };
    case 'proxy_auth':
      return { what: 'The proxy asked for credentials (HTTP 407).', next: 'Put them in the proxy URL (http://user:password@proxy:port) or ask IT for a proxy that needs none.' };
  }
}
