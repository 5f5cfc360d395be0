/**
 * Stand-ins for where Electron's installer downloads from (ELECTRON_MIRROR), all on 127.0.0.1:
 * a mirror that serves a small fake Electron, one that takes the connection and never answers,
 * and a port nothing listens on. Each notes what was asked of it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';

export interface Mirror {
  /** With a trailing slash, as ELECTRON_MIRROR wants it. */
  readonly url: string;
  /** The path of every request, in order. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

async function listen(server: Server, requests: readonly string[]): Promise<Mirror> {
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolveClose) => server.close(resolveClose));
    },
  };
}

/** Serves `files` (path → bytes) and answers `otherwise` (404 unless told) to anything else. */
export function startMirror(files: ReadonlyMap<string, Buffer>, otherwise = 404): Promise<Mirror> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const path = request.url ?? '';
    requests.push(path);
    const body = files.get(path);
    response.writeHead(body ? 200 : otherwise, { 'content-type': 'application/octet-stream', 'content-length': body?.length ?? 0 });
    response.end(body);
  });
  return listen(server, requests);
}

/** Accepts every request and never answers, like a proxy or a network that has gone quiet. */
export function startSilentMirror(): Promise<Mirror> {
  const requests: string[] = [];
  const server = createServer((request) => {
    requests.push(request.url ?? '');
  });
  return listen(server, requests);
}

/** A loopback port that was free a moment ago and has nothing listening: connections are refused at once. */
export async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  const mirror = await listen(server, []);
  await mirror.close();
  return Number(new URL(mirror.url).port);
}

/** A zip without compression, with Unix modes kept, which is all Electron's extractor needs to read. */
export function storedZip(entries: readonly { readonly name: string; readonly data: Buffer; readonly mode: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made on Unix, so the external attributes are a mode
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((0o100000 | entry.mode) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The release folder of a mirror: the zip holding `executable` as Electron, at the path the installer asks for. */
export function electronRelease(version: string, executable: string): Map<string, Buffer> {
  const zipName = `electron-v${version}-${process.platform}-${process.arch}.zip`;
  const zip = storedZip([
    { name: 'electron', data: Buffer.from(executable), mode: 0o755 },
    { name: 'version', data: Buffer.from(`v${version}`), mode: 0o644 },
  ]);
  return new Map([[`/v${version}/${zipName}`, zip]]);
}
