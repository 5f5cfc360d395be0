/**
 * Text a server sends and people see: user codes, names, emails, error codes and descriptions.
 * Two kinds of character must never reach a window or a terminal from there:
 * - controls: C0, DEL and C1 (ESC and CSI, U+009B, start commands that move the cursor, clear
 *   the screen or retitle the window);
 * - bidirectional formatting characters (Unicode UAX #9 §2: ALM U+061C, LRM U+200E, RLM U+200F,
 *   LRE…RLO U+202A–U+202E, LRI…PDI U+2066–U+2069), which reorder what is shown: "nimda" after
 *   a RIGHT-TO-LEFT OVERRIDE reads "admin" ("Trojan Source", CVE-2021-42574).
 */

// Regular-expression source, so that each range is written once for the three patterns below.
const controlRange = '\\u0000-\\u001f\\u007f-\\u009f';
const bidiRange = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
const controls = new RegExp(`[${controlRange}]+`, 'g');
const bidiControls = new RegExp(`[${bidiRange}]`, 'g');
const unsafe = new RegExp(`[${controlRange}${bidiRange}]`, 'g');

/** Whether `text` holds a control or bidirectional formatting character. */
export function hasUnsafeCharacter(text: string): boolean {
  return text.search(unsafe) !== -1;
}

/**
 * Every control and bidirectional formatting character of `text`, passed through `replace`:
 * for an output layer that escapes them its own way.
 */
export function replaceUnsafeCharacters(text: string, replace: (character: string) => string): string {
  return text.replace(unsafe, replace);
}

/**
 * Server-supplied text shown to people: bounded, single line, no control characters (each run
 * becomes one space, so words stay apart) and no bidirectional controls (removed: they only
 * change the order in which the rest is shown).
 */
export function printable(value: unknown, maxLength = 300): string | undefined {
  if (typeof value !== 'string') return undefined;
  const cleaned = value.replace(bidiControls, '').replace(controls, ' ').trim();
  if (cleaned === '') return undefined;
  return cleaned.length > maxLength ? `${cleaned.slice(0, maxLength - 1)}…` : cleaned;
}

/** What an `error` value outside RFC 6749's character set is replaced by, wherever it would have gone. */
export const invalidErrorCode = 'invalid_error_code';
/** Longer than any registered code by far; a longer one is not a code but a payload. */
const maxErrorCodeLength = 128;

/**
 * RFC 6749 §5.2: "Values for the "error" parameter MUST NOT include characters outside the set
 * %x20-21 / %x23-5B / %x5D-7E." A value outside it (an ESC or CSI sequence, a bidi control,
 * anything but printable ASCII without `"` and `\`) is replaced whole by `invalid_error_code`:
 * the code is compared and passed on, never shown in part.
 */
export function oauthErrorCode(value: unknown): string {
  if (typeof value !== 'string' || value.length > maxErrorCodeLength) return invalidErrorCode;
  return /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/.test(value) ? value : invalidErrorCode;
}
