import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSizes {
  readonly rendererJsBytes: number;
  /** zlib's default level (6), each file compressed on its own as a server would send it. */
  readonly rendererJsGzipBytes: number;
  readonly rendererJsFiles: number;
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

async function sizes(paths: readonly string[]): Promise<{ bytes: number; gzipBytes: number }> {
  let bytes = 0;
  let gzipBytes = 0;
  for (const path of paths) {
    const content = await readFile(path);
    bytes += content.byteLength;
    gzipBytes += gzipSync(content).byteLength;
  }
  return { bytes, gzipBytes };
}

/** Sizes of a build made by buildApp (the same layout as `npm run build`'s out/). */
export async function measureBundles(outDir: string): Promise<BundleSizes> {
  const rendererJs = await filesIn(join(outDir, 'renderer/assets'), '.js');
  if (rendererJs.length === 0) throw new Error(`no renderer JavaScript in ${outDir}/renderer/assets`);
  const renderer = await sizes(rendererJs);
  const main = await sizes([...(await filesIn(join(outDir, 'main'))), ...(await filesIn(join(outDir, 'preload')))]);
  return {
    rendererJsBytes: renderer.bytes,
    rendererJsGzipBytes: renderer.gzipBytes,
    rendererJsFiles: rendererJs.length,
    mainBytes: main.bytes,
    mainGzipBytes: main.gzipBytes,
  };
}
