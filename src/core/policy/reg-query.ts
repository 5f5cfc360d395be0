/**
 * What `reg query` prints, read back (Microsoft's reference for the command:
 * https://learn.microsoft.com/windows-server/administration/windows-commands/reg-query). For a
 * key it prints a blank line, the key's full name (`HKEY_LOCAL_MACHINE\…`, the root spelled
 * out), one line per value, `    <name>    <REG_TYPE>    <data>` (four spaces before each
 * column), and then each subkey's full name on a line of its own. A REG_DWORD's data is
 * hexadecimal (`0x1`); a REG_MULTI_SZ's strings are joined by the two characters `\0`.
 * It exits with 1, writing only to stderr, when the key does not exist.
 */

/** One value as `reg query` prints it. */
export interface RegistryValue {
  readonly name: string;
  readonly type: string;
  readonly data: string;
}

/** A key line and the value lines under it; a subkey line is a key with no values. */
interface RegistrySection {
  readonly key: string;
  readonly values: readonly RegistryValue[];
}

const valueLine = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;

export function parseRegQuery(output: string): RegistrySection[] {
  const sections: { key: string; values: RegistryValue[] }[] = [];
  for (const line of output.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const value = valueLine.exec(line);
    if (value === null) sections.push({ key: line.trim(), values: [] });
    else sections.at(-1)?.values.push({ name: value[1] ?? '', type: value[2] ?? '', data: value[3] ?? '' });
  }
  return sections;
}

/** The section of `key` itself in `reg query` output, if it printed one. */
export function sectionOf(output: string, key: string): RegistrySection | undefined {
  const wanted = fullKeyName(key).toLowerCase();
  return parseRegQuery(output).find((section) => section.key.toLowerCase() === wanted);
}

/** reg.exe takes `HKLM\…` and prints `HKEY_LOCAL_MACHINE\…`. */
export function fullKeyName(key: string): string {
  return key.replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\').replace(/^HKCU\\/i, 'HKEY_CURRENT_USER\\');
}
