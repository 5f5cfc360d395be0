/**
 * The screens suites' window: the real built renderer in one Chromium per test file, on a bridge
 * per environment, driven by a scripted flow so that any state can be shown at once. A page is
 * opened once per language or size and reused across states (a state is pushed, not reloaded),
 * and every script error or CSP violation on any page fails the file.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { FlowState } from '../../src/shared/flow-state.ts';
import { knownLocale } from '../../src/shared/i18n/window-locale.ts';
import type { AppEnvironment } from '../../src/shared/ipc.ts';
import { buildApp } from './built-app.ts';
import type { Box } from './layout-checks.ts';
import { launchBrowser } from './phone.ts';
import { serveRenderer, type RendererBridge } from './renderer-bridge.ts';
import { issuer, type NamedScreen } from './screen-states.ts';
import { createScriptedFlow, type ScriptedFlow } from './scripted-flow.ts';

/** The embedded demo, as a fresh install shows it: its one-line notice on every screen. */
export const demoEnvironment: AppEnvironment = { demo: true, issuer, managed: ['issuer'] };

export interface WindowOptions {
  readonly environment?: AppEnvironment;
  /**
   * The window's language: one of the catalogs (`de`, `ar`, `en-XA`…) is main's choice, handed to
   * the window as the preload does; anything else (`ar-EG`) is the browser's preferred language,
   * as the OS's would be, from which the window chooses. English by default.
   */
  readonly locale?: string;
  readonly width?: number;
  readonly height?: number;
  /** 2 for 200 % zoom: half the CSS pixels, each drawn twice as large. */
  readonly scale?: number;
  /** The page's clock under the test's hand (Playwright's clock), installed before it loads. */
  readonly clock?: boolean;
}

export interface ScreenPage {
  readonly page: Page;
  readonly bridge: RendererBridge;
  /** Shows `state` and waits until `ready` (by default its status) is drawn. */
  show(state: FlowState, ready?: string): Promise<void>;
  /** Shows the screen with its accounts, and waits until it is drawn. */
  showScreen(screen: NamedScreen): Promise<void>;
  close(): Promise<void>;
}

export interface ScreenSuite {
  readonly flow: ScriptedFlow;
  readonly browser: Browser;
  open(options?: WindowOptions): Promise<ScreenPage>;
  /** What the window asked the flow since `before` (a length of `flow.calls`). */
  calledSince(before: number): readonly string[];
  close(): Promise<void>;
}

/** For a file's beforeAll: the shared build of the app and a Chromium. */
export async function startScreens(): Promise<ScreenSuite> {
  const [{ rendererDir }, browser] = await Promise.all([buildApp('screens'), launchBrowser()]);
  const flow = createScriptedFlow();
  const errors: string[] = [];
  // A new context costs Chromium more than a page in one (about 0.2 CPU-s for both in the headless
  // shell), so the windows of a file share a context per zoom; a clock, or a browser language to
  // choose from, gets a context of its own.
  const contexts = new Map<number, Promise<BrowserContext>>();
  const newContext = (scale: number, browserLocale = 'en-US'): Promise<BrowserContext> =>
    browser.newContext({ locale: browserLocale, deviceScaleFactor: scale, reducedMotion: 'reduce' });
  /** The context for a window, and whether it is the window's own (closed with it). */
  const contextFor = async (options: WindowOptions, browserLocale?: string): Promise<{ context: BrowserContext; own: boolean }> => {
    const scale = options.scale ?? 1;
    if (options.clock === true || browserLocale !== undefined) return { context: await newContext(scale, browserLocale), own: true };
    const shared = contexts.get(scale) ?? newContext(scale);
    contexts.set(scale, shared);
    return { context: await shared, own: false };
  };
  const open = async (options: WindowOptions = {}): Promise<ScreenPage> => {
    // A catalog's name is main's choice, handed over as the preload does; anything else is the browser's language.
    const locale = knownLocale(options.locale);
    const browserLocale = locale === undefined ? options.locale : undefined;
    const bridge = await serveRenderer({
      flow,
      environment: options.environment ?? demoEnvironment,
      rendererDir,
      ...(locale === undefined ? {} : { locale }),
    });
    const { context, own } = await contextFor(options, browserLocale);
    const page = await context.newPage();
    await page.setViewportSize({ width: options.width ?? 460, height: options.height ?? 720 });
    const where = `${options.locale ?? 'en-US'} ${String(options.width ?? 460)}x${String(options.height ?? 720)}`;
    page.on('pageerror', (error) => errors.push(`${where}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${where}: ${message.text()}`);
    });
    if (options.clock === true) await page.clock.install();
    await page.goto(bridge.url);
    await page.locator('main:not([data-status=loading])').waitFor();
    const show = async (
      state: FlowState,
      ready = `main[data-status="${state.status}"]`,
      accounts?: NamedScreen['accounts'],
    ): Promise<void> => {
      // The accounts first, as the window has them when a code adds one: listed while signed in.
      const kept = accounts?.() ?? [];
      flow.keep(kept);
      await bridge.listAccounts();
      flow.show(state, kept);
      await page.locator(ready).first().waitFor();
    };
    return {
      page,
      bridge,
      show,
      showScreen: (screen) => {
        const state = screen.state();
        return show(state, screen.ready, screen.accounts);
      },
      close: async () => {
        await (own ? context.close() : page.close());
        await bridge.close();
      },
    };
  };
  return {
    flow,
    browser,
    open,
    calledSince: (before) => flow.calls.slice(before),
    close: async () => {
      await browser.close();
      expect(errors, 'no CSP violation or script error on any screen').toEqual([]);
    },
  };
}

/** Whether `inner` lies within `outer`, half a pixel of rounding allowed. */
export function within(inner: Box, outer: Box): boolean {
  const across = inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5;
  return across && inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5;
}
