import { describe, expect, it } from 'vitest';
import { appPageUrl, preloadPath, rendererDir } from '../../src/main/app-page.ts';

describe('the page the window loads', () => {
  it('is the built page on app://renderer, unless an unpackaged app runs under the development server', () => {
    expect(appPageUrl({ isPackaged: true, devServerUrl: 'http://localhost:5173' })).toBe('app://renderer/index.html');
    expect(appPageUrl({ isPackaged: false, devServerUrl: undefined })).toBe('app://renderer/index.html');
    expect(appPageUrl({ isPackaged: false, devServerUrl: '' })).toBe('app://renderer/index.html');
    expect(appPageUrl({ isPackaged: false, devServerUrl: 'http://localhost:5173' })).toBe('http://localhost:5173');
    expect(preloadPath('/app/out/main')).toBe('/app/out/preload/index.cjs');
    expect(rendererDir('/app/out/main')).toBe('/app/out/renderer');
  });
});
