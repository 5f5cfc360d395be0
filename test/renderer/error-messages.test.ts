import { describe, expect, it } from 'vitest';
import { errorCodes, type Notice, type RevocationOutcome } from '../../src/shared/flow-state.ts';
import { errorClasses, errorHeadings, errorSentences, noticeSentence, noticeSentences, notRevokedSentences, storageSentences } from '../../src/renderer/src/error-messages.ts';

const noticeCodes = ['session_ended', 'storage_damaged', 'revocation_failed', 'storage_unavailable', 'dpop_key_unusable', 'policy_changed'] as const satisfies readonly Notice['code'][];
const notRevoked = ['refused', 'unreachable', 'server_error', 'unsupported'] as const satisfies readonly Exclude<RevocationOutcome, 'revoked'>[];

/** A notice as the core sends it, with a technical message the window must not show. */
function notice(fields: Omit<Notice, 'message'>): Notice {
  const technical = { message: 'ECONNRESET at 127.0.0.1' };
  return { ...technical, ...fields };
}

/** A sentence a person reads: capitalised, finished, and without a code such as `access_denied`. */
function expectPlainSentence(sentence: string | undefined, what: string): void {
  expect(sentence, what).toMatch(/^[A-Z].*[.…]$/);
  expect(sentence, what).not.toMatch(/[a-z]_[a-z]/);
}

describe('the words for a failure', () => {
  it('has one sentence for every error code the core can send, and none for a code it cannot', () => {
    expect(Object.keys(errorSentences).sort()).toEqual([...errorCodes].sort());
    for (const code of errorCodes) expectPlainSentence(errorSentences[code], code);
  });

  it('says something different for each code', () => {
    expect(new Set(Object.values(errorSentences)).size).toBe(errorCodes.length);
  });

  it('gives every error screen a heading of its own', () => {
    expect(Object.keys(errorHeadings).sort()).toEqual([...errorCodes].sort());
    expect(new Set(Object.values(errorHeadings)).size).toBe(errorCodes.length);
    for (const code of errorCodes) expect(errorHeadings[code], code).toMatch(/^[A-Z][^_]+[^.]$/);
  });

  it('sends to the help desk what only whoever set the app up can fix, and offers a retry for the rest', () => {
    for (const code of ['discovery_unsupported', 'insecure_uri', 'invalid_client', 'invalid_config', 'invalid_scope', 'request_rejected', 'dpop_unsupported'] as const) {
      expect(errorClasses[code], code).toBe('admin');
    }
    expect(errorCodes.filter((code) => errorClasses[code] === 'storage').sort()).toEqual(['storage_damaged', 'storage_unavailable']);
    for (const code of ['network', 'server_error', 'expired_token', 'discovery_failed'] as const) expect(errorClasses[code], code).toBe('retry');
  });
});

describe('the words for a notice while signed out', () => {
  it('has a sentence for every notice', () => {
    expect(Object.keys(noticeSentences).sort()).toEqual([...noticeCodes].sort());
    for (const code of noticeCodes) expectPlainSentence(noticeSentence(notice({ code })), code);
  });

  it('never shows the technical message, which belongs behind Details', () => {
    for (const code of noticeCodes) expect(noticeSentence(notice({ code }))).not.toContain('ECONNRESET');
  });

  it('says why a sign-out did not end the session at the provider, and until when its access lasts', () => {
    for (const revocation of notRevoked) {
      const validUntil = Date.UTC(2030, 0, 15, 12);
      const sentence = noticeSentence(notice({ code: 'revocation_failed', revocation, validUntil }));
      expect(sentence, revocation).toContain(notRevokedSentences[revocation]);
      expect(sentence, revocation).toMatch(/Its access stays valid until .*2030.*\.$/);
    }
  });

  it('says the session ends when its tokens expire when the provider gave no expiry', () => {
    expect(noticeSentence(notice({ code: 'revocation_failed', revocation: 'unreachable' }))).toBe(
      `${notRevokedSentences.unreachable} It ends when its tokens expire.`,
    );
  });

  it('names the page where the user can end a session the provider offers no way to end from here (GitHub), as text', () => {
    const revokeAt = 'https://github.com/settings/connections/applications/Ov23li0123456789abcd';
    const sentence = noticeSentence(notice({ code: 'revocation_failed', revocation: 'unsupported', revokeAt }));
    expect(sentence).toBe(`${notRevokedSentences.unsupported} It was only forgotten here: to end it, open ${revokeAt} and revoke this app's access.`);
    expectPlainSentence(sentence, 'unsupported, with a page');
  });

  it('falls back to the general sentence when the outcome is not known', () => {
    expect(noticeSentence(notice({ code: 'revocation_failed' }))).toBe(noticeSentences.revocation_failed);
  });

  it('says the admin’s policy is why a sign-in lasts this session only, not a missing keyring', () => {
    const policy = noticeSentence(notice({ code: 'storage_unavailable', storage: 'session_only_policy' }));
    const noKeyring = noticeSentence(notice({ code: 'storage_unavailable', storage: 'no_keyring' }));
    expect(policy).toMatch(/organization/);
    expect(policy).not.toMatch(/can't store/);
    expect(noKeyring).toMatch(/can't store your sign-in securely/);
    for (const why of ['session_only_policy', 'no_keyring', 'keyring_unreadable'] as const) {
      expectPlainSentence(storageSentences[why], why);
    }
  });
});
