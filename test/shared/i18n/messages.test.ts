import { setupI18n } from '@lingui/core';
import { describe, expect, it } from 'vitest';
import { compileCatalog } from '../../../src/shared/i18n/compile.ts';
import english from '../../../src/shared/i18n/messages/en.json' with { type: 'json' };
import { pseudoCatalog, pseudoGrowth, pseudoText } from '../../../src/shared/i18n/pseudo.ts';

describe('compiled messages at run time', () => {
  it('say "1 Minute" and "5 Minuten" in German through an ICU plural', () => {
    const i18n = setupI18n({ locale: 'de', messages: { de: compileCatalog({ left: 'Noch {n, plural, one {# Minute} other {# Minuten}}' }) } });
    expect([i18n._('left', { n: 1 }), i18n._('left', { n: 5 })]).toEqual(['Noch 1 Minute', 'Noch 5 Minuten']);
  });

  it('format an expiry time the German way through Intl', () => {
    const i18n = setupI18n({ locale: 'de', messages: { de: compileCatalog({ at: 'Läuft um {time, time, short} ab' }) } });
    const time = new Date(2026, 11, 2, 14, 5);
    expect(i18n._('at', { time })).toBe('Läuft um 14:05 ab');
  });
});

describe('the pseudo-locale', () => {
  const i18n = setupI18n({ locale: 'en-XA', messages: { 'en-XA': pseudoCatalog(english) } });

  it('accents every letter, brackets the message and leaves the placeholder value alone', () => {
    const text = i18n._('idle.titleAt', { place: 'Example Corp' });
    expect(text).toMatch(/^\[Šîĝñ îñ ţö [^ ]+.* Example Corp\]$/);
    expect(i18n._('busy.cancel')).toMatch(/^\[Çåñçéļ/);
  });

  it('keeps the space between a padded run and the value after it, and adds none before the bracket', () => {
    expect(pseudoText('Sign in to ')).toMatch(/^Šîĝñ îñ ţö \S.*\S $/);
    expect(i18n._('idle.explanation')).not.toMatch(/ \]$/);
  });

  it('is at least 40 % longer than English for every message', () => {
    for (const [id, message] of Object.entries(english)) {
      // Every placeholder given the same one-letter value, in both.
      const names = [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
      const pseudo = i18n._(id, Object.fromEntries(names.map((name) => [name, 'x'])));
      const plain = message.replace(/\{\w+\}/g, 'x');
      expect(pseudo.length, id).toBeGreaterThanOrEqual(Math.floor(plain.length * (1 + pseudoGrowth)));
    }
  });
});
