/**
 * What the command line says when waiting cannot help: a server that refuses the standard
 * request (415, `protocol_mismatch`) and an answer that could not be used (`invalid_response`,
 * which after approval is a mismatch too) never borrow the "try again in a moment" of a server
 * that is down (`server_error`), in any language; they send the user to whoever runs the server.
 */
import { describe, expect, it } from 'vitest';
import { explain } from '../../src/cli/messages.ts';
import { cliTranslateIn, everyCliLanguage } from '../support/catalogs.ts';

const config = { issuer: 'https://login.example.com', clientId: 'app', scope: 'openid' };

describe('the words for a server that does not speak the standard protocol', () => {
  it('says, in English, that the server does not accept the standard request, and whom to tell', () => {
    const { what, next } = explain(cliTranslateIn('en'), 'protocol_mismatch', { config });
    expect(what).toBe(
      'The sign-in server at https://login.example.com does not accept the standard OAuth request ' +
        '(form-encoded, as RFC 6749 defines it), so the sign-in cannot finish.',
    );
    expect(next).toBe('Trying again will not help: tell whoever runs the server (--verbose shows its answer).');
  });

  it.each(everyCliLanguage)('in %s, neither it nor an unusable answer says to wait and try again', (_locale, t) => {
    const wait = explain(t, 'server_error', { config }).next.replace(/[.。]$/u, '');
    for (const code of ['protocol_mismatch', 'invalid_response'] as const)
      expect(explain(t, code, { config }).next, code).not.toContain(wait);
    const mismatch = explain(t, 'protocol_mismatch', { config });
    expect(mismatch.what).toContain(config.issuer);
    expect(mismatch.what).not.toBe(explain(t, 'invalid_response', { config }).what);
  });
});
