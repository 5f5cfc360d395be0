import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchBrowser } from './phone.ts';
import { type ProxiedProvider, type ProxiedProviderOptions, startTestProvider } from './provider-proxy.ts';
import { type StrictServer, type StrictServerOptions, startStrictServer } from './strict-server.ts';

export interface PhoneFixture {
  /** The file's one Chromium, which plays the phone. */
  browser(): Browser;
  /**
   * A demo provider that is closed after the test. Given an `interval`, it stands behind a proxy
   * that announces it (oidc-provider announces none, so clients wait RFC 8628's default 5 s).
   */
  provider(options?: ProxiedProviderOptions): Promise<ProxiedProvider>;
  /** A strict server (demo provider behind it) that is closed after the test. */
  strictServer(options?: StrictServerOptions): Promise<StrictServer>;
  /** Anything else to undo after the test. */
  afterTest(cleanup: () => unknown): void;
}

/**
 * The hooks every suite that signs in with a phone needs: one Chromium for the file (launched
 * once, because it is the slow part), and whatever a test starts stopped after that test.
 */
export function usePhoneFixture(): PhoneFixture {
  let browser: Browser | undefined;
  const cleanups: (() => unknown)[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map(async (cleanup) => cleanup()));
  });
  afterAll(async () => {
    await browser?.close();
  });
  const afterTest = (cleanup: () => unknown): void => {
    cleanups.push(cleanup);
  };
  return {
    browser: () => {
      if (browser === undefined) throw new Error('the phone is used before beforeAll launched it');
      return browser;
    },
    async provider(options = {}) {
      const op = await startTestProvider(options);
      afterTest(() => op.close());
      return op;
    },
    async strictServer(options = {}) {
      const server = await startStrictServer(options);
      afterTest(() => server.close());
      return server;
    },
    afterTest,
  };
}
