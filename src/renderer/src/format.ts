/** Small text helpers the views share. */

/** User-perceived characters, so that an accented letter or an emoji stays whole. */
function graphemes(text: string): string[] {
  return Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (part) => part.segment);
}

/**
 * The user code spelled out for screen readers, one character at a time, so "WDJB-MJHT" is read
 * as "W D J B dash M J H T" and not as a word; `dash` is the word for "-" in the page's language.
 */
export function spellOut(code: string, dash: string): string {
  return graphemes(code)
    .filter((character) => character.trim() !== '')
    .map((character) => (character === '-' ? dash : character))
    .join(' ');
}

/** How many characters a person sees in `text`. */
export function characterCount(text: string): number {
  return graphemes(text).length;
}

/** Whole seconds from now until `at`, never negative. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * Where the countdown stands, for the few moments worth saying aloud: with more than two minutes
 * left, at two minutes, at thirty seconds, and when the code has run out.
 */
export type CountdownMoment = 'plenty' | 'twoMinutes' | 'thirtySeconds' | 'expired';

export function countdownMoment(secondsLeft: number): CountdownMoment {
  if (secondsLeft <= 0) return 'expired';
  if (secondsLeft <= 30) return 'thirtySeconds';
  if (secondsLeft <= 120) return 'twoMinutes';
  return 'plenty';
}

/**
 * Up to two initials from a name, else the first letter of an email; empty when there is no
 * letter to take (an account id such as "2f9a…" is not a name), so the avatar shows a figure.
 */
export function initialsOf(name: string | undefined, fallback: string): string {
  const words = (name ?? '')
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  const sources = words.length >= 2 ? [words[0], words[words.length - 1]] : words.length === 1 ? [words[0]] : [fallback];
  const letters = sources.map((word) => (word === undefined ? '' : (graphemes(word)[0] ?? '')));
  return letters.every((letter) => /^\p{L}/u.test(letter)) ? letters.join('').toUpperCase() : '';
}

/** An account id short enough to read and compare: the start and the end of a long one. */
export function shortAccountId(sub: string): string {
  const characters = graphemes(sub);
  if (characters.length <= 14) return sub;
  return `${characters.slice(0, 6).join('')}…${characters.slice(-4).join('')}`;
}

/**
 * Text whose numbers stay with the word beside them: "extension 4357", "10 minutes", a time and
 * its AM/PM marker ("4:57 م") never end up on two lines. No-break spaces, nothing else changed.
 */
export function keepNumbersWhole(text: string): string {
  return text.replace(/(?<=\p{Nd}) (?=\p{L})|(?<=[\p{L}.]) (?=\p{Nd})/gu, '\u00a0');
}

/** The host a URL points to, for "Signing in with …". */
export function hostOf(url: string): string {
  try {
    // A host alone ("localhost:3000") parses as a scheme and a path: it is its own host.
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/** A slice of the user code as shown; `gap` marks a visual gap before it that the server did not write. */
export interface CodeGroup {
  readonly text: string;
  readonly gap: boolean;
}

/** Sizes of 3 or 4 for a run of `length` characters, as even as they come (9 → 3 3 3, 10 → 4 3 3). */
function groupSizes(length: number): number[] {
  if (length <= 5) return [length];
  const count = Math.ceil(length / 4);
  return Array.from({ length: count }, (_, index) => Math.floor(length / count) + (index < length % count ? 1 : 0));
}

/**
 * The user code in groups a person can read and type: the server's own groups (split on "-" or
 * spaces) where they are short, runs longer than five cut into groups of 3-4. The groups joined
 * are the code exactly, so a copy or a selection still gives the raw code; the gaps are drawn.
 */
export function codeGroups(code: string): CodeGroup[] {
  const groups: CodeGroup[] = [];
  for (const piece of code.split(/(?<=[-\s])/u)) {
    const run = graphemes(piece.replace(/[-\s]$/u, ''));
    const separator = piece.slice(run.join('').length);
    let at = 0;
    groupSizes(run.length).forEach((size, index) => {
      groups.push({ text: run.slice(at, at + size).join(''), gap: index > 0 });
      at += size;
    });
    const last = groups.at(-1);
    if (separator !== '' && last !== undefined) groups[groups.length - 1] = { ...last, text: last.text + separator };
  }
  return groups;
}

/** A URL as the window shows it: the host first, no "https://", the path in pieces that each end at a "/". */
export interface UrlParts {
  /** "http://" where the page is not encrypted, to be shown as a warning; empty for https. */
  readonly insecureScheme: string;
  readonly host: string;
  /** The path and query, cut after each "/": a line may break only there. */
  readonly pathPieces: readonly string[];
}

export function urlParts(url: string): UrlParts {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { insecureScheme: '', host: url, pathPieces: [] };
  }
  const rest = `${parsed.pathname === '/' ? '' : parsed.pathname}${parsed.search}${parsed.hash}`;
  return {
    insecureScheme: parsed.protocol === 'https:' ? '' : `${parsed.protocol}//`,
    host: parsed.host,
    pathPieces: rest.split(/(?<=\/)/u).filter((piece) => piece !== ''),
  };
}
