/**
 * `npm run check:i18n` (also run by `npm run typecheck`): in each catalog set (catalog-sets.ts,
 * the window's and the command line's), every language has every message of that set's English
 * catalog, no message English lacks, valid ICU syntax and the same placeholders. Exits 1 and
 * names each problem otherwise. An optional argument checks another messages folder (tests),
 * laid out as `src/shared/i18n/messages` is.
 */
import { join } from 'node:path';
import { checkCatalogs, describeProblem } from './i18n/catalog-check.ts';
import { catalogSets } from '../src/shared/i18n/catalog-sets.ts';
import type { SourceCatalog } from './i18n/compile.ts';
import { sourceLocale } from '../src/shared/i18n/locales.ts';
import { readSourceCatalog } from './i18n-catalogs.ts';

const messagesRoot = process.argv[2] ?? join(import.meta.dirname, '../src/shared/i18n/messages');
let failed = false;
for (const set of catalogSets) {
  const messagesDir = join(messagesRoot, set.folder);
  const source = await readSourceCatalog(messagesDir, sourceLocale);
  const translations: Record<string, SourceCatalog> = {};
  for (const locale of set.locales) {
    if (locale === sourceLocale) continue;
    // A language whose file is missing lacks every message.
    translations[locale] = await readSourceCatalog(messagesDir, locale).catch(() => ({}));
  }
  const problems = checkCatalogs(source, translations);
  for (const problem of problems) process.stderr.write(`check:i18n: ${set.name}: ${describeProblem(problem)}\n`);
  failed ||= problems.length > 0;
  process.stdout.write(`check:i18n: ${set.name}: ${Object.keys(source).length} messages in ${set.locales.join(', ')}\n`);
}
if (failed) process.exit(1);
