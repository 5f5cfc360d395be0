import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { headerContentSecurityPolicy, pageContentSecurityPolicy } from '../../src/main/content-security-policy.ts';
import { buildApp } from '../support/built-app.ts';

let outDir: string;

beforeAll(async () => {
  ({ outDir } = await buildApp('built-app'));
}, 120_000);

describe('the built app, as it would ship', () => {
  it('carries the Content Security Policy in the built page', async () => {
    const html = await readFile(join(outDir, 'renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(pageContentSecurityPolicy);
    // No inline script that a strict CSP would have to allow.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('loads a CommonJS preload (a sandboxed preload cannot be an ES module) and has main set the CSP header', async () => {
    expect(await readdir(join(outDir, 'preload'))).toEqual(['index.cjs']);
    const main = await readFile(join(outDir, 'main/index.js'), 'utf8');
    expect(main).toContain("frame-ancestors 'none'");
    expect(headerContentSecurityPolicy.startsWith(pageContentSecurityPolicy)).toBe(true);
  });
});
