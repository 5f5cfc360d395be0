/**
 * An early message (early-message-ids.ts) in the command's language, from the plain texts the
 * build took from the catalogs: no Lingui, no catalog chunk.
 */
import earlyTexts from 'virtual:cli-early-words';
import type { EarlyMessageId } from './early-message-ids.ts';
import type { CliLanguage } from './words.ts';

export function earlyWord(language: CliLanguage, id: EarlyMessageId): string {
  return earlyTexts[language][id];
}
