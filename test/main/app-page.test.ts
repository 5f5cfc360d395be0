import { describe, expect, it } from 'vitest';
import { appPageUrl, preloadPath } from '../../src/main/app-page.ts';

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
});
