import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/cli/sha256.ts';

const nodeDigest = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('the SHA-256 that names session files', () => {
  it('gives the published digests of the empty string and "abc" (FIPS 180-4 examples)', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('agrees with node:crypto on every length around the block edges and on non-ASCII text', () => {
    for (let length = 0; length < 200; length += 1) {
      const text = Array.from({ length }, (_, index) => String.fromCharCode(32 + ((index * 7 + length) % 95))).join('');
      expect(sha256Hex(text), `length ${length}`).toBe(nodeDigest(text));
    }
    for (const text of ['https://login.example.com/tenant/v2.0\nclient-ü', 'émoji 🔑\nid', 'ﺍﻟﻌﺮﺑﻴﺔ\n中文'])
      expect(sha256Hex(text)).toBe(nodeDigest(text));
  });
});
