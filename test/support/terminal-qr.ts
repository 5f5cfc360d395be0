import { stripVTControlCharacters } from 'node:util';
// jsqr is CommonJS whose typings declare an ES default export: under NodeNext that is `.default`.
import jsqr from 'jsqr';

/**
 * Reads back a QR code drawn in a terminal by `qrcode`'s small terminal renderer: dark text on a
 * light background, each character two modules high ('█' both dark, '▀' top, '▄' bottom, ' '
 * neither). The drawing is turned into pixels and decoded with jsqr, as a phone camera would.
 * Returns the decoded text, or undefined when the output holds no readable QR code.
 */
export function decodeTerminalQr(output: string): string | undefined {
  const rows: boolean[][] = [];
  for (const raw of output.split('\n')) {
    const line = stripVTControlCharacters(raw);
    // Only drawing lines; the renderer's last line (all '▀' in the background colour) is quiet zone.
    if (line.length < 10 || !/^[ █▀▄]+$/.test(line) || /^▀+$/.test(line)) {
      if (rows.length > 0) break;
      continue;
    }
    const chars = Array.from(line);
    rows.push(chars.map((c) => c === '█' || c === '▀'));
    rows.push(chars.map((c) => c === '█' || c === '▄'));
  }
  if (rows.length === 0) return undefined;
  const modules = Math.max(...rows.map((row) => row.length));
  const border = 4;
  const scale = 4;
  const width = (modules + 2 * border) * scale;
  const height = (rows.length + 2 * border) * scale;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  rows.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy += 1) {
        for (let dx = 0; dx < scale; dx += 1) {
          const offset = (((y + border) * scale + dy) * width + (x + border) * scale + dx) * 4;
          data[offset] = 0;
          data[offset + 1] = 0;
          data[offset + 2] = 0;
        }
      }
    });
  });
  // Named, not left to the default: jsqr keeps the last options it was given as its defaults (a
  // screen read earlier in the same worker with 'dontInvert' would otherwise apply here).
  return jsqr.default(data, width, height, { inversionAttempts: 'attemptBoth' })?.data;
}
