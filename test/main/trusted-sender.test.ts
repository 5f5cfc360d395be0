import { describe, expect, it } from 'vitest';
import { isAppPage } from '../../src/main/trusted-sender.ts';

const builtPage = 'file:///opt/Device%20Sign-In/resources/app.asar/out/renderer/index.html';
const devServer = 'http://localhost:5173';

describe('which IPC senders main answers', () => {
  it('answers the app page in the top frame, reloaded with a query or fragment or not', () => {
    expect(isAppPage({ url: builtPage, isMainFrame: true }, builtPage)).toBe(true);
    expect(isAppPage({ url: `${builtPage}?x=1#top`, isMainFrame: true }, builtPage)).toBe(true);
    expect(isAppPage({ url: 'http://localhost:5173/', isMainFrame: true }, devServer)).toBe(true);
    expect(isAppPage({ url: 'http://localhost:5173/index.html', isMainFrame: true }, devServer)).toBe(true);
  });

  it('refuses a frame inside the page, even one showing the app page', () => {
    expect(isAppPage({ url: builtPage, isMainFrame: false }, builtPage)).toBe(false);
  });

  it('refuses any other page: another file, another site, another port, another scheme', () => {
    expect(isAppPage({ url: 'file:///tmp/evil.html', isMainFrame: true }, builtPage)).toBe(false);
    expect(isAppPage({ url: 'https://example.test/index.html', isMainFrame: true }, builtPage)).toBe(false);
    expect(isAppPage({ url: 'http://localhost:5174/', isMainFrame: true }, devServer)).toBe(false);
    expect(isAppPage({ url: 'https://localhost:5173/', isMainFrame: true }, devServer)).toBe(false);
    expect(isAppPage({ url: 'http://localhost:5173/other.html', isMainFrame: true }, devServer)).toBe(false);
  });

  it('refuses a sender it cannot identify', () => {
    expect(isAppPage(null, builtPage)).toBe(false);
    expect(isAppPage(undefined, builtPage)).toBe(false);
    expect(isAppPage({ url: 'not a url', isMainFrame: true }, builtPage)).toBe(false);
    expect(isAppPage({ url: '', isMainFrame: true }, builtPage)).toBe(false);
  });
});
