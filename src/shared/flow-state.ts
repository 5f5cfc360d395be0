/**
 * The sign-in state as every front end sees it: the Electron window, the browser bridge used in
 * tests, and the command line. It carries what a person needs to act on and nothing secret: no
 * access, refresh or ID token and no device code ever appears here.
 */
import type { SettingProblem } from '../core/setting-problem.ts';

/** Stable failure codes. Front ends turn these into sentences in one place each. */
export const errorCodes = [
  'discovery_unsupported',
  'discovery_failed',
  'invalid_response',
  /**
   * The server does not take a request in the form its RFC gives: a token endpoint that answers
   * 415 to form encoding (RFC 6749 Appendix B). Waiting cannot help; whoever runs it can.
   */
  'protocol_mismatch',
  /** The server answered with a redirect (3xx), which is never followed: its address is not where it now lives. */
  'server_redirect',
  'insecure_uri',
  'network',
  /** A certificate no trusted authority signed: often a network that inspects secure connections. */
  'tls_untrusted',
  'tls_hostname',
  /** The proxy could not be reached or refused; `proxy_auth`: it answered 407. */
  'proxy',
  'proxy_auth',
  'expired_token',
  'access_denied',
  'server_error',
  'request_rejected',
  'invalid_client',
  /** The provider has device sign-in turned off for this client (GitHub's `device_flow_disabled`). */
  'device_flow_disabled',
  'invalid_scope',
  'storage_unavailable',
  'storage_damaged',
  'session_ended',
  'not_signed_in',
  'invalid_config',
  /** DPoP (RFC 9449) is required, but the provider offers none this app can use, or issued a bearer token anyway. */
  'dpop_unsupported',
  /** A kept session's DPoP key is missing or damaged: its tokens are useless without it, so it is signed out. */
  'dpop_key_unusable',
  /**
   * The settings name another token, revocation or userinfo endpoint than the kept session was
   * issued by: its tokens are not sent there.
   */
  'session_elsewhere',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/**
 * The signed-in person, named by their OpenID Connect claims. A plain OAuth 2.0 device server
 * (RFC 8628 §3.5, RFC 6749 §5.1: no ID token, no userinfo) says nothing of who signed in: then
 * there is no `sub`, and the session is an account at the issuer's host without a name.
 */
export interface Profile {
  readonly issuer: string;
  readonly sub?: string;
  readonly name?: string;
  readonly email?: string;
  readonly email_verified?: boolean;
  readonly picture?: string;
  /** Set when the provider asserts that the sign-in used a hardware authenticator. */
  readonly hardware_verified?: boolean;
  /** The authenticator model (AAGUID) the provider reports alongside `hardware_verified`. */
  readonly hardware_aaguid?: string;
}

/** Why polling is currently waiting longer than usual, when it is. */
export interface Retrying {
  readonly reason: 'network' | 'timeout' | 'server_error' | 'rate_limited';
  /** Consecutive failed polls so far. */
  readonly attempt: number;
  /** Epoch milliseconds of the next attempt. */
  readonly nextAttemptAt: number;
}

/**
 * Something a person should know while signed out: why the session ended, that stored data was
 * damaged and set aside, that sign-out could not reach the provider, that this desktop cannot
 * protect stored tokens (then signing in keeps them in memory for this session only, by choice),
 * or that the organization's policy now signs in elsewhere (`policy_changed`), so the session
 * for the old issuer or client was signed out. A code and data only: each front end words it
 * (the window's catalog, the command line's messages); the core's English stays in the log.
 */
export interface Notice {
  readonly code:
    | 'session_ended'
    | 'storage_damaged'
    | 'revocation_failed'
    | 'storage_unavailable'
    | 'dpop_key_unusable'
    | 'policy_changed'
    | 'session_elsewhere';
  /** With `session_elsewhere`: which endpoint the settings name differently, and the one that issued the kept session. */
  readonly endpoint?: 'token' | 'revocation' | 'userinfo';
  readonly issuedBy?: string;
  /** With `policy_changed`: the issuer the signed-out session was for (the new one is the environment's `issuer`). */
  readonly previousIssuer?: string;
  /** With `storage_unavailable`: why nothing can be stored, for the words the window chooses. */
  readonly storage?: StorageUnavailableReason;
  /** With `revocation_failed`, and with `policy_changed` when the old provider did not end the session: why not. */
  readonly revocation?: Exclude<RevocationOutcome, 'revoked'>;
  /** With `revocation_failed`: epoch milliseconds until which the access token still works, when known. */
  readonly validUntil?: number;
  /**
   * With `revocation_failed` and `unsupported`: the page where the user can end the grant
   * themselves (GitHub's for this app), for a front end to show as text.
   */
  readonly revokeAt?: string;
}

/**
 * What the provider did when asked to end the session at sign-out (RFC 7009): it `revoked` it,
 * `refused` (a 4xx), was `unreachable`, had a `server_error` (5xx), or the revocation is
 * `unsupported` (no endpoint, or one this client may not use). Sign-out wipes the session on
 * this computer in every case.
 */
export type RevocationOutcome = 'revoked' | 'refused' | 'unreachable' | 'server_error' | 'unsupported';

/**
 * Why a sign-in cannot be kept on this computer: the admin wants sign-ins in memory only
 * (`tokenStorage: "session-only"`), there is nothing here to protect them with, or the keyring
 * that holds a saved one could not be read.
 */
export type StorageUnavailableReason = 'session_only_policy' | 'no_keyring' | 'keyring_unreadable';

/**
 * A device code as the user is shown it: RFC 8628 §3.2's response without the secret
 * `device_code`, its lifetime made absolute. Declared once; the protocol's answer, the flow's
 * `code` event and the `awaiting_user` state all carry it, and each front end formats it.
 */
export interface ShownCode {
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete?: string;
  /** Epoch milliseconds when the code stops working. */
  readonly expiresAt: number;
  /** Seconds between polls. */
  readonly interval: number;
}

/** Where the session lives: protected storage, or memory only (gone when the app quits). */
export type Persistence = 'stored' | 'session_only';

export type FlowState =
  | { readonly status: 'idle'; readonly notice?: Notice }
  /** Opening a stored session (refreshing it if needed) at start-up, without showing a code. */
  | { readonly status: 'restoring' }
  | { readonly status: 'requesting' }
  | ({
      readonly status: 'awaiting_user';
      /** The server asked us to poll less often at least once (`interval` includes the increases). */
      readonly slowedDown: boolean;
      readonly retrying?: Retrying;
    } & ShownCode)
  | {
      readonly status: 'signed_in';
      readonly profile: Profile;
      readonly persistence: Persistence;
      /** The tokens are bound to a key of this computer's (DPoP, RFC 9449): copied elsewhere they are useless. */
      readonly deviceBound?: boolean;
    }
  /** Signing out: revoking at the provider, then wiping local data. */
  | { readonly status: 'signing_out' }
  | { readonly status: 'expired' }
  | { readonly status: 'denied'; readonly description?: string }
  /**
   * `message` is the core's technical account, shown behind "Details"; `problem`, when a setting
   * caused the failure, says which and with what values, for the command line to word by its rule
   * (the window words no setting: its settings are the admin's, so it names the code, offers the
   * help desk and keeps the message in Details, and public-state.ts does not pass `problem` on).
   */
  | { readonly status: 'error'; readonly code: ErrorCode; readonly message: string; readonly problem?: SettingProblem };

export type FlowStatus = FlowState['status'];
