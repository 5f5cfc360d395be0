/**
 * The renderer's views in real Chromium, one view at a time (test/support/browser/view-harness.tsx):
 * the harness is built once per run with the window's own Vite plugins (React, the compiled
 * catalogs) into one script, put into a blank page, and each test mounts a view with its props and
 * reads what it draws and which actions it called. The page's stylesheet is the window's, so what
 * is hidden is hidden.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import type { AppEnvironment } from '../../src/shared/ipc.ts';
import { i18nCatalogs } from '../../scripts/i18n-catalogs.ts';
import { launchBrowser } from './phone.ts';
import { sharedBuild } from './shared-build.ts';

const repoRoot = resolve(import.meta.dirname, '../..');

async function harness(): Promise<{ readonly script: string; readonly style: string }> {
  const outDir = await sharedBuild('view-harness', async (into) => {
    await build({
      configFile: false,
      root: repoRoot,
      logLevel: 'warn',
      // React picks its build from NODE_ENV, which a library build leaves for the bundler to set;
      // under the test runner the JSX transform is the development one, so React's must be too.
      define: { 'process.env.NODE_ENV': JSON.stringify('development') },
      plugins: [react(), i18nCatalogs({ messagesDir: join(repoRoot, 'src/shared/i18n/messages') })],
      build: {
        outDir: into,
        emptyOutDir: true,
        minify: false,
        cssCodeSplit: false,
        lib: {
          entry: join(repoRoot, 'test/support/browser/view-harness.tsx'),
          formats: ['es'],
          fileName: () => 'harness.js',
          cssFileName: 'harness',
        },
        rolldownOptions: { output: { inlineDynamicImports: true } },
      },
    });
  });
  const [script, style] = await Promise.all([readFile(join(outDir, 'harness.js'), 'utf8'), readFile(join(outDir, 'harness.css'), 'utf8')]);
  return { script, style };
}

export interface MountedViews {
  readonly page: Page;
  /** Mounts `view` with `props`; `actions` are its callback props, each answering the value given. */
  mount(request: ViewRequest): Promise<void>;
  /** The callback props called since the page opened, by name, in order. */
  calls(): Promise<string[]>;
  /** The same, each as its name and what the view passed it. */
  callsWithArguments(): Promise<unknown[][]>;
  close(): Promise<void>;
}

/** For a file's beforeAll: a Chromium page holding the harness. */
export async function openViews(): Promise<MountedViews> {
  const [{ script, style }, browser]: [Awaited<ReturnType<typeof harness>>, Browser] = await Promise.all([harness(), launchBrowser()]);
  const page = await browser.newPage({ viewport: { width: 460, height: 720 } });
  await page.setContent('<!doctype html><html lang="en"><body><div id="root"></div></body></html>');
  await page.addStyleTag({ content: style });
  await page.addScriptTag({ content: script, type: 'module' });
  await page.waitForFunction('typeof window.mountView === "function"');
  return {
    page,
    mount: async (request) => {
      await page.evaluate(`window.mountView(${JSON.stringify(request)})`);
      await page.locator('#root > *').first().waitFor();
    },
    calls: () => page.evaluate<string[]>('[...window.viewCalls]'),
    callsWithArguments: () => page.evaluate<unknown[][]>('[...window.viewCallArguments]'),
    close: () => browser.close(),
  };
}

/**
 * A view to mount: its name, its plain props, its callback props with what each answers (null for
 * nothing: the request crosses as JSON), and where the window signs in.
 */
export interface ViewRequest {
  readonly view:
    | 'AwaitingUserView'
    | 'BusyView'
    | 'DeniedView'
    | 'ErrorView'
    | 'ExpiredView'
    | 'IdleView'
    | 'ReportView'
    | 'SignedInView'
    /** The signed-in screen's other accounts, which the window puts below its actions. */
    | 'KeptAccounts';
  readonly props: Readonly<Record<string, unknown>>;
  readonly actions: Readonly<Record<string, unknown>>;
  readonly environment?: AppEnvironment;
}

/** A test file's page of views: opened before its tests, closed after them; call the result inside a test. */
export function viewsOfThisFile(): () => MountedViews {
  let views: MountedViews | undefined;
  beforeAll(async () => {
    views = await openViews();
  });
  afterAll(async () => {
    await views?.close();
  });
  return () => {
    if (views === undefined) throw new Error('The views page is not open yet.');
    return views;
  };
}
