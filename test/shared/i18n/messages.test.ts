import { setupI18n } from '@lingui/core';
import { describe, expect, it } from 'vitest';
import type { CompiledMessage } from '@lingui/message-utils/compileMessage';
import { compileCatalog } from '../../../scripts/i18n/compile.ts';
import english from '../../../src/shared/i18n/messages/en.json' with { type: 'json' };
import { pseudoCatalog, pseudoGrowth, pseudoText } from '../../../scripts/i18n/pseudo.ts';

describe('compiled messages at run time', () => {
  it('say "1 Minute" and "5 Minuten" in German through an ICU plural', () => {
    const i18n = setupI18n({
      locale: 'de',
      messages: { de: compileCatalog({ left: 'Noch {n, plural, one {# Minute} other {# Minuten}}' }) },
    });
    expect([i18n._('left', { n: 1 }), i18n._('left', { n: 5 })]).toEqual(['Noch 1 Minute', 'Noch 5 Minuten']);
  });

  it('format an expiry time the German way through Intl', () => {
    const i18n = setupI18n({ locale: 'de', messages: { de: compileCatalog({ at: 'Läuft um {time, time, short} ab' }) } });
    const time = new Date(2026, 11, 2, 14, 5);
    expect(i18n._('at', { time })).toBe('Läuft um 14:05 ab');
  });
});

/** The characters of a compiled message's own text, plural and select branches included (each branch counts). */
function textLength(message: CompiledMessage): number {
  let length = 0;
  for (const token of message) {
    if (typeof token === 'string') length += token.length;
    else if (typeof token[2] === 'object' && token[2] !== null) {
      for (const [key, branch] of Object.entries(token[2]))
        if (key !== 'offset' && Array.isArray(branch)) length += textLength(branch as CompiledMessage);
    }
  }
  return length;
}

describe('the pseudo-locale', () => {
  const i18n = setupI18n({ locale: 'en-XA', messages: { 'en-XA': pseudoCatalog(english) } });

  it('accents every letter, brackets the message and leaves the placeholder value alone', () => {
    const text = i18n._('idle.titleAt', { place: 'Example Corp' });
    expect(text).toMatch(/^\[Šîĝñ îñ ţö [^ ]+.* Example Corp\]$/);
    expect(i18n._('common.cancel')).toMatch(/^\[Çåñçéļ/);
  });

  it('keeps the space between a padded run and the value after it, and adds none before the bracket', () => {
    expect(pseudoText('Sign in to ')).toMatch(/^Šîĝñ îñ ţö \S.*\S $/);
    expect(i18n._('idle.explanation')).not.toMatch(/ \]$/);
  });

  it('is at least 40 % longer than English for every message, counting the words and not the values', () => {
    const pseudo = pseudoCatalog(english);
    for (const [id, message] of Object.entries(compileCatalog(english))) {
      expect(textLength(pseudo[id] ?? []), id).toBeGreaterThanOrEqual(Math.floor(textLength(message) * (1 + pseudoGrowth)));
    }
  });
});
