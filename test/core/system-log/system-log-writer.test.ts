/**
 * How each platform's writer hands an event to the system log. On Linux the real util-linux
 * `logger` runs with `--no-act --stderr` (this machine has no journal socket), so the exact line
 * it would send is captured; Windows' eventcreate and macOS's logger are not here, so their calls
 * are recorded through the writer's spawn seam. Failures are real processes failing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type SystemEvent, systemEventRules } from '../../../src/core/system-log/system-events.ts';
import { type SpawnOptions, type SpawnTool, systemLogWriter, windowsEventSource } from '../../../src/core/system-log/system-log-writer.ts';
import { requirement } from '../../support/requirements.ts';

const completed: SystemEvent = {
  id: 100,
  name: 'sign_in_completed',
  level: 'information',
  issuer: 'login.example.com',
  account: 'alice@example.com',
  code: 'ok',
};
const failed: SystemEvent = { id: 101, name: 'sign_in_failed', level: 'error', issuer: 'login.example.com', code: 'access_denied' };
const completedText = 'device-signin event=100 sign_in_completed issuer=login.example.com account=alice@example.com code=ok';

interface Call {
  readonly command: string;
  readonly args: readonly string[];
  readonly options: SpawnOptions;
}

/** Records each call and runs `instead` (by default `true`, which succeeds): for the tools this machine lacks. */
function recording(instead: readonly string[] = ['true']): { spawn: SpawnTool; calls: Call[]; children: ChildProcess[] } {
  const calls: Call[] = [];
  const children: ChildProcess[] = [];
  return {
    calls,
    children,
    spawn: (command, args, options) => {
      calls.push({ command, args, options });
      const [program = 'true', ...rest] = instead;
      const child = spawn(program, rest, options);
      children.push(child);
      return child;
    },
  };
}

/** Once the process has ended and its output has been read to the end. */
function ended(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    child.once('close', (code, signal) => {
      resolve({ code, signal });
    });
  });
}

describe('the Windows writer', () => {
  it('calls eventcreate by its full path for the Application log, the app’s source, the event’s type and id', () => {
    const tool = recording();
    const write = systemLogWriter({ platform: 'win32', spawn: tool.spawn, systemRoot: 'C:\\Windows' });
    write(completed);
    write(failed);
    expect(tool.calls.map(({ command, args }) => [command, ...args])).toEqual([
      [
        'C:\\Windows\\System32\\eventcreate.exe',
        '/L',
        'APPLICATION',
        '/SO',
        'Device Sign-In',
        '/T',
        'INFORMATION',
        '/ID',
        '100',
        '/D',
        completedText,
      ],
      [
        'C:\\Windows\\System32\\eventcreate.exe',
        ...['/L', 'APPLICATION', '/SO', 'Device Sign-In', '/T', 'ERROR', '/ID', '101', '/D'],
        'device-signin event=101 sign_in_failed issuer=login.example.com account=- code=access_denied',
      ],
    ]);
  });

  it('starts it detached, hidden and without pipes, so nothing waits for it', () => {
    const tool = recording();
    systemLogWriter({ platform: 'win32', spawn: tool.spawn })(completed);
    expect(tool.calls[0]?.options).toEqual({ detached: true, stdio: 'ignore', windowsHide: true });
  });

  it('uses only ids eventcreate accepts (1 to 1000), each once', () => {
    const ids = Object.values(systemEventRules).map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id >= 1 && id <= 1000).toBe(true);
  });

  it('writes under the source the installer registers', async () => {
    const script = await readFile(join(import.meta.dirname, '..', '..', '..', 'resources', 'installer.nsh'), 'utf8');
    const registration = /eventcreate\.exe" \/L APPLICATION \/SO "([^"]+)" \/T INFORMATION \/ID (\d+) \/D "[^"]+"/.exec(script);
    expect(registration?.[1]).toBe(windowsEventSource);
    expect(Number(registration?.[2])).toBeGreaterThanOrEqual(1);
  });

  it('says once, in the app’s own log, that it could not write (no eventcreate here), and stops trying', async () => {
    const reasons: string[] = [];
    let tries = 0;
    const write = systemLogWriter({
      platform: 'win32',
      systemRoot: '/nonexistent',
      // The real spawn of a program that is not there: the error comes as an event, after the write returned.
      spawn: (command, args, options) => {
        tries += 1;
        return spawn(command, args, options);
      },
      onFailure: (reason) => reasons.push(reason),
    });
    write(completed);
    expect(reasons).toEqual([]);
    await expect.poll(() => reasons.length).toBe(1);
    write(failed);
    expect(reasons[0]).toMatch(/eventcreate\.exe could not start \(spawn .* ENOENT\)/);
    expect(tries).toBe(1);
  });
});

