/**
 * Runs a built main bundle in a forked Node process under the stand-in `electron`
 * (electron-hooks.ts), and gives the test what it reported, a way to wait for a report, and a
 * way to invoke an IPC request as the page would.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Reported = Record<string, unknown> & { readonly type: string };

export interface BootedMain {
  readonly events: Reported[];
  readonly folder: string;
  /** Resolves with the first report (past or future) that `match` accepts. */
  waitFor(match: (event: Reported) => boolean, what: string): Promise<Reported>;
  /** Invokes a request as a page at `frameUrl` (the app's own by default) in the window's top frame would. */
  invoke(channel: string, frameUrl?: string): Promise<unknown>;
  /** Emits an app event as the OS would: 'second-instance' for a second launch. */
  emit(event: 'second-instance' | 'activate'): void;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
  stop(): void;
}

export interface BootOptions {
  readonly packaged?: boolean;
  readonly argv?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly platform?: NodeJS.Platform;
}

/** The environment variables of the sign-in settings: the demo needs none of them set. */
const settingsVariables = /^(DEVICE_SIGNIN_|ELECTRON_RENDERER_URL$)/;

export async function bootMain(bundle: string, options: BootOptions = {}): Promise<BootedMain> {
  const folder = await mkdtemp(join(tmpdir(), 'device-signin-boot-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !settingsVariables.test(name)));
  const child: ChildProcess = fork(bundle, [...(options.argv ?? [])], {
    execArgv: ['--import', new URL('./electron-hooks.ts', import.meta.url).pathname],
    env: {
      ...env,
      STAND_IN_DIR: folder,
      ...(options.packaged === true ? { STAND_IN_PACKAGED: '1' } : {}),
      ...(options.platform === undefined ? {} : { STAND_IN_PLATFORM: options.platform }),
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const events: Reported[] = [];
  const waiters = new Set<{ match: (event: Reported) => boolean; resolve: (event: Reported) => void }>();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.on('message', (message: Reported) => {
    events.push(message);
    for (const waiter of waiters) {
      if (!waiter.match(message)) continue;
      waiters.delete(waiter);
      waiter.resolve(message);
    }
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      resolve(code);
    }),
  );
  const waitFor = (match: (event: Reported) => boolean, what: string): Promise<Reported> => {
    const seen = events.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      waiters.add({ match, resolve });
      void exited.then((code) => {
        reject(new Error(`The main process ended (${String(code)}) before ${what}.\n${stderr}`));
      });
    });
  };
  let nextId = 0;
  return {
    events,
    folder,
    waitFor,
    exited,
    invoke: async (channel, frameUrl) => {
      nextId += 1;
      const id = nextId;
      child.send({ invoke: channel, id, ...(frameUrl === undefined ? {} : { frameUrl }) });
      const answer = await waitFor((event) => event.type === 'invoke.answer' && event['id'] === id, `the answer to ${channel}`);
      if (typeof answer['error'] === 'string') throw new Error(answer['error']);
      return answer['value'];
    },
    emit: (event) => {
      child.send({ emit: event });
    },
    stop: () => {
      child.kill();
    },
  };
}
