/**
 * Runs the sign-in window outside Electron: serves the built renderer over http on 127.0.0.1 and
 * answers the preload's API over a real sign-in flow in Node, with the very request handlers
 * main registers on IPC (src/main/request-handlers.ts) and the accounts by main's ids
 * (src/main/window-accounts.ts). The page gets `window.deviceSignIn` from
 * test/support/browser/bridge-client.ts, which this server adds to index.html.
 *
 * The bridge stands in for the OS where Electron would touch it: "copied" codes and "opened"
 * pages are recorded for tests to check instead of reaching the clipboard and the browser.
 *
 * For development: `node test/support/renderer-bridge.ts` (after `npm run build`) serves the
 * window against the embedded demo provider and prints its address.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { transformWithOxc } from 'vite';
import { type AppEnvironment, requestArgumentOf, requestChannelOf } from '../../src/shared/ipc.ts';
import { createRequestHandlers, type RequestHandlerOptions, type WindowFlow } from '../../src/main/request-handlers.ts';
import { createWindowAccounts } from '../../src/main/window-accounts.ts';
import { route, sendAccounts, sendState, type Site, withBridgeClient } from './bridge-site.ts';
import { recordingDesktop } from './recording-desktop.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const clientSource = join(import.meta.dirname, 'browser/bridge-client.ts');

/** What the bridge drives: the core's SignInFlow, or a scripted stand-in in tests. */
export type BridgeFlow = WindowFlow;

export interface RendererBridge {
  /** The window's address, http://127.0.0.1:<port>/. */
  readonly url: string;
  /** User codes the page asked to copy, oldest first. */
  readonly copied: readonly string[];
  /** Pages the page asked to open in the system browser (after main's rule let them through). */
  readonly opened: readonly string[];
  readonly withoutBrowser: (missing: boolean) => void;
  /** How often the page asked main to close the window ("Done"); a browser tab stays open. */
  readonly closeRequests: () => number;
  /** Sends the window the kept accounts afresh, as main does after a sign-in or sign-out; for a test that changes them itself. */
  listAccounts(): Promise<void>;
  close(): Promise<void>;
}

export interface RendererBridgeOptions {
  readonly flow: BridgeFlow;
  readonly environment: AppEnvironment;
  /** The built renderer; default out/renderer. */
  readonly rendererDir?: string;
  readonly port?: number;
  /** The language main chose for the window (`window.deviceSignIn.locale`, as the preload gives it); none by default. */
  readonly locale?: string;
  /** "Check this computer", as main would run it (src/main/computer-check.ts); without it the request fails. */
  readonly checkComputer?: RequestHandlerOptions['checkComputer'];
}

export async function serveRenderer(options: RendererBridgeOptions): Promise<RendererBridge> {
  const rendererDir = resolve(options.rendererDir ?? join(repoRoot, 'out/renderer'));
  const indexHtml = withBridgeClient(await readFile(join(rendererDir, 'index.html'), 'utf8'));
  // The client builds a method per request from the one list in src/shared/ipc.ts, given here with the ones that take an argument.
  const requestMethods =
    `const REQUEST_METHODS = ${JSON.stringify(Object.keys(requestChannelOf))};\n` +
    `const ARGUMENT_METHODS = ${JSON.stringify(Object.keys(requestArgumentOf))};\n` +
    `const WINDOW_LOCALE = ${JSON.stringify(options.locale ?? null)};\n`;
  const clientScript = requestMethods + (await transformWithOxc(await readFile(clientSource, 'utf8'), clientSource)).code;
  const desktop = recordingDesktop();
  const streams = new Set<ServerResponse>();
  let closeRequests = 0;
  const accounts = createWindowAccounts(
    () => options.flow.accounts,
    (list) => {
      for (const stream of streams) sendAccounts(stream, list);
    },
  );

  const handlers = createRequestHandlers({
    flow: options.flow,
    environment: options.environment,
    writeClipboardText: desktop.writeClipboardText,
    openExternal: desktop.openExternal,
    closeWindow: () => {
      closeRequests += 1;
    },
    reportUnexpected: (error) => {
      console.error('renderer bridge: sign-in failed unexpectedly', error);
    },
    appVersion: 'test',
    accounts,
    ...(options.checkComputer === undefined ? {} : { checkComputer: options.checkComputer }),
  });

  const unsubscribe = options.flow.subscribe((state) => {
    for (const stream of streams) sendState(stream, state);
    accounts.follow(state);
  });

  const site: Site = { origin: '', flow: options.flow, handlers, rendererDir, indexHtml, clientScript, streams, accounts };
  const server = createServer((request, response) => {
    route(site, request, response).catch((error: unknown) => {
      console.error('renderer bridge: request failed', error);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  await new Promise<void>((resolveListen) => {
    server.listen(options.port ?? 0, '127.0.0.1', resolveListen);
  });
  site.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${site.origin}/`,
    copied: desktop.copied,
    opened: desktop.opened,
    withoutBrowser: desktop.withoutBrowser,
    closeRequests: () => closeRequests,
    listAccounts: async () => {
      await accounts.list();
    },
    close: async () => {
      unsubscribe();
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => {
        server.close(() => {
          resolveClose();
        });
      });
    },
  };
}

if (import.meta.main) {
  const { createSignInFlow } = await import('../../src/core/flow/sign-in-flow.ts');
  const { startDemoProvider } = await import('../../src/demo-provider/provider.ts');
  const { defaultScope } = await import('../../src/core/config.ts');
  const demo = await startDemoProvider();
  const flow = createSignInFlow({
    config: { issuer: demo.issuer, clientId: demo.clientId, scope: defaultScope },
    fetch: (url, init) => fetch(url, init),
  });
  const bridge = await serveRenderer({ flow, environment: { demo: true, issuer: demo.issuer, managed: [] } });
  console.log(`Sign-in window: ${bridge.url}  (demo provider ${demo.issuer}; Ctrl+C to stop)`);
}
