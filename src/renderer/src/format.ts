/** Small text helpers the views share. */

/** User-perceived characters, so that an accented letter or an emoji stays whole. */
function graphemes(text: string): string[] {
  return Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (part) => part.segment);
}

/**
 * The user code spelled out for screen readers, one character at a time, so "WDJB-MJHT" is read
 * as "W D J B dash M J H T" and not as a word.
 */
export function spellOut(code: string): string {
  return graphemes(code)
    .filter((character) => character.trim() !== '')
    .map((character) => (character === '-' ? 'dash' : character))
    .join(' ');
}

/** Whole seconds from now until `at`, never negative. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** "9:05" for 545 seconds. */
export function minutesAndSeconds(totalSeconds: number): string {
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

/** Up to two initials from a name, else the first letter of an email or subject. */
export function initialsOf(name: string | undefined, fallback: string): string {
  const words = (name ?? '').trim().split(/\s+/).filter((word) => word !== '');
  const letters =
    words.length >= 2 ? [words[0], words[words.length - 1]] : words.length === 1 ? [words[0]] : [fallback];
  return letters
    .map((word) => (word === undefined ? '' : (graphemes(word)[0] ?? '')))
    .join('')
    .toUpperCase();
}

/** The host a URL points to, for "Signing in with …". */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
