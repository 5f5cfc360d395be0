import { defaultScope } from '../core/config.ts';

/** `device-signin --help`: the commands, the settings and where each can also come from. */
export const usage = `Usage: device-signin <command> [options]

Commands:
  login [--json] [--no-open]   Sign in with a code you approve on another device
  status [--json]              Show who is signed in and when the access token expires
  token [--json]               Print a valid access token (refreshed when needed)
  logout [--json]              Remove the session here and revoke it at the provider
  token --format exec-credential
                               The token as a Kubernetes ExecCredential (kubectl exec)
  git-credential get|store|erase --host HOST [--username NAME]
                               A git credential helper for HOST (docs/cli.md)
  fetch [-X METHOD] [-H 'Name: value']... [--data BODY | --data @FILE] URL
                               Send one request with the session's token (and its
                               DPoP proof); the response body goes to stdout

Settings (flags win over the environment, which wins over settings.json):
  --issuer URL                 OpenID Connect issuer          (DEVICE_SIGNIN_ISSUER)
  --client-id ID               OAuth client id                (DEVICE_SIGNIN_CLIENT_ID)
  --scope "S1 S2"              Scopes to ask for              (DEVICE_SIGNIN_SCOPE)
                               default: ${defaultScope}
  --provider NAME              generic (default), github, google, entra, okta,
                               auth0 or keycloak (docs/providers.md)
                                                              (DEVICE_SIGNIN_PROVIDER)
  --device-authorization-endpoint URL, --token-endpoint URL,
  --userinfo-endpoint URL, --revocation-endpoint URL
                               Endpoints for a server without discovery, or to
                               override it (DEVICE_SIGNIN_<NAME>_ENDPOINT)
  --client-secret VALUE        For a provider that demands one of device clients
                                                              (DEVICE_SIGNIN_CLIENT_SECRET)
  --dpop auto|required|off     Bind tokens to a key of this computer (RFC 9449);
                               default auto: when the provider offers it
                                                              (DEVICE_SIGNIN_DPOP)
  --insecure-storage           Keep tokens in a 0600 file instead of the system keyring
  --proxy URL|direct           Proxy for https traffic, over CONNECT; default: HTTPS_PROXY
                               or HTTP_PROXY, minus NO_PROXY      (DEVICE_SIGNIN_PROXY)
  --ca-file PATH               Extra CA certificates (PEM), trusted besides the system's
                                                              (DEVICE_SIGNIN_CA_FILE)
  --verbose                    Add the technical detail to an error

  -h, --help                   Show this help
  --version                    Show the version

Data folder: DEVICE_SIGNIN_HOME, or the platform's config folder.
Exit status: 0 success, 1 failure (or not signed in; for fetch, a status
other than 2xx, printed on stderr), 2 usage error.`;
