import type { ErrorCode, Notice, RevocationOutcome, StorageUnavailableReason } from '../../shared/flow-state.ts';

/**
 * The one place a failure code becomes words. The core's message is technical and goes behind
 * "Details"; these are what a person reads first.
 */
export const errorSentences: { readonly [Code in ErrorCode]: string } = {
  discovery_unsupported: "This sign-in provider doesn't support signing in with a code from another device.",
  discovery_failed: "We couldn't read the sign-in provider's settings.",
  invalid_response: "The sign-in server sent a reply we couldn't understand.",
  insecure_uri: "The sign-in server gave an address that isn't secure, so we stopped.",
  network: "We couldn't reach the sign-in server. Check your internet connection.",
  tls_untrusted:
    "This computer doesn't trust the sign-in server's certificate. Your network may be inspecting secure connections; ask your IT team to install its certificate.",
  tls_hostname: "The sign-in server's certificate is for a different address, so we stopped.",
  proxy: "We couldn't get through your network's proxy to the sign-in server.",
  proxy_auth: "Your network's proxy asked for a sign-in this app can't give. Ask your IT team.",
  expired_token: 'The code expired before it was approved.',
  access_denied: 'The sign-in was declined.',
  server_error: 'The sign-in server had a problem. Please try again in a moment.',
  request_rejected: 'The sign-in server turned down the request from this app.',
  invalid_client: "This app isn't registered with the sign-in provider.",
  device_flow_disabled: 'Signing in with a code is turned off for this app at the sign-in provider.',
  invalid_scope: 'The sign-in provider refused the access this app asks for.',
  storage_unavailable: "Your sign-in couldn't be saved securely on this computer.",
  storage_damaged: 'The saved sign-in on this computer was damaged, so it was set aside.',
  session_ended: 'Your session ended. Please sign in again.',
  not_signed_in: "You're not signed in.",
  invalid_config: "The app's sign-in settings are missing or wrong. Ask whoever set it up.",
  dpop_unsupported: "Your organization requires sign-ins bound to this device, and this sign-in provider can't bind them.",
  dpop_key_unusable: 'The key that ties your saved sign-in to this computer is missing or damaged, so you were signed out.',
};

/**
 * The way out of each failure: `retry` is worth another go, `admin` only whoever set the app up
 * can fix (so the window offers the help desk and a copy of the details, not "Try again"), and
 * `storage` is about keeping the sign-in on this computer.
 */
export type ErrorClass = 'retry' | 'admin' | 'storage';

export const errorClasses: { readonly [Code in ErrorCode]: ErrorClass } = {
  discovery_unsupported: 'admin',
  // A provider that is down or behind a captive portal answers garbage for a while: worth a retry.
  discovery_failed: 'retry',
  invalid_response: 'retry',
  insecure_uri: 'admin',
  network: 'retry',
  tls_untrusted: 'admin',
  tls_hostname: 'admin',
  proxy: 'retry',
  proxy_auth: 'admin',
  expired_token: 'retry',
  access_denied: 'retry',
  server_error: 'retry',
  request_rejected: 'admin',
  invalid_client: 'admin',
  device_flow_disabled: 'admin',
  invalid_scope: 'admin',
  storage_unavailable: 'storage',
  storage_damaged: 'storage',
  session_ended: 'retry',
  not_signed_in: 'retry',
  invalid_config: 'admin',
  dpop_unsupported: 'admin',
  dpop_key_unusable: 'retry',
};

/** Each error screen's title: what went wrong, in a few words. */
export const errorHeadings: { readonly [Code in ErrorCode]: string } = {
  discovery_unsupported: "This provider can't sign in with a code",
  discovery_failed: "Couldn't read the provider's settings",
  invalid_response: 'Unexpected reply from the sign-in server',
  insecure_uri: 'Stopped: an address was not secure',
  network: "Can't reach the sign-in server",
  tls_untrusted: "The server's certificate isn't trusted",
  tls_hostname: "The server's certificate doesn't match",
  proxy: "Can't get through the proxy",
  proxy_auth: 'The proxy wants a sign-in',
  expired_token: 'The code expired',
  access_denied: 'Sign-in was declined',
  server_error: 'The sign-in server had a problem',
  request_rejected: 'The sign-in server refused this app',
  invalid_client: "This app isn't set up with the provider",
  device_flow_disabled: 'Sign-in with a code is turned off',
  invalid_scope: "The provider refused this app's access",
  storage_unavailable: "Can't keep your sign-in on this computer",
  storage_damaged: 'Your saved sign-in was damaged',
  session_ended: 'Your session ended',
  not_signed_in: "You're not signed in",
  invalid_config: 'The sign-in settings need fixing',
  dpop_unsupported: "The provider can't bind sign-ins to this device",
  dpop_key_unusable: "This computer's sign-in key is missing",
};

/** What to tell someone who is signed out about how they got there. */
export const noticeSentences: { readonly [Code in Notice['code']]: string } = {
  session_ended: 'Your session ended, so you were signed out. Sign in again to continue.',
  storage_damaged: 'Your saved sign-in was damaged and has been set aside. Please sign in again.',
  revocation_failed: "You're signed out on this computer, but the sign-in server didn't end the session there.",
  storage_unavailable:
    "This computer can't store your sign-in securely, so it will last only until you quit the app.",
  dpop_key_unusable: 'The key that ties your saved sign-in to this computer is missing or damaged, so you were signed out. Please sign in again.',
  policy_changed: 'Your organization changed where you sign in, so you were signed out. Sign in again to continue.',
};

/** Why this computer cannot keep the sign-in: the admin's policy is not a missing keyring. */
export const storageSentences: { readonly [Why in StorageUnavailableReason]: string } = {
  session_only_policy: 'Your organization keeps sign-ins on this computer for this session only: you will sign in again after you quit the app.',
  no_keyring: "This computer can't store your sign-in securely, so it will last only until you quit the app.",
  keyring_unreadable: "Your saved sign-in couldn't be read from the system keyring. Please sign in again.",
};

/** After a sign-out the provider did not carry out: what it did, one sentence per outcome. */
export const notRevokedSentences: { readonly [Outcome in Exclude<RevocationOutcome, 'revoked'>]: string } = {
  refused: "You're signed out on this computer. The sign-in server refused to end the session there.",
  unreachable: "You're signed out on this computer. The sign-in server couldn't be reached, so the session wasn't ended there.",
  server_error: "You're signed out on this computer. The sign-in server had a problem and didn't end the session there.",
  unsupported: "You're signed out on this computer. This sign-in server offers no way to end the session from here.",
};

/**
 * The words for a notice; a sign-out the provider did not carry out also says until when its
 * tokens work, or, where the provider names one, the page where the user can end the session
 * (as text: the window opens no page but the verification one).
 */
export function noticeSentence(notice: Notice): string {
  if (notice.code === 'storage_unavailable' && notice.storage !== undefined) return storageSentences[notice.storage];
  if (notice.code !== 'revocation_failed' || notice.revocation === undefined) return noticeSentences[notice.code];
  const until =
    notice.validUntil === undefined
      ? notice.revokeAt === undefined
        ? 'It ends when its tokens expire.'
        : undefined
      : `Its access stays valid until ${new Date(notice.validUntil).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}.`;
  const revoke = notice.revokeAt === undefined ? undefined : `It was only forgotten here: to end it, open ${notice.revokeAt} and revoke this app's access.`;
  return [notRevokedSentences[notice.revocation], until, revoke].filter((part) => part !== undefined).join(' ');
}
