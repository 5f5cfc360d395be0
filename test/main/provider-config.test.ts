import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultScope } from '../../src/core/config.ts';
import { appPageUrl, preloadPath } from '../../src/main/app-page.ts';
import { pageContentSecurityPolicy } from '../../src/main/content-security-policy.ts';
import { chooseProvider } from '../../src/main/provider-config.ts';

describe('which provider the app signs in against', () => {
  it('runs the embedded demo when nothing is configured', () => {
    expect(chooseProvider({})).toEqual({ kind: 'demo', scope: defaultScope });
    expect(chooseProvider({ DEVICE_SIGNIN_ISSUER: ' ', DEVICE_SIGNIN_CLIENT_ID: '' })).toEqual({ kind: 'demo', scope: defaultScope });
  });

  it('uses the configured issuer, client, scope and audience', () => {
    expect(
      chooseProvider({
        DEVICE_SIGNIN_ISSUER: 'https://id.example.test',
        DEVICE_SIGNIN_CLIENT_ID: 'desktop',
        DEVICE_SIGNIN_SCOPE: 'openid email',
        DEVICE_SIGNIN_AUDIENCE: 'https://api.example.test',
      }),
    ).toEqual({
      kind: 'configured',
      config: { issuer: 'https://id.example.test', clientId: 'desktop', scope: 'openid email', audience: 'https://api.example.test' },
    });
  });

  it('says so when only half is configured, rather than quietly running the demo', () => {
    expect(chooseProvider({ DEVICE_SIGNIN_ISSUER: 'https://id.example.test' }).kind).toBe('invalid');
    expect(chooseProvider({ DEVICE_SIGNIN_CLIENT_ID: 'desktop' }).kind).toBe('invalid');
  });
});

describe('the page the window loads', () => {
  it('is the built page, unless an unpackaged app runs under the development server', () => {
    expect(appPageUrl({ isPackaged: true, devServerUrl: 'http://localhost:5173', mainDir: '/app/out/main' })).toBe(
      'file:///app/out/renderer/index.html',
    );
    expect(appPageUrl({ isPackaged: false, devServerUrl: undefined, mainDir: '/app/out/main' })).toBe(
      'file:///app/out/renderer/index.html',
    );
    expect(appPageUrl({ isPackaged: false, devServerUrl: 'http://localhost:5173', mainDir: '/app/out/main' })).toBe(
      'http://localhost:5173',
    );
    expect(preloadPath('/app/out/main')).toBe('/app/out/preload/index.cjs');
  });

  it("carries the same Content Security Policy in its <meta> as main's header", async () => {
    const html = await readFile(resolve(import.meta.dirname, '../../src/renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(pageContentSecurityPolicy);
  });
});
