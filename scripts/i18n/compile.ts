/**
 * ICU messages compiled ahead of time into Lingui's compiled form, so that no message parser is
 * shipped in the window: the build and the catalog check call this, the runtime only interpolates.
 */
import { type CompiledMessage, compileMessageOrThrow } from '@lingui/message-utils/compileMessage';

export type SourceCatalog = Readonly<Record<string, string>>;
export type CompiledCatalog = Record<string, CompiledMessage>;

/** Throws on the first message that is not valid ICU MessageFormat, naming its id. */
export function compileCatalog(messages: SourceCatalog, mapText?: (text: string) => string): CompiledCatalog {
  const compiled: CompiledCatalog = {};
  for (const [id, message] of Object.entries(messages)) {
    try {
      compiled[id] = compileMessageOrThrow(message, mapText);
    } catch (error) {
      throw new Error(`message ${id}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  return compiled;
}

/** The argument names a compiled message uses, plural and select branches included. */
export function placeholdersOf(message: CompiledMessage): Set<string> {
  const names = new Set<string>();
  for (const token of message) {
    if (typeof token === 'string') continue;
    const [name, , format] = token;
    names.add(name);
    if (typeof format !== 'object' || format === null) continue;
    for (const [key, branch] of Object.entries(format)) {
      if (key !== 'offset' && Array.isArray(branch)) for (const inner of placeholdersOf(branch as CompiledMessage)) names.add(inner);
    }
  }
  return names;
}
