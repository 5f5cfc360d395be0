/** Text for the XML templates (ADMX, ADML, the configuration profile), escaped where XML needs it. */

/** Character data. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A double-quoted attribute value. */
function escapeAttribute(text: string): string {
  return escapeXml(text).replace(/"/g, '&quot;');
}

/** An XML comment: `--` may not occur inside one (XML 1.0 §2.5), and the policy texts name `--flags`. */
export function xmlComment(text: string): string {
  return `<!-- ${text.replace(/-(?=-)/g, '- ').replace(/-$/, '- ')} -->`;
}

/** `name="value"` pairs, skipping undefined ones. */
export function attributes(values: Readonly<Record<string, string | undefined>>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
}

/** Lines indented by `depth` steps of two spaces. */
export function indent(depth: number, lines: readonly string[]): string[] {
  const pad = '  '.repeat(depth);
  return lines.map((line) => (line === '' ? line : pad + line));
}
