/**
 * The common shapes of a command line, read without node:util. Its parseArgs stays the reference,
 * but loading node:util brings Node's stream machinery, milliseconds that `device-signin token`
 * would pay on every call. Here only long options (`--name`, `--name=value`, `--name value`) and
 * plain positionals are read, to exactly the values parseArgs gives them; anything else (a short
 * option, `--`, an unknown option, a value that looks like an option, a boolean given a value)
 * returns undefined, and parseArgs reads it, with its own words for a mistake.
 */

export type OptionSpecs = Readonly<
  Record<string, { readonly type: 'string' | 'boolean'; readonly short?: string; readonly multiple?: boolean }>
>;

/** The values parseArgs returns for these options: set ones only, `true` for a boolean, a list for `multiple`. */
export type OptionValues<Specs extends OptionSpecs> = {
  -readonly [Name in keyof Specs]?: Specs[Name]['type'] extends 'boolean'
    ? boolean
    : Specs[Name] extends { readonly multiple: true }
      ? string[]
      : string;
};

export function readCommonOptions<Specs extends OptionSpecs>(
  args: readonly string[],
  specs: Specs,
): { values: OptionValues<Specs>; positionals: string[] } | undefined {
  const values: Record<string, string | boolean | string[]> = {};
  const positionals: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    if (!arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    const spec = arg.startsWith('--') && Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (spec === undefined) return undefined;
    let value: string | true;
    if (spec.type === 'boolean') {
      if (equals !== -1) return undefined;
      value = true;
    } else if (equals !== -1) {
      value = arg.slice(equals + 1);
    } else {
      const next = args[index + 1];
      // parseArgs calls `--issuer --json` ambiguous; let it say so.
      if (next === undefined || next.startsWith('-')) return undefined;
      value = next;
      index += 1;
    }
    const earlier = values[name];
    values[name] = spec.multiple === true ? [...(Array.isArray(earlier) ? earlier : []), String(value)] : value;
  }
  return { values: values as OptionValues<Specs>, positionals };
}
