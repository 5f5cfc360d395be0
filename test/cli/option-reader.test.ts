import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { commandLineOptions } from '../../src/cli/args.ts';
import { readCommonOptions } from '../../src/cli/option-reader.ts';

/** What node:util makes of a command line, as plain data, or `error` when it refuses it. */
function byNode(args: readonly string[]): unknown {
  try {
    const { values, positionals } = parseArgs({ args: [...args], strict: true, allowPositionals: true, options: commandLineOptions });
    return { values: { ...values }, positionals };
  } catch {
    return 'error';
  }
}

const lines: readonly (readonly string[])[] = [
  ['token'],
  ['token', '--insecure-storage', '--json'],
  ['--issuer', 'https://op.example', 'token', '--client-id=app'],
  ['token', '--issuer=', '--scope', ''],
  ['token', '--data=a=b=c', '--format', 'exec-credential'],
  ['fetch', '--header', 'A: 1', '--header=B: 2', 'https://api.example/'],
  ['status', '--issuer', 'one', '--issuer', 'two'],
  ['login', '--no-open', 'extra', 'words'],
  ['token', '--issuer', '--json'],
  ['token', '--issuer'],
  ['token', '--json=true'],
  ['token', '--colour'],
  ['token', '-h'],
  ['fetch', '-X', 'PUT', 'https://api.example/'],
  ['fetch', '-H', 'A: 1', 'https://api.example/'],
  ['token', '--', '--json'],
  ['token', '-'],
  ['token', '--constructor'],
  ['token', '--toString=x'],
  ['git-credential', 'get', '--host', 'git.example', '--username', '-x'],
];

describe('reading a command line without node:util', () => {
  it.each(lines.map((line) => [line.join(' '), line] as const))('reads %s as parseArgs does, or leaves it to parseArgs', (_, line) => {
    const read = readCommonOptions(line, commandLineOptions);
    if (read !== undefined) expect({ values: { ...read.values }, positionals: read.positionals }).toEqual(byNode(line));
  });

  it('reads the everyday shapes itself', () => {
    const everyday = lines.slice(0, 8);
    expect(everyday.filter((line) => readCommonOptions(line, commandLineOptions) === undefined)).toEqual([]);
  });

  it('leaves short options, `--`, unknown options and ambiguous values to parseArgs', () => {
    expect(lines.slice(8).filter((line) => readCommonOptions(line, commandLineOptions) !== undefined)).toEqual([]);
  });
});
