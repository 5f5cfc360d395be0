/**
 * An error screen says each thing once: its heading says what happened, the sentence under it
 * what to do, and the sentence does not say the heading again in other words. For every error
 * code in every language, the two are not near-duplicates by two measures over their words
 * (Intl.Segmenter's, which splits Japanese and Chinese by dictionary; Arabic words without the
 * article and the one-letter prefixes written onto them, so that "الخادم" and "خادم" count as one):
 *
 * - no run of four or more words appears in both: a repeated phrase that long is a restatement;
 * - at most half of the heading's words reappear in the sentence. The two are about the same
 *   failure, so they may share its name ("code", "proxy") and a small word or two around it, which
 *   stays at or under half of even a four-word heading; when most of the heading is in the
 *   sentence, the sentence says again what happened. Most earlier pairs repeated more than half
 *   of it ("This app isn't set up with the provider" / "This app isn't registered with the
 *   sign-in provider": 6 of 8 words), and the first check below keeps that example failing.
 *
 * For the failures only whoever set the app up can fix, the line read right after the sentence
 * (that trying again will not help) repeats no phrase of it either. Only the phrase measure
 * applies there: two requests share their grammar, and a short Japanese one ("…を依頼してください")
 * is mostly particles and endings, so the share of shared words says nothing about two sentences.
 */
import { describe, expect, it } from 'vitest';
import { errorClasses, errorHeading, errorSentence } from '../../src/renderer/src/error-messages.ts';
import { errorCodes } from '../../src/shared/flow-state.ts';
import { everyLanguage } from '../support/catalogs.ts';

/** More than this share of the heading's words found again in the sentence is a restatement. */
const mostOfTheHeading = 0.5;
/** A run of this many words in both is a repeated phrase. */
const repeatedPhrase = 4;

describe('what the measures call a restatement', () => {
  it("flags the issue's example, which says twice that the app is not set up", () => {
    const apart = wordsApart('en', "This app isn't set up with the provider", "This app isn't registered with the sign-in provider.");
    expect(apart.headingReused).toBeGreaterThan(mostOfTheHeading);
  });

  it('flags a repeated phrase of four words even in a long sentence', () => {
    const apart = wordsApart(
      'en',
      "Can't reach the sign-in server",
      'We could not reach the sign-in server from here, so check the cable and your Wi-Fi, then try again.',
    );
    expect(apart.longestSharedRun).toBeGreaterThanOrEqual(repeatedPhrase);
  });

  it('counts Arabic words with and without the article as the same word', () => {
    expect(wordsOf('ar', 'شهادة الخادم')).toEqual(wordsOf('ar', 'شهادة خادم'));
  });
});

describe('every error screen says what happened once and what to do once', () => {
  it.each(everyLanguage)('%s: the heading and the sentence under it are not near-duplicates', (locale, t) => {
    const restated = errorCodes.flatMap((code) => {
      const heading = errorHeading(t, code);
      const sentence = errorSentence(t, code);
      return restatement(locale, heading, sentence, code);
    });
    expect(restated).toEqual([]);
  });

  it.each(everyLanguage)('%s: the sentence and the "trying again won\'t help" line say different things', (locale, t) => {
    const adminCodes = errorCodes.filter((code) => errorClasses[code] === 'admin');
    const repeated = adminCodes.flatMap((code) => {
      const sentence = errorSentence(t, code);
      const run = wordsApart(locale, sentence, t('error.adminOnly')).longestSharedRun;
      return run < repeatedPhrase ? [] : [`${code}: "${sentence}" repeats ${run} words of the line after it`];
    });
    expect(repeated).toEqual([]);
  });
});

/** The pair as a failure to read, when the measures call it a restatement; nothing otherwise. */
function restatement(locale: string, heading: string, sentence: string, code: string): string[] {
  const { headingReused, longestSharedRun } = wordsApart(locale, heading, sentence);
  if (headingReused <= mostOfTheHeading && longestSharedRun < repeatedPhrase) return [];
  const measures = `${Math.round(headingReused * 100)} % of the heading's words again, a shared run of ${longestSharedRun}`;
  return [`${code}: "${heading}" / "${sentence}" (${measures})`];
}

function wordsApart(locale: string, heading: string, sentence: string): { headingReused: number; longestSharedRun: number } {
  const headingWords = wordsOf(locale, heading);
  const sentenceWords = wordsOf(locale, sentence);
  const inSentence = new Set(sentenceWords);
  const distinct = new Set(headingWords);
  const reused = [...distinct].filter((word) => inSentence.has(word)).length;
  return {
    headingReused: distinct.size === 0 ? 0 : reused / distinct.size,
    longestSharedRun: longestSharedRun(headingWords, sentenceWords),
  };
}

/** The words a reader sees, lower-cased, one kind of apostrophe, Arabic without its diacritics and proclitics. */
function wordsOf(locale: string, text: string): string[] {
  const segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
  const plain = text.normalize('NFKC').replace(/[\u2018\u2019`]/gu, "'");
  return [...segmenter.segment(plain)]
    .filter((segment) => segment.isWordLike === true)
    .map((segment) => segment.segment.toLocaleLowerCase(locale))
    .map((word) => (locale === 'ar' ? arabicStem(word) : word));
}

/**
 * The conjunction (و, ف), preposition (ب, ك, ل) and article (ال) an Arabic word can carry as a
 * prefix, and short-vowel marks, taken off: the light stemming Arabic search engines start with
 * (Larkey, Ballesteros and Connell, "Light Stemming for Arabic Information Retrieval", 2007).
 * Only the article's forms are removed, with two letters left at least, so a root's own first
 * letter stays.
 */
function arabicStem(word: string): string {
  return word.replace(/[\u064B-\u0652]/gu, '').replace(/^[وف]?(?:[بكل]?ال|لل)(?=\p{L}{2})/u, '');
}

function longestSharedRun(first: readonly string[], second: readonly string[]): number {
  let longest = 0;
  first.forEach((_, start) => {
    second.forEach((__, other) => {
      let length = 0;
      while (first[start + length] !== undefined && first[start + length] === second[other + length]) length += 1;
      longest = Math.max(longest, length);
    });
  });
  return longest;
}
