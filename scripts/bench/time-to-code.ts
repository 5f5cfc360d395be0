/**
 * How soon the window is usable and shows a code, read from performance marks in Chromium: the
 * built renderer served by the bridge (the tests' stand-in for Electron's IPC) over the real
 * core, against the demo provider on loopback. `code-visible` is marked by AwaitingUserView once
 * the code and QR have been committed; the probe below marks the rest.
 */
import type { Browser, Page } from 'playwright-core';
import { createSignInFlow } from '../../src/core/flow/sign-in-flow.ts';
import { defaultScope } from '../../src/core/config.ts';
import { startDemoProvider, type DemoProvider } from '../../src/demo-provider/provider.ts';
import { serveRenderer } from '../../test/support/renderer-bridge.ts';
import { progress } from './report.ts';

export interface TimeToCodeSample {
  /** Navigation start → the sign-in screen with its button in the DOM. */
  readonly loadToInteractive: number;
  readonly loadToDomContentLoaded: number;
  /** The Sign in click → code and QR committed (discovery and device authorization included). */
  readonly clickToCode: number;
  /** Navigation start → code and QR, when a code was already issued (the window reopened or reloaded). */
  readonly loadToIssuedCode: number;
  /** The same from DOMContentLoaded, i.e. once the renderer's script has run: state fetch and render only. */
  readonly domContentLoadedToIssuedCode: number;
}

const stepTimeoutMs = 15_000;

/*
 * Injected before any page script (Playwright adds it over CDP, outside the page's CSP). Plain
 * JavaScript because it runs in the page, not in Node.
 */
const probe = `
  document.addEventListener('click', () => {
    if (performance.getEntriesByName('bench-click').length === 0) performance.mark('bench-click');
  }, { capture: true });
  new MutationObserver((_, observer) => {
    if (document.querySelector('main[data-status="idle"] button') !== null) {
      performance.mark('bench-interactive');
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
`;

interface Marks {
  readonly click?: number;
  readonly interactive?: number;
  readonly codeVisible?: number;
  readonly domContentLoaded?: number;
}

async function readMarks(page: Page): Promise<Marks> {
  const raw: unknown = await page.evaluate(`(() => {
    const at = (name) => performance.getEntriesByName(name, 'mark')[0]?.startTime;
    const navigation = performance.getEntriesByType('navigation')[0];
    return JSON.stringify({
      click: at('bench-click'),
      interactive: at('bench-interactive'),
      codeVisible: at('code-visible'),
      domContentLoaded: navigation?.domContentLoadedEventEnd,
    });
  })()`);
  if (typeof raw !== 'string') throw new Error('the page returned no marks');
  return JSON.parse(raw) as Marks;
}

function required(value: number | undefined, what: string): number {
  if (value === undefined) throw new Error(`the page has no ${what} mark`);
  return value;
}

const markPollMs = 10;

async function waitForCodeMark(page: Page): Promise<void> {
  // Asked over CDP in a bounded loop: waitForFunction would evaluate a string in the page, which
  // the window's CSP (no 'unsafe-eval') refuses, and the bench must not loosen the CSP it measures.
  const deadline = performance.now() + stepTimeoutMs;
  while ((await readMarks(page)).codeVisible === undefined) {
    if (performance.now() > deadline) throw new Error(`no code-visible mark within ${stepTimeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, markPollMs));
  }
  // The mark says the code was committed; the QR must be there too, or the mark lies.
  await page.locator('svg.qr').waitFor({ timeout: stepTimeoutMs });
}

async function oneRun(browser: Browser, provider: DemoProvider, rendererDir: string): Promise<TimeToCodeSample> {
  // A fresh flow each run: the first Sign in of an app run includes discovery, as a user's does.
  const flow = createSignInFlow({
    config: { issuer: provider.issuer, clientId: provider.clientId, scope: defaultScope },
    fetch: (url, init) => fetch(url, init),
  });
  const bridge = await serveRenderer({ flow, environment: { demo: true, issuer: provider.issuer, managed: [] }, rendererDir });
  const context = await browser.newContext({ viewport: { width: 460, height: 720 }, colorScheme: 'light' });
  try {
    context.setDefaultTimeout(stepTimeoutMs);
    await context.addInitScript({ content: probe });
    const page = await context.newPage();
    await page.goto(bridge.url);
    await page.locator('main[data-status="idle"]').waitFor();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await waitForCodeMark(page);
    const first = await readMarks(page);

    await page.reload();
    await waitForCodeMark(page);
    const reloaded = await readMarks(page);
    return {
      loadToInteractive: required(first.interactive, 'bench-interactive'),
      loadToDomContentLoaded: required(first.domContentLoaded, 'DOMContentLoaded'),
      clickToCode: required(first.codeVisible, 'code-visible') - required(first.click, 'bench-click'),
      loadToIssuedCode: required(reloaded.codeVisible, 'code-visible (after reload)'),
      domContentLoadedToIssuedCode:
        required(reloaded.codeVisible, 'code-visible (after reload)') -
        required(reloaded.domContentLoaded, 'DOMContentLoaded (after reload)'),
    };
  } finally {
    flow.cancel();
    flow.dispose();
    await context.close();
    await bridge.close();
  }
}

export async function measureTimeToCode(browser: Browser, rendererDir: string, runs: number): Promise<TimeToCodeSample[]> {
  const provider = await startDemoProvider();
  try {
    const samples: TimeToCodeSample[] = [];
    for (let run = 1; run <= runs; run += 1) {
      progress(`time to code, run ${run}/${runs}`);
      samples.push(await oneRun(browser, provider, rendererDir));
    }
    return samples;
  } finally {
    await provider.close();
  }
}
