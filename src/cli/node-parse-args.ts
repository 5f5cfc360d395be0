/**
 * node:util's parseArgs, for what option-reader.ts leaves to it (short options, `--`, mistakes
 * and their messages). node:util is loaded only then: it brings Node's stream machinery with it.
 */
import { nearest } from './nearest.ts';
import type { OptionSpecs, OptionValues } from './option-reader.ts';
import { UsageError, type UsagePhrase } from './usage-error.ts';

export function parseWithNode<Specs extends OptionSpecs>(
  args: readonly string[],
  options: Specs,
): { values: OptionValues<Specs>; positionals: string[] } {
  try {
    const parsed = process.getBuiltinModule('node:util').parseArgs({ args: [...args], strict: true, allowPositionals: true, options });
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError(
      error instanceof Error ? firstSentence(error.message) : String(error),
      parseArgsPhrase(error, Object.keys(options)),
    );
  }
}

/**
 * The catalog message for parseArgs' own (English) complaints, by its error code: an unknown
 * option, or one given without its value. Anything else keeps Node's words.
 */
function parseArgsPhrase(error: unknown, optionNames: readonly string[]): UsagePhrase | undefined {
  if (!(error instanceof Error) || !('code' in error)) return undefined;
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /Unknown option '([^']+)'/.exec(error.message)?.[1];
    if (option === undefined) return undefined;
    const suggestion = option.startsWith('--') ? nearest(option.slice(2).split('=')[0] ?? '', optionNames) : undefined;
    return { id: 'usage.unknownOption', values: { option }, ...(suggestion === undefined ? {} : { suggestion: `--${suggestion}` }) };
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /^Option '(-[^ ']+)/.exec(error.message)?.[1];
    if (flag === undefined) return undefined;
    // `--json=true`: a switch given a value, which parseArgs calls "does not take an argument".
    return { id: /does not take an argument/.test(error.message) ? 'usage.takesNoValue' : 'usage.needsValue', values: { flag } };
  }
  return undefined;
}

/** Node's parseArgs messages run on with advice about '--'; the first sentence is the useful part. */
function firstSentence(message: string): string {
  const end = message.indexOf('. ');
  return end === -1 ? message : message.slice(0, end + 1);
}
