/**
 * `npm run check:i18n` (also run by `npm run typecheck`): every language has every message of the
 * English catalog, no message English lacks, valid ICU syntax and the same placeholders. Exits 1
 * and names each problem otherwise. An optional argument checks another messages folder (tests).
 */
import { join } from 'node:path';
import { checkCatalogs, describeProblem } from '../src/shared/i18n/catalog-check.ts';
import type { SourceCatalog } from '../src/shared/i18n/compile.ts';
import { sourceLocale, translatedLocales } from '../src/shared/i18n/locales.ts';
import { readSourceCatalog } from './i18n-catalogs.ts';

const messagesDir = process.argv[2] ?? join(import.meta.dirname, '../src/shared/i18n/messages');
const source = await readSourceCatalog(messagesDir, sourceLocale);
const translations: Record<string, SourceCatalog> = {};
for (const locale of translatedLocales) if (locale !== sourceLocale) translations[locale] = await readSourceCatalog(messagesDir, locale);
const problems = checkCatalogs(source, translations);
for (const problem of problems) process.stderr.write(`check:i18n: ${describeProblem(problem)}\n`);
if (problems.length > 0) process.exit(1);
process.stdout.write(`check:i18n: ${Object.keys(source).length} messages in ${translatedLocales.join(', ')}\n`);