describe('the macOS writer', () => {
  it('calls /usr/bin/logger with a priority the unified log keeps, the tag, and the line', () => {
    const tool = recording();
    const write = systemLogWriter({ platform: 'darwin', spawn: tool.spawn });
    write(completed);
    write(failed);
    expect(tool.calls.map(({ command, args }) => [command, ...args])).toEqual([
      ['/usr/bin/logger', '-p', 'user.notice', '-t', 'device-signin', '--', completedText],
      ['/usr/bin/logger', '-p', 'user.err', '-t', 'device-signin', '--', expect.stringContaining('event=101 sign_in_failed')],
    ]);
  });
});

describe('the Linux writer, through the real logger', () => {
  const logger = '/usr/bin/logger';
  const present = requirement('util-linux logger', existsSync(logger) ? undefined : `${logger} is not installed`);

  /** The real logger, told not to send (no journal socket here) and to print what it would send. */
  function dryRun(): { spawn: SpawnTool; children: ChildProcess[]; printed: () => string } {
    const children: ChildProcess[] = [];
    let printed = '';
    return {
      children,
      printed: () => printed,
      spawn: (command, args) => {
        // Added before the message's `--`, after the writer's own --socket-errors=on, which they override.
        const end = args.indexOf('--');
        const dry = [...args.slice(0, end), '--no-act', '--stderr', '--socket-errors=off', ...args.slice(end)];
        const child = spawn(command, dry, { stdio: ['ignore', 'ignore', 'pipe'] });
        child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
        children.push(child);
        return child;
      },
    };
  }

  it.runIf(present)(
    'sends the line at auth.info under the tag and the app’s process id, as journalctl -t device-signin shows it',
    async () => {
      const tool = dryRun();
      systemLogWriter({ platform: 'linux', spawn: tool.spawn, pid: 4242 })(completed);
      const [child] = tool.children;
      if (child === undefined) throw new Error('logger did not start');
      expect(await ended(child)).toEqual({ code: 0, signal: null });
      // <38>: facility auth (4) times 8 plus severity info (6), RFC 3164 as util-linux writes to /dev/log.
      expect(tool.printed()).toMatch(
        new RegExp(`^<38>\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d device-signin\\[4242\\]: ${completedText}\\n$`),
      );
    },
  );

  it.runIf(present)('sends a failure at auth.err', async () => {
    const tool = dryRun();
    systemLogWriter({ platform: 'linux', spawn: tool.spawn, pid: 4242 })(failed);
    const [child] = tool.children;
    if (child === undefined) throw new Error('logger did not start');
    await ended(child);
    expect(tool.printed()).toMatch(/^<35>.* device-signin\[4242\]: device-signin event=101 sign_in_failed .* code=access_denied\n$/);
  });

  it.runIf(present)('notes a logger that cannot reach the journal once, and starts no other', async () => {
    const reasons: string[] = [];
    // The real logger, pointed at a socket that is not there, as on a machine without journald.
    const tool = recording([logger, '--socket-errors=on', '-u', '/nonexistent/journal-socket', '-t', 'device-signin', 'probe']);
    const write = systemLogWriter({ platform: 'linux', spawn: tool.spawn, onFailure: (reason) => reasons.push(reason) });
    write(completed);
    await expect.poll(() => reasons).toEqual(['/usr/bin/logger ended with exit status 1']);
    write(failed);
    expect(tool.calls).toHaveLength(1);
  });

  it('kills a tool that has not finished after the time it is given, and notes it', async () => {
    const reasons: string[] = [];
    const tool = recording(['sleep', '30']);
    const write = systemLogWriter({ platform: 'linux', spawn: tool.spawn, timeoutMs: 50, onFailure: (reason) => reasons.push(reason) });
    write(completed);
    const [child] = tool.children;
    if (child === undefined) throw new Error('the stand-in did not start');
    expect(await ended(child)).toEqual({ code: null, signal: 'SIGTERM' });
    expect(reasons).toEqual(['/usr/bin/logger did not finish within 50 ms']);
  });
});

describe('other platforms', () => {
  it('writes nothing where the app knows no system log', () => {
    const tool = recording();
    systemLogWriter({ platform: 'freebsd', spawn: tool.spawn })(completed);
    expect(tool.calls).toEqual([]);
  });
});
