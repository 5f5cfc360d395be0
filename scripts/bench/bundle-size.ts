import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSizes {
  /**
   * What one window loads at most: the JavaScript index.html names (entry and module preloads)
   * plus the largest chunk loaded later. Those chunks are one language's catalog each, and a window
   * loads one language, so the sum of every file would count catalogs nobody loads together.
   */
  readonly rendererJsBytes: number;
  /** zlib's default level (6), each file compressed on its own as a server would send it. */
  readonly rendererJsGzipBytes: number;
  readonly rendererJsFiles: number;
  readonly rendererStartGzipBytes: number;
  readonly rendererLargestLazyGzipBytes: number;
  /** Every .js file in renderer/assets, all languages included. */
  readonly rendererAllJsGzipBytes: number;
  /** out/main + out/preload: what Electron's main side loads from the app's own code. */
  readonly mainBytes: number;
  readonly mainGzipBytes: number;
}

async function filesIn(dir: string, extension?: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && (extension === undefined || entry.name.endsWith(extension)))
    .map((entry) => join(entry.parentPath, entry.name));
}

interface Size {
  readonly bytes: number;
  readonly gzipBytes: number;
}

async function sizeOf(path: string): Promise<Size> {
  const content = await readFile(path);
  return { bytes: content.byteLength, gzipBytes: gzipSync(content).byteLength };
}

const sum = (all: readonly Size[]): Size => ({
  bytes: all.reduce((total, size) => total + size.bytes, 0),
  gzipBytes: all.reduce((total, size) => total + size.gzipBytes, 0),
});

async function sizes(paths: readonly string[]): Promise<Size> {
  return sum(await Promise.all(paths.map(sizeOf)));
}

/** The scripts index.html loads before anything runs: `<script src>` and `<link rel=modulepreload>`. */
async function startScripts(rendererDir: string): Promise<Set<string>> {
  const html = await readFile(join(rendererDir, 'index.html'), 'utf8');
  const references = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)];
  return new Set(references.map((match) => join(rendererDir, match[1] ?? '')));
}

/** Sizes of a build made by buildApp (the same layout as `npm run build`'s out/). */
export async function measureBundles(outDir: string): Promise<BundleSizes> {
  const rendererJs = await filesIn(join(outDir, 'renderer/assets'), '.js');
  if (rendererJs.length === 0) throw new Error(`no renderer JavaScript in ${outDir}/renderer/assets`);
  const atStart = await startScripts(join(outDir, 'renderer'));
  if (!rendererJs.some((path) => atStart.has(path))) throw new Error(`index.html in ${outDir}/renderer names no script in assets`);
  const start = await sizes(rendererJs.filter((path) => atStart.has(path)));
  const lazy = await Promise.all(rendererJs.filter((path) => !atStart.has(path)).map(sizeOf));
  const largestLazy = lazy.reduce<Size>((largest, size) => (size.gzipBytes > largest.gzipBytes ? size : largest), {
    bytes: 0,
    gzipBytes: 0,
  });
  const loaded = sum([start, largestLazy]);
  const main = await sizes([...(await filesIn(join(outDir, 'main'))), ...(await filesIn(join(outDir, 'preload')))]);
  return {
    rendererJsBytes: loaded.bytes,
    rendererJsGzipBytes: loaded.gzipBytes,
    rendererJsFiles: rendererJs.length,
    rendererStartGzipBytes: start.gzipBytes,
    rendererLargestLazyGzipBytes: largestLazy.gzipBytes,
    rendererAllJsGzipBytes: sum([start, ...lazy]).gzipBytes,
    mainBytes: main.bytes,
    mainGzipBytes: main.gzipBytes,
  };
}
