/**
 * What the renderer bridge (renderer-bridge.ts) answers over HTTP: the page and its files under the
 * page's CSP, a POST per request of src/shared/ipc.ts (with the page's argument where the request
 * takes one, as the preload forwards it), and Server-Sent Events for the state and the accounts,
 * each event named after its channel.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { contentTypes } from '../../src/main/app-protocol.ts';
import { headerContentSecurityPolicy } from '../../src/main/content-security-policy.ts';
import { publicState } from '../../src/main/public-state.ts';
import type { FlowState } from '../../src/shared/flow-state.ts';
import {
  accountsChannel,
  answerRequest,
  isRequestMethod,
  requestArgumentOf,
  requestChannelOf,
  type RequestHandlers,
  stateChannel,
  type WindowAccount,
} from '../../src/shared/ipc.ts';
import type { WindowFlow } from '../../src/main/request-handlers.ts';
import type { WindowAccounts } from '../../src/main/window-accounts.ts';

const clientPath = '/bridge/client.js';

/** What one bridge serves, for its request handler; `origin` is known once the server listens. */
export interface Site {
  origin: string;
  readonly flow: WindowFlow;
  readonly handlers: RequestHandlers;
  readonly rendererDir: string;
  readonly indexHtml: string;
  readonly clientScript: string;
  readonly streams: Set<ServerResponse>;
  readonly accounts: WindowAccounts;
}

export async function route(site: Site, request: IncomingMessage, response: ServerResponse): Promise<void> {
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
    // What the page sent, as the preload forwards it: an argument only where the request takes one.
    const args = Object.hasOwn(requestArgumentOf, method) ? ((await bodyOf(request)) as unknown[]) : [];
    const result: unknown = await answerRequest(site.handlers, requestChannelOf[method], args);
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
    // The stream may open after a change the page's getState() missed; the current state (and accounts) close that gap.
    sendState(response, site.flow.getState());
    void site.accounts.list();
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
export function withBridgeClient(html: string): string {
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

export function sendState(stream: ServerResponse, state: FlowState): void {
  stream.write(`event: ${stateChannel}\ndata: ${JSON.stringify(publicState(state))}\n\n`);
}

export function sendAccounts(stream: ServerResponse, accounts: readonly WindowAccount[]): void {
  stream.write(`event: ${accountsChannel}\ndata: ${JSON.stringify(accounts)}\n\n`);
}

/** A request's JSON body: the page's arguments, as an array. */
async function bodyOf(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '[]');
  return Array.isArray(parsed) ? parsed : [];
}
