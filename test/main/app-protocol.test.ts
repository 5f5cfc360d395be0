/**
 * app://renderer answers the built renderer folder and nothing else: traversal in every spelling
 * a URL can carry it, symlinks out of the folder, other hosts and other methods are refused. Run
 * on the real built page, so every file it references is shown to be served.
 */
import { mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { appFileFor, appPageUrl, appSchemePrivileges, createAppProtocolHandler } from '../../src/main/app-protocol.ts';
import { headerContentSecurityPolicy } from '../../src/main/content-security-policy.ts';
import { isAppPage } from '../../src/main/trusted-sender.ts';
import { buildApp } from '../support/built-app.ts';

let rendererDir: string;
let handle: ReturnType<typeof createAppProtocolHandler>;
const get = (url: string) => handle({ url, method: 'GET' });

beforeAll(async () => {
  ({ rendererDir } = await buildApp('app-protocol'));
  // A secret beside the renderer folder, and a symlink inside it pointing at the secret.
  await writeFile(join(rendererDir, '../secret.txt'), 'secret');
  await symlink(join(rendererDir, '../secret.txt'), join(rendererDir, 'link.txt')).catch(() => undefined);
  handle = createAppProtocolHandler({
    rendererDir,
    readFile: (path) => readFile(path),
    contentSecurityPolicy: headerContentSecurityPolicy,
  });
}, 120_000);

describe('app://renderer', () => {
  it('serves the built page with its CSP header, and every script and stylesheet it references', async () => {
    const page = await get(appPageUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(headerContentSecurityPolicy);
    const html = await page.text();
    const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) {
      const asset = await get(new URL(reference, appPageUrl).href);
      expect(asset.status, reference).toBe(200);
      expect(asset.headers.get('content-type'), reference).toMatch(/^(text\/javascript|text\/css|image\/)/);
    }
    expect((await get('app://renderer/')).status).toBe(200);
  });

  it('is the page the sender check trusts, and nothing else on the scheme is', () => {
    expect(isAppPage({ url: appPageUrl, isMainFrame: true }, appPageUrl)).toBe(true);
    expect(isAppPage({ url: 'app://other/index.html', isMainFrame: true }, appPageUrl)).toBe(false);
    expect(isAppPage({ url: 'file:///app/out/renderer/index.html', isMainFrame: true }, appPageUrl)).toBe(false);
  });

  it.each([
    'app://renderer/../../etc/passwd',
    'app://renderer/..%2f..%2fetc%2fpasswd',
    'app://renderer/%2e%2e/%2e%2e/etc/passwd',
    'app://renderer/.%2E/secret.txt',
    'app://renderer/..%5csecret.txt',
    'app://renderer/assets/..%2f..%2fsecret.txt',
    'app://renderer/%2fetc%2fpasswd',
    'app://renderer/index.html%00.png',
    'app://renderer/C:%5cWindows%5cwin.ini',
    'app://renderer/link.txt',
    'app://renderer/no-such-file.js',
  ])('refuses %s', async (url) => {
    const answer = await get(url);
    expect(answer.status).toBe(404);
    const body = await answer.text();
    expect(body).not.toContain('secret');
    expect(body).not.toContain('root:');
  });

  it('refuses other hosts, credentials, other schemes, malformed escapes and methods other than GET and HEAD', async () => {
    for (const url of [
      'app://evil/index.html',
      'app://renderer.evil/index.html',
      'app://user:pw@renderer/index.html',
      'file:///etc/passwd',
    ]) {
      expect((await get(url)).status, url).toBe(404);
    }
    expect((await get('app://renderer/%E0%A4%A')).status).toBe(400);
    expect((await handle({ url: appPageUrl, method: 'POST' })).status).toBe(405);
    const head = await handle({ url: appPageUrl, method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('resolves names only below the folder it was given', () => {
    expect(appFileFor('app://renderer/assets/index.js', '/app/out/renderer')).toEqual({ path: '/app/out/renderer/assets/index.js' });
    expect(appFileFor('app://renderer/../main/index.js', '/app/out/renderer')).toEqual({ path: '/app/out/renderer/main/index.js' });
    expect(appFileFor('not a url', '/app/out/renderer')).toEqual({ refused: 'bad_request' });
  });

  it('is registered as a standard, secure scheme with V8’s code cache, that does not bypass the CSP', async () => {
    expect(appSchemePrivileges.privileges).toMatchObject({ standard: true, secure: true, codeCache: true });
    expect(appSchemePrivileges.privileges).not.toHaveProperty('bypassCSP');
    const dir = await mkdtemp(join(tmpdir(), 'app-protocol-'));
    await writeFile(join(dir, 'index.html'), '<p>x</p>');
    const other = createAppProtocolHandler({ rendererDir: dir, readFile: (path) => readFile(path), contentSecurityPolicy: 'x' });
    expect(await (await other({ url: appPageUrl, method: 'GET' })).text()).toBe('<p>x</p>');
  });
});
