/**
 * Draws the app icon as PNGs with nothing but node:zlib, so the icon is reproducible from source and
 * needs no image tool: a blue rounded square holding a white phone whose screen shows a QR-like
 * pattern, which is what the app asks people to scan.
 *
 *   node scripts/generate-icons.ts
 *
 * Writes resources/icon.png (1024x1024: macOS and Windows, converted by electron-builder) and
 * resources/icons/512x512.png (Linux). Flat colours keep the files small.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];

const transparent: Rgba = [0, 0, 0, 0];
const blue: Rgba = [37, 99, 235, 255];
const white: Rgba = [255, 255, 255, 255];
const ink: Rgba = [17, 24, 39, 255];

/** A 7x7 finder-like pattern in three corners and a fixed scatter, in a 13x13 grid. */
const qr = [
  '1111111010111',
  '1000001001101',
  '1011101011101',
  '1011101000001',
  '1011101011111',
  '1000001010000',
  '1111111010101',
  '0000000011010',
  '1110101100111',
  '0101110010001',
  '1111111011101',
  '1000001000110',
  '1111111010111',
];

function pixelAt(x: number, y: number, size: number): Rgba {
  const u = x / size;
  const v = y / size;
  if (!insideRoundedRect(u, v, 0.06, 0.06, 0.94, 0.94, 0.18)) return transparent;
  if (!insideRoundedRect(u, v, 0.3, 0.16, 0.7, 0.84, 0.06)) return blue;
  if (!insideRoundedRect(u, v, 0.33, 0.22, 0.67, 0.74, 0.015)) return white;
  // The screen: a QR-like grid of dark modules on white.
  const cell = 0.3 / qr.length;
  const column = Math.floor((u - 0.35) / cell);
  const row = Math.floor((v - 0.33) / cell);
  const module = qr[row]?.[column];
  if (module !== undefined && u >= 0.35 && v >= 0.33) return module === '1' ? ink : white;
  return white;
}

function insideRoundedRect(u: number, v: number, left: number, top: number, right: number, bottom: number, radius: number): boolean {
  if (u < left || u > right || v < top || v > bottom) return false;
  const cu = Math.min(Math.max(u, left + radius), right - radius);
  const cv = Math.min(Math.max(v, top + radius), bottom - radius);
  return (u - cu) ** 2 + (v - cv) ** 2 <= radius ** 2;
}

/** An 8-bit RGBA PNG (PNG spec §11), every row with filter 0. */
export function drawIcon(size: number): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y += 1) {
    const row = y * (size * 4 + 1);
    for (let x = 0; x < size; x += 1) raw.set(pixelAt(x, y, size), row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

if (import.meta.filename === process.argv[1]) {
  const resources = join(import.meta.dirname, '..', 'resources');
  for (const [file, size] of [
    ['icon.png', 1024],
    [join('icons', '512x512.png'), 512],
  ] as const) {
    const path = join(resources, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, drawIcon(size));
    console.log(`wrote ${path}`);
  }
}
