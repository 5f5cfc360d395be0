/**
 * Text a server sends and people see: user codes, names, emails, error codes and descriptions,
 * and the words of other libraries' errors, which may quote what a server sent.
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

/** An error code as libraries set them (`ECONNRESET`, `UND_ERR_SOCKET`, `OAUTH_INVALID_RESPONSE`); anything else is not one. */
const libraryErrorCode = /^[A-Za-z0-9_.:-]{1,80}$/;
/** Chromium's net error names (net/base/net_error_list.h), which Electron's net.fetch puts in its message. */
const chromiumErrorName = /net::ERR_[A-Z0-9_]+/;

/**
 * What people and the log may read of an error another library threw (oauth4webapi, Node's
 * fetch, Electron's net.fetch): the one rule for every place that reports one. Such a message is
 * not ours, and may quote what it refused: undici's header check says
 * `Headers.append: "Bearer <token>" is an invalid header value.`, the whole token included. So:
 * - `'name'`: the error's name and code only, "TypeError" or "Error (ECONNRESET)";
 * - `'message'`: also the message, cleaned as server text is (`printable`), but only where its
 *   author writes messages as fixed text around a code: an error with a code (Node's system and
 *   TLS errors, undici's, oauth4webapi's), as "CODE: message", or Chromium's `net::ERR_…` name
 *   alone. An error without a code (a plain TypeError, as from the header check) gets `'name'`.
 */
export function foreignErrorText(error: unknown, detail: 'name' | 'message' = 'name'): string {
  if (!(error instanceof Error)) return 'a value that is not an Error';
  const name = printable(error.name, 80) ?? 'Error';
  const rawCode = (error as { code?: unknown }).code;
  const code = typeof rawCode === 'string' && libraryErrorCode.test(rawCode) ? rawCode : undefined;
  if (detail === 'message') {
    const message = printable(error.message);
    if (code !== undefined && message !== undefined) return `${code}: ${message}`;
    const chromium = chromiumErrorName.exec(error.message);
    if (chromium !== null) return chromium[0];
  }
  return code === undefined ? name : `${name} (${code})`;
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
