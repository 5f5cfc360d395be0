/**
 * The one rule for text from outside (a server, a file, a setting, the environment) that the
 * command line prints for a person: a control or bidirectional formatting character is shown as
 * an escape (`\x1b`, `\x9b`, `\u202e`) instead of reaching the terminal, which would act on it
 * (retitle the window, clear the screen, move the cursor) or reorder the text around it.
 */
import { replaceUnsafeCharacters } from '../core/protocol/server-text.ts';

/** `\xHH` for a C0, DEL or C1 control, `\uHHHH` for a bidirectional control. */
export function visibleEscape(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every control and bidirectional formatting character escaped, except those in
 * `kept` (a body keeps its tabs and line breaks).
 */
export function visibleText(text: string, kept: ReadonlySet<string> = noneKept): string {
  return replaceUnsafeCharacters(text, (character) => (kept.has(character) ? character : visibleEscape(character)));
}

const noneKept: ReadonlySet<string> = new Set();

/** What a text body keeps as it is: tab and line feed (curl does the same). */
export const bodyLayout: ReadonlySet<string> = new Set(['\t', '\n']);

/**
 * Whether `bytes` are text a terminal can show: valid UTF-8 without NUL. Anything else (an image,
 * an archive, a protobuf) is not written to a terminal at all, as curl refuses "binary output".
 */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
