import { defaultScope } from '../core/config.ts';
import type { Translate } from './words.ts';

/** `device-signin --help`: the commands, the settings and where each can also come from, in the catalog's language. */
export function helpText(t: Translate): string {
  return t('help.usage', { defaultScope });
}
