/**
 * The window's words for a server that refuses the standard request (415, `protocol_mismatch`):
 * a heading and a sentence of their own in every language, and the help desk instead of a
 * "Try again" that would be refused the same way.
 */
import { describe, expect, it } from 'vitest';
import { errorClasses, errorHeading, errorSentence } from '../../src/renderer/src/error-messages.ts';
import { everyLanguage, translateIn } from '../support/catalogs.ts';

describe('the window, when the sign-in server does not take the standard request', () => {
  it('says so in English, without asking to try again', () => {
    const english = translateIn('en');
    expect(errorHeading(english, 'protocol_mismatch')).toBe("The sign-in server doesn't take standard requests");
    expect(errorSentence(english, 'protocol_mismatch')).toBe('Ask whoever runs that server to accept the standard request from this app.');
    expect(errorSentence(english, 'protocol_mismatch')).not.toMatch(/try again/i);
  });

  it('offers the help desk and the details, not a retry', () => {
    expect(errorClasses.protocol_mismatch).toBe('admin');
  });

  it.each(everyLanguage)('%s: words it apart from an unreadable reply and from a server that is down', (_locale, t) => {
    const sentence = errorSentence(t, 'protocol_mismatch');
    expect(sentence).not.toBe(errorSentence(t, 'invalid_response'));
    expect(sentence).not.toBe(errorSentence(t, 'server_error'));
    expect(errorHeading(t, 'protocol_mismatch')).not.toBe(errorHeading(t, 'invalid_response'));
  });
});
