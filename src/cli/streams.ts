import type { Streams } from './output.ts';
import type { TerminalSize } from './terminal.ts';

// Not `import … from 'node:fs'`: as an ES module node:fs is evaluated whole, fs.promises and
// its streams included; the built-in object itself loads those only when they are used.
const { writeSync } = process.getBuiltinModule('node:fs');

/**
 * stdout and stderr written straight to their file descriptors. The first touch of
 * `process.stdout` loads Node's stream machinery (and `net`, when it is a pipe): milliseconds
 * that `device-signin token` would pay on every call for one line. Any error (a pipe that would
 * block, a reader that went away) hands the stream, from that write on, to Node's own, so the
 * order is kept and Node's handling applies: a reader that goes away is exit status 1, not a crash.
 */
export function directStreams(): Streams {
  // node:tty is loaded only when asked (by `fetch`): `token` never pays for it.
  const isTerminal = (): boolean => process.getBuiltinModule('node:tty').isatty(1);
  // Asked by `login` only, which fits its QR code to the terminal: Node's stream knows the size.
  const size = (): TerminalSize | undefined => {
    if (!isTerminal()) return undefined;
    const { columns, rows } = process.stdout;
    return columns > 0 && rows > 0 ? { columns, rows } : undefined;
  };
  return { stdout: { ...directStream(1, stdoutOfNode), isTerminal, size }, stderr: directStream(2, () => process.stderr) };
}

function directStream(fd: 1 | 2, fallback: () => NodeJS.WritableStream): { write(data: string | Uint8Array): void } {
  let node: NodeJS.WritableStream | undefined;
  return {
    write(data) {
      if (node !== undefined) {
        node.write(data);
        return;
      }
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      let written = 0;
      try {
        while (written < bytes.length) written += writeSync(fd, bytes, written);
      } catch {
        node = fallback();
        node.write(bytes.subarray(written));
      }
    },
  };
}

/** `device-signin login --json | head -1`: the reader going away is not a crash. */
function stdoutOfNode(): NodeJS.WritableStream {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(1);
    throw error;
  });
  return process.stdout;
}
