import { describe, expect, it } from 'vitest';
import { errorClasses, errorHeading, errorSentence, noticeSentence } from '../../src/renderer/src/error-messages.ts';
import { errorCodes, type Notice, type RevocationOutcome } from '../../src/shared/flow-state.ts';
import { leftToRight } from '../../src/shared/i18n/translate.ts';
import { everyLanguage, translateIn } from '../support/catalogs.ts';

const noticeCodes = [
  'session_ended',
  'storage_damaged',
  'revocation_failed',
  'storage_unavailable',
  'dpop_key_unusable',
  'policy_changed',
] as const satisfies readonly Notice['code'][];
const notRevoked = ['refused', 'unreachable', 'server_error', 'unsupported'] as const satisfies readonly Exclude<
  RevocationOutcome,
  'revoked'
>[];
const english = translateIn('en');

/** A notice as the core sends it, with a technical message the window must not show. */
function notice(fields: Omit<Notice, 'message'>): Notice {
  const technical = { message: 'ECONNRESET at 127.0.0.1' };
  return { ...technical, ...fields };
}

/** A sentence a person reads: finished, and without a code such as `access_denied`, in any script. */
function expectPlainSentence(sentence: string, what: string): void {
  expect(sentence, what).toMatch(/[.…。！？!?]$/u);
  expect(sentence, what).not.toMatch(/[a-z]_[a-z]/);
}

describe('the words for a failure, in every language', () => {
  it.each(everyLanguage)('%s: has a sentence and a heading of its own for every error code the core can send', (locale, t) => {
    const sentences = errorCodes.map((code) => errorSentence(t, code));
    const headings = errorCodes.map((code) => errorHeading(t, code));
    errorCodes.forEach((code, index) => {
      expectPlainSentence(sentences[index] ?? '', `${locale} ${code}`);
      // A title, not a sentence: no full stop at its end, and no code in it.
      expect(headings[index], `${locale} ${code}`).toMatch(/^[^_]+[^.。]$/u);
    });
    expect(new Set(sentences).size, locale).toBe(errorCodes.length);
    expect(new Set(headings).size, locale).toBe(errorCodes.length);
  });

  it('sends to the help desk what only whoever set the app up can fix, and offers a retry for the rest', () => {
    for (const code of [
      'discovery_unsupported',
      'insecure_uri',
      'invalid_client',
      'invalid_config',
      'invalid_scope',
      'request_rejected',
      'dpop_unsupported',
    ] as const) {
      expect(errorClasses[code], code).toBe('admin');
    }
    expect(errorCodes.filter((code) => errorClasses[code] === 'storage').sort()).toEqual(['storage_damaged', 'storage_unavailable']);
    for (const code of ['network', 'server_error', 'expired_token', 'discovery_failed'] as const)
      expect(errorClasses[code], code).toBe('retry');
  });
});

describe('the words for a notice while signed out', () => {
  it.each(everyLanguage)('%s: has a finished sentence for every notice, never the technical message', (locale, t) => {
    for (const code of noticeCodes) {
      const sentence = noticeSentence(t, notice({ code }));
      expectPlainSentence(sentence, `${locale} ${code}`);
      expect(sentence).not.toContain('ECONNRESET');
    }
  });

  it('says why a sign-out did not end the session at the provider, and until when its access lasts', () => {
    for (const revocation of notRevoked) {
      const validUntil = Date.UTC(2030, 0, 15, 12);
      const sentence = noticeSentence(english, notice({ code: 'revocation_failed', revocation, validUntil }));
      expect(sentence, revocation).toContain(english(`notRevoked.${revocation}`));
      expect(sentence, revocation).toMatch(/Its access stays valid until .*2030.*\.$/);
    }
  });

  it('writes the date the way the language does', () => {
    const validUntil = Date.UTC(2030, 0, 15, 12);
    const german = noticeSentence(translateIn('de'), notice({ code: 'revocation_failed', revocation: 'refused', validUntil }));
    expect(german).toMatch(/gültig bis 15\. Jan\. 2030, \d\d:\d\d\.$/);
  });

  it('says the session ends when its tokens expire when the provider gave no expiry', () => {
    expect(noticeSentence(english, notice({ code: 'revocation_failed', revocation: 'unreachable' }))).toBe(
      `${english('notRevoked.unreachable')} It ends when its tokens expire.`,
    );
  });

  it('names the page where the user can end a session the provider offers no way to end from here (GitHub), as left-to-right text', () => {
    const revokeAt = 'https://github.com/settings/connections/applications/Ov23li0123456789abcd';
    const sentence = noticeSentence(english, notice({ code: 'revocation_failed', revocation: 'unsupported', revokeAt }));
    expect(sentence).toBe(
      `${english('notRevoked.unsupported')} It was only forgotten here: ` +
        `to end it, open ${leftToRight(revokeAt)} and revoke this app's access.`,
    );
    expectPlainSentence(sentence, 'unsupported, with a page');
  });

  it('falls back to the general sentence when the outcome is not known', () => {
    expect(noticeSentence(english, notice({ code: 'revocation_failed' }))).toBe(english('notice.revocation_failed'));
  });

  it('says the admin’s policy is why a sign-in lasts this session only, not a missing keyring', () => {
    const policy = noticeSentence(english, notice({ code: 'storage_unavailable', storage: 'session_only_policy' }));
    const noKeyring = noticeSentence(english, notice({ code: 'storage_unavailable', storage: 'no_keyring' }));
    expect(policy).toMatch(/organization/);
    expect(policy).not.toMatch(/can't store/);
    expect(noKeyring).toMatch(/can't store your sign-in securely/);
    for (const why of ['session_only_policy', 'no_keyring', 'keyring_unreadable'] as const) {
      expectPlainSentence(english(`storage.${why}`), why);
    }
  });
});
