/** Reading what the command line printed. */

/** Any control a terminal could act on: C0 (but the line feeds we print), DEL, C1, and the bidi controls of UAX #9. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const rawControl = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Every line of `--json` output, parsed. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
