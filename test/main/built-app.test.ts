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

  it("ships the window without the tests' browser bridge", async () => {
    const assets = await readdir(join(outDir, 'renderer/assets'));
    const scripts = await Promise.all(
      assets.filter((name) => name.endsWith('.js')).map((name) => readFile(join(outDir, 'renderer/assets', name), 'utf8')),
    );
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).not.toContain('/bridge/');
  });
});
