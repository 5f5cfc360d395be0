import { describe, expect, it } from 'vitest';
import {
  codeGroups,
  countdownMoment,
  hostOf,
  initialsOf,
  secondsUntil,
  shortAccountId,
  spellOut,
  urlParts,
} from '../../src/renderer/src/format.ts';

describe('the code read aloud', () => {
  it('spells the code one character at a time, the dash as the language’s word', () => {
    expect(spellOut('WDJB-MJHT', 'dash')).toBe('W D J B dash M J H T');
    expect(spellOut('WDJB-MJHT', 'Bindestrich')).toBe('W D J B Bindestrich M J H T');
  });

  it('keeps an accented letter or an emoji whole and skips spaces', () => {
    expect(spellOut('É1 👍🏽', 'dash')).toBe('É 1 👍🏽');
  });
});

describe('the countdown', () => {
  it('rounds what is left up to whole seconds and never goes below zero', () => {
    expect(secondsUntil(10_001, 0)).toBe(11);
    expect(secondsUntil(10_000, 0)).toBe(10);
    expect(secondsUntil(0, 5_000)).toBe(0);
  });

  it('names the moments worth saying aloud: two minutes, thirty seconds and expired, and nothing before', () => {
    expect([600, 121, 120, 31, 30, 1, 0].map(countdownMoment)).toEqual([
      'plenty',
      'plenty',
      'twoMinutes',
      'twoMinutes',
      'thirtySeconds',
      'thirtySeconds',
      'expired',
    ]);
  });
});

describe('the code in groups', () => {
  const shown = (code: string): string[] => codeGroups(code).map((group) => `${group.gap ? '␣' : ''}${group.text}`);

  it('keeps groups the server made short', () => {
    expect(shown('WDJB-MJHT')).toEqual(['WDJB-', 'MJHT']);
    expect(shown('ABC DEF')).toEqual(['ABC ', 'DEF']);
  });

  it('cuts long or ungrouped runs into groups of three or four, with a drawn gap before each new one', () => {
    expect(shown('WDJBMJHT')).toEqual(['WDJB', '␣MJHT']);
    expect(shown('012345678')).toEqual(['012', '␣345', '␣678']);
    expect(shown('BCDFGHJKLMNP')).toEqual(['BCDF', '␣GHJK', '␣LMNP']);
    expect(shown('ABCDEFGHIJ-KLMNO')).toEqual(['ABCD', '␣EFG', '␣HIJ-', 'KLMNO']);
  });

  it('joins back into the code exactly, so a copy or a selection gives the raw code', () => {
    for (const code of ['WDJB-MJHT', 'WDJBMJHT', '012345678', 'AB  CD', 'ÉÉÉÉÉÉÉ', '']) {
      expect(
        codeGroups(code)
          .map((group) => group.text)
          .join(''),
      ).toBe(code);
    }
  });
});

describe('the verification URL', () => {
  it('drops https:// and cuts the path after each "/"', () => {
    expect(urlParts('https://login.example.com/realms/staff/device')).toEqual({
      insecureScheme: '',
      host: 'login.example.com',
      pathPieces: ['/', 'realms/', 'staff/', 'device'],
    });
    expect(urlParts('https://microsoft.com/devicelogin').pathPieces).toEqual(['/', 'devicelogin']);
  });

  it('keeps a plain http:// and the port, and shows no lone "/"', () => {
    expect(urlParts('http://127.0.0.1:4000/')).toEqual({ insecureScheme: 'http://', host: '127.0.0.1:4000', pathPieces: [] });
  });
});

describe('an account with no name', () => {
  it('shortens a long account id to its start and end, and leaves a short one whole', () => {
    expect(shortAccountId('248289761001-auth0-6f1c2d9e')).toBe('248289…2d9e');
    expect(shortAccountId('alice')).toBe('alice');
  });
});

describe('the initials in the avatar', () => {
  it('takes the first and last name, in capitals', () => {
    expect(initialsOf('ada king lovelace', 'ada@example.test')).toBe('AL');
    expect(initialsOf('Grace', 'grace@example.test')).toBe('G');
  });

  it('falls back to the email or subject when there is no name', () => {
    expect(initialsOf(undefined, 'bob@example.test')).toBe('B');
    expect(initialsOf('   ', 'carol')).toBe('C');
  });

  it('takes no digit or symbol as an initial, so the avatar shows a figure instead', () => {
    expect(initialsOf(undefined, '2bob@example.test')).toBe('');
    expect(initialsOf(undefined, '')).toBe('');
    expect(initialsOf('42', 'x')).toBe('');
  });

  it('keeps a letter made of several code points whole', () => {
    expect(initialsOf('Émile Zola', 'x')).toBe('ÉZ');
  });
});

describe('the provider line', () => {
  it('names the host of the issuer, with its port', () => {
    expect(hostOf('https://login.example.com/realms/staff')).toBe('login.example.com');
    expect(hostOf('http://127.0.0.1:4000')).toBe('127.0.0.1:4000');
  });

  it('shows an address that is not a URL as it is', () => {
    expect(hostOf('not a url')).toBe('not a url');
  });

  it('takes a host alone, as main names where an account is, for its own host', () => {
    for (const host of ['localhost:3000', '127.0.0.1:3000', 'login.example.test']) expect(hostOf(host)).toBe(host);
  });
});
