/**
 * A sign-in window as the end-to-end tests use it: the embedded demo provider, the real core's
 * flow against it, the built renderer served by the bridge, and a Chromium page showing it.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createSignInFlow, type SignInFlow } from '../../src/core/flow/sign-in-flow.ts';
import { defaultScope } from '../../src/core/config.ts';
import { type ProxiedProvider, type ProxiedProviderOptions, startTestProvider } from './provider-proxy.ts';
import { serveRenderer, type RendererBridge } from './renderer-bridge.ts';

export interface DemoWindow {
  readonly provider: ProxiedProvider;
  readonly flow: SignInFlow;
  readonly bridge: RendererBridge;
  readonly page: Page;
  /** Stops the provider early (to take the server away); close() then leaves it alone. */
  stopProvider(): Promise<void>;
  close(): Promise<void>;
}

export async function openDemoWindow(
  browser: Browser,
  rendererDir: string,
  providerOptions: ProxiedProviderOptions = {},
): Promise<DemoWindow> {
  const provider = await startTestProvider(providerOptions);
  const flow = createSignInFlow({
    config: { issuer: provider.issuer, clientId: provider.clientId, scope: defaultScope },
    fetch: (url, init) => fetch(url, init),
  });
  const bridge = await serveRenderer({ flow, environment: { demo: true, issuer: provider.issuer, managed: [] }, rendererDir });
  const context: BrowserContext = await browser.newContext({ viewport: { width: 460, height: 720 }, colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(bridge.url);
  await page.locator('main[data-status="idle"]').waitFor();

  let providerRunning = true;
  const stopProvider = async (): Promise<void> => {
    if (!providerRunning) return;
    providerRunning = false;
    await provider.close();
  };
  return {
    provider,
    flow,
    bridge,
    page,
    stopProvider,
    close: async () => {
      flow.cancel();
      await context.close();
      await bridge.close();
      await stopProvider();
    },
  };
}
