import type { ErrorCode, Notice } from '../../shared/flow-state.ts';
import { leftToRight, type Translate } from '../../shared/i18n/translate.ts';

/**
 * The one place a failure code becomes words: the catalog's `error.<code>.heading` and
 * `error.<code>.sentence` (a code without both does not compile). The heading says what happened,
 * the sentence what to do about it, and neither repeats the other (test/renderer/error-words-apart.test.ts
 * holds every language to that). The core's message is technical and goes behind "Details"; these
 * are what a person reads first.
 */
export function errorHeading(t: Translate, code: ErrorCode): string {
  return t(`error.${code}.heading`);
}

export function errorSentence(t: Translate, code: ErrorCode): string {
  return t(`error.${code}.sentence`);
}

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
  // A server that refuses the standard request (415) refuses it every time: only whoever runs it can change that.
  protocol_mismatch: 'admin',
  // A server that redirects will redirect again: whoever runs it must give the app its new address.
  server_redirect: 'admin',
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
  // Signing in again with the settings as they are is the way out.
  session_elsewhere: 'retry',
};

/**
 * Whether a notice bears on the person's security and is shown as a warning: a session the
 * provider did not end (it still works there until it expires), whether at sign-out or when the
 * organization moved the sign-in elsewhere. The rest are routine notes.
 */
export function isWarning(notice: Notice): boolean {
  return notice.code === 'revocation_failed' || (notice.code === 'policy_changed' && notice.revocation !== undefined);
}

/**
 * The words for a notice to someone who is signed out, chosen by its code (and its reason). A
 * sign-out the provider did not carry out also says until when its tokens work, or, where the
 * provider names one, the page where the user can end the session (as text: the window opens no
 * page but the verification one). Whole sentences each, joined: none is cut from another.
 */
export function noticeSentence(t: Translate, notice: Notice): string {
  if (notice.code === 'storage_unavailable' && notice.storage !== undefined) return t(`storage.${notice.storage}`);
  if (notice.code === 'policy_changed') {
    const changed = t('notice.policy_changed');
    return notice.revocation === undefined ? changed : `${changed} ${t('notice.policyChangedNotEnded')}`;
  }
  if (notice.code !== 'revocation_failed' || notice.revocation === undefined) return t(`notice.${notice.code}`);
  const until =
    notice.validUntil === undefined
      ? notice.revokeAt === undefined
        ? t('notRevoked.untilExpiry')
        : undefined
      : t('notRevoked.validUntil', { until: notice.validUntil });
  const revoke = notice.revokeAt === undefined ? undefined : t('notRevoked.revokeAt', { page: leftToRight(notice.revokeAt) });
  return [t(`notRevoked.${notice.revocation}`), until, revoke].filter((part) => part !== undefined).join(' ');
}
