/**
 * What `npm run check:i18n` finds wrong with the translations, compared with the English source:
 * a missing or extra id, a message that is not valid ICU, or placeholders that differ (a
 * translation that drops `{place}` would silently lose the organization's name).
 */
import { compileMessageOrThrow } from '@lingui/message-utils/compileMessage';
import { placeholdersOf, type SourceCatalog } from './compile.ts';

export interface CatalogProblem {
  readonly locale: string;
  readonly id: string;
  readonly problem: 'missing' | 'extra' | 'invalid' | 'placeholders';
  readonly detail?: string;
}

function placeholders(message: string): { names?: Set<string>; error?: string } {
  try {
    return { names: placeholdersOf(compileMessageOrThrow(message)) };
  } catch (error) {
    return { error: error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error) };
  }
}

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => a.size === b.size && [...a].every((name) => b.has(name));
const listed = (names: ReadonlySet<string>): string => [...names].sort().join(', ') || 'none';

function checkMessage(locale: string, id: string, message: string, expected: ReadonlySet<string> | undefined): CatalogProblem | undefined {
  const { names, error } = placeholders(message);
  if (names === undefined) return { locale, id, problem: 'invalid', detail: error ?? 'unparsable' };
  if (expected !== undefined && !sameSet(names, expected)) {
    return { locale, id, problem: 'placeholders', detail: `has ${listed(names)}, English has ${listed(expected)}` };
  }
  return undefined;
}

export function checkCatalogs(source: SourceCatalog, translations: Readonly<Record<string, SourceCatalog>>): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const expected = new Map<string, Set<string>>();
  for (const [id, message] of Object.entries(source)) {
    const problem = checkMessage('en', id, message, undefined);
    if (problem === undefined) expected.set(id, placeholders(message).names ?? new Set());
    else problems.push(problem);
  }
  for (const [locale, catalog] of Object.entries(translations)) {
    for (const id of Object.keys(source)) {
      const message = catalog[id];
      if (message === undefined) problems.push({ locale, id, problem: 'missing' });
      else {
        const problem = checkMessage(locale, id, message, expected.get(id));
        if (problem !== undefined) problems.push(problem);
      }
    }
    for (const id of Object.keys(catalog)) if (!(id in source)) problems.push({ locale, id, problem: 'extra' });
  }
  return problems;
}

export function describeProblem({ locale, id, problem, detail }: CatalogProblem): string {
  return `${locale}: ${id}: ${problem}${detail === undefined ? '' : ` (${detail})`}`;
}
