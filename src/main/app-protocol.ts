/**
 * The app's own page is served from `app://renderer/`, a privileged custom scheme, instead of
 * `file://`. A file:// page shares its origin with every file on the disk (and Electron grants it
 * extra privileges unless a fuse turns them off); app://renderer is an origin of its own, and this
 * handler answers only files inside the built renderer folder: nothing above it, no symlink out
 * of it, no other host. Plain code (no Electron import) so that it is tested directly; index.ts
 * registers it with protocol.handle.
 */
import { realpath } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, sep } from 'node:path';

export const appScheme = 'app';
export const appHost = 'renderer';
/** The page the window loads, and so the page IPC answers (trusted-sender.ts). */
export const appPageUrl = `${appScheme}://${appHost}/index.html`;

/**
 * What protocol.registerSchemesAsPrivileged needs: a standard scheme (an origin, relative URLs)
 * that counts as secure, with fetch and CORS so that the bundle's `<script type="module"
 * crossorigin>` loads, as VS Code registers its vscode-file scheme. Not `bypassCSP`: the page's
 * policy applies in full. `codeCache` (Electron 28+, standard schemes only) lets V8 keep the
 * bundle's compiled code between launches, as it does for http(s): most of the time before the
 * first screen is compiling React (docs/benchmarks.md, "Page load → sign-in screen interactive").
 */
export const appSchemePrivileges = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
} as const;

/** Content types of the files a built renderer holds. */
export const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The parts of a protocol.handle request that decide the answer. */
export interface AppRequest {
  readonly url: string;
  readonly method: string;
}

export interface AppProtocolOptions {
  /** The built renderer folder (out/renderer). */
  readonly rendererDir: string;
  readonly readFile: (path: string) => Promise<Uint8Array>;
  /** The Content Security Policy header every page answer carries. */
  readonly contentSecurityPolicy: string;
}

/**
 * The file a request names, or why there is none. Every path segment is decoded and must be an
 * ordinary name: an encoded slash or backslash, a NUL, or a dot segment that survived URL
 * parsing (`%2e%2e`, `..%2f`) is refused rather than resolved.
 */
export function appFileFor(
  url: string,
  rendererDir: string,
): { readonly path: string } | { readonly refused: 'not_found' | 'bad_request' } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { refused: 'bad_request' };
  }
  if (parsed.protocol !== `${appScheme}:` || parsed.host !== appHost || parsed.username !== '' || parsed.password !== '') {
    return { refused: 'not_found' };
  }
  const segments: string[] = [];
  const pathname = parsed.pathname === '/' ? '/index.html' : parsed.pathname;
  for (const raw of pathname.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { refused: 'bad_request' };
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0:]/.test(segment)) return { refused: 'not_found' };
    segments.push(segment);
  }
  const path = join(rendererDir, ...segments);
  return isInside(rendererDir, path) ? { path } : { refused: 'not_found' };
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/** The protocol.handle handler: GET and HEAD of files in the renderer folder, 404 for anything else. */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: AppRequest) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'Method not allowed');
    const file = appFileFor(request.url, options.rendererDir);
    if ('refused' in file) return answer(file.refused === 'bad_request' ? 400 : 404, 'Not found');
    // A symlink inside the folder must not lead out of it.
    const [root, real] = await Promise.all([realpath(options.rendererDir), realpath(file.path).catch(() => undefined)]);
    if (real === undefined || !isInside(root, real)) return answer(404, 'Not found');
    let body: Uint8Array;
    try {
      body = await options.readFile(real);
    } catch {
      return answer(404, 'Not found');
    }
    const type = contentTypes[extname(real).toLowerCase()] ?? 'application/octet-stream';
    const headers: Record<string, string> = { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
    if (type.startsWith('text/html')) headers['Content-Security-Policy'] = options.contentSecurityPolicy;
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}

function answer(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}
