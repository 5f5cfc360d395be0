/**
 * The typed way to ask a catalog for words, shared by the window's components, the command line
 * (its own ids, and dates among its values) and the tests that check words without a browser.
 */
import type { I18n } from '@lingui/core';
import type { MessageId } from './catalog-types.ts';

/** A message's values: text, numbers (plurals) and epoch milliseconds (dates and times). */
type MessageValues = Readonly<Record<string, string | number>>;

/** `t(id, values)`: an id that the English catalog lacks does not compile. */
export type Translate = (id: MessageId, values?: MessageValues) => string;

/** A `t` over one Lingui instance; each front end gives it its own typed signature (`Translate`, the CLI's). */
export function translator(i18n: I18n): (id: string, values?: Readonly<Record<string, unknown>>) => string {
  return (id, values) => i18n._(id, values === undefined ? undefined : { ...values });
}

/**
 * Text that must read left to right wherever it stands (a user code, a host, a URL), isolated
 * with LEFT-TO-RIGHT ISOLATE … POP DIRECTIONAL ISOLATE: in an Arabic sentence `ABCD-1234` keeps
 * its order and its hyphen. For plain strings (an announcement, a label); the page's elements
 * use `<bdi dir="ltr">` instead.
 */
export function leftToRight(text: string): string {
  return `\u2066${text}\u2069`;
}

/** Text of either direction (an organization's or a person's name), isolated by FIRST STRONG ISOLATE. */
export function isolated(text: string): string {
  return `\u2068${text}\u2069`;
}
