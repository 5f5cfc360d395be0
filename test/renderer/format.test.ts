import { describe, expect, it } from 'vitest';
import { hostOf, initialsOf, minutesAndSeconds, secondsUntil, spellOut } from '../../src/renderer/src/format.ts';

describe('the code read aloud', () => {
  it('spells the code one character at a time, the dash as a word', () => {
    expect(spellOut('WDJB-MJHT')).toBe('W D J B dash M J H T');
  });

  it('keeps an accented letter or an emoji whole and skips spaces', () => {
    expect(spellOut('É1 👍🏽')).toBe('É 1 👍🏽');
  });
});

describe('the countdown', () => {
  it('rounds what is left up to whole seconds and never goes below zero', () => {
    expect(secondsUntil(10_001, 0)).toBe(11);
    expect(secondsUntil(10_000, 0)).toBe(10);
    expect(secondsUntil(0, 5_000)).toBe(0);
  });

  it('shows minutes and two-digit seconds', () => {
    expect(minutesAndSeconds(545)).toBe('9:05');
    expect(minutesAndSeconds(600)).toBe('10:00');
    expect(minutesAndSeconds(59)).toBe('0:59');
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
});
