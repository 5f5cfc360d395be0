/**
 * Runs the sign-in window outside Electron: serves the built renderer over http on 127.0.0.1 and
 * answers the preload's API over a real sign-in flow in Node, with the very request handlers
 * main registers on IPC (src/main/request-handlers.ts). The page gets `window.deviceSignIn` from
 * test/support/browser/bridge-client.ts, which this server adds to index.html.
 *
 * The bridge stands in for the OS where Electron would touch it: "copied" codes and "opened"
 * pages are recorded for tests to check instead of reaching the clipboard and the browser.
 *
 * For development: `node test/support/renderer-bridge.ts` (after `npm run build`) serves the
 * window against the embedded demo provider and prints its address.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { transformWithOxc } from 'vite';
import type { FlowState } from '../../src/shared/flow-state.ts';
import { type AppEnvironment, isRequestMethod, requestChannelOf, type RequestHandlers } from '../../src/shared/ipc.ts';
import { headerContentSecurityPolicy } from '../../src/main/content-security-policy.ts';
import { contentTypes } from '../../src/main/app-protocol.ts';
import { publicState } from '../../src/main/public-state.ts';
import { createRequestHandlers, type RequestHandlerOptions, type WindowFlow } from '../../src/main/request-handlers.ts';
import { recordingDesktop } from './recording-desktop.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const clientSource = join(import.meta.dirname, 'browser/bridge-client.ts');
const clientPath = '/bridge/client.js';

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
  close(): Promise<void>;
}

export interface RendererBridgeOptions {
  readonly flow: BridgeFlow;
  readonly environment: AppEnvironment;
  /** The built renderer; default out/renderer. */
  readonly rendererDir?: string;
  readonly port?: number;
  /** "Check this computer", as main would run it (src/main/computer-check.ts); without it the request fails. */
  readonly checkComputer?: RequestHandlerOptions['checkComputer'];
}

export async function serveRenderer(options: RendererBridgeOptions): Promise<RendererBridge> {
  const rendererDir = resolve(options.rendererDir ?? join(repoRoot, 'out/renderer'));
  const indexHtml = withBridgeClient(await readFile(join(rendererDir, 'index.html'), 'utf8'));
  // The client builds a method per request from the one list in src/shared/ipc.ts, given here.
  const requestMethods = `const REQUEST_METHODS = ${JSON.stringify(Object.keys(requestChannelOf))};\n`;
  const clientScript = requestMethods + (await transformWithOxc(await readFile(clientSource, 'utf8'), clientSource)).code;
  const desktop = recordingDesktop();
  const streams = new Set<ServerResponse>();
  let closeRequests = 0;

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
    ...(options.checkComputer === undefined ? {} : { checkComputer: options.checkComputer }),
  });

  const unsubscribe = options.flow.subscribe((state) => {
    for (const stream of streams) sendState(stream, state);
  });

  const site: Site = { origin: '', flow: options.flow, handlers, rendererDir, indexHtml, clientScript, streams };
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

/** What one bridge serves, for its request handler; `origin` is known once the server listens. */
interface Site {
  origin: string;
  readonly flow: BridgeFlow;
  readonly handlers: RequestHandlers;
  readonly rendererDir: string;
  readonly indexHtml: string;
  readonly clientScript: string;
  readonly streams: Set<ServerResponse>;
}

async function route(site: Site, request: IncomingMessage, response: ServerResponse): Promise<void> {
  // Like main's sender check: answer only this page, reached by its own address (a page on
  // another site, or a DNS-rebound name, must not drive the sign-in).
  if (`http://${request.headers.host ?? ''}` !== site.origin) {
    response.writeHead(421).end();
    return;
  }
  const path = new URL(request.url ?? '/', site.origin).pathname;
  if (request.method === 'POST' && path.startsWith('/bridge/')) {
    if (request.headers.origin !== site.origin) {
      response.writeHead(403).end();
      return;
    }
    const method = path.slice('/bridge/'.length);
    if (!isRequestMethod(method)) {
      response.writeHead(404).end();
      return;
    }
    const result: unknown = await site.handlers[requestChannelOf[method]]();
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify(result ?? null));
    return;
  }
  if (request.method !== 'GET') {
    response.writeHead(405).end();
    return;
  }
  if (path === '/bridge/state') {
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    site.streams.add(response);
    request.on('close', () => site.streams.delete(response));
    // The stream may open after a change the page's getState() missed; the current state closes that gap.
    sendState(response, site.flow.getState());
    return;
  }
  if (path === clientPath) {
    send(response, '.js', site.clientScript);
    return;
  }
  if (path === '/favicon.ico') {
    // Browsers ask for it; the Electron window has none. Answered so a 404 is never noise in a test.
    response.writeHead(204).end();
    return;
  }
  if (path === '/' || path === '/index.html') {
    send(response, '.html', site.indexHtml);
    return;
  }
  const file = resolve(site.rendererDir, `.${decodeURIComponent(path)}`);
  if (!file.startsWith(site.rendererDir + sep)) {
    response.writeHead(404).end();
    return;
  }
  try {
    send(response, extname(file), await readFile(file));
  } catch {
    response.writeHead(404).end();
  }
}

/**
 * The bridge script goes before the app's script. Both are modules, which run in document order,
 * so the global exists when the app starts.
 */
function withBridgeClient(html: string): string {
  const at = html.indexOf('<script');
  if (at === -1) throw new Error('The built index.html has no <script>: is out/renderer a renderer build?');
  return `${html.slice(0, at)}<script type="module" src="${clientPath}"></script>\n    ${html.slice(at)}`;
}

function send(response: ServerResponse, extension: string, body: string | Buffer): void {
  response.writeHead(200, {
    'content-type': contentTypes[extension] ?? 'application/octet-stream',
    'content-security-policy': headerContentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  response.end(body);
}

function sendState(stream: ServerResponse, state: FlowState): void {
  stream.write(`data: ${JSON.stringify(publicState(state))}\n\n`);
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
