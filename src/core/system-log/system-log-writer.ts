/**
 * Writes a sign-in event to the system's own log through a tool the OS ships, so no native module
 * is needed: eventcreate on Windows, logger on macOS and Linux. The tool runs detached and is never
 * waited for; one still running after 2 seconds is killed. The first failure (the tool missing,
 * refusing, or too slow) is reported once, to the app's own log, and stops writing for this run:
 * without the installer's event source, eventcreate would fail the same way every time.
 */
import { spawn as spawnChild } from 'node:child_process';
import type { SystemLogWriter } from './system-event-log.ts';
import { type SystemEvent, systemEventText, systemLogTag, type SystemLevel } from './system-events.ts';

/** The Application log's source, which resources/installer.nsh registers (creating one needs an administrator). */
export const windowsEventSource = 'Device Sign-In';

export interface SystemLogCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/** What the writer needs of a child process: Node's ChildProcess, or a test's stand-in. */
export interface SpawnedTool {
  on(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  kill(): boolean;
  unref(): void;
}

export interface SpawnOptions {
  readonly detached: true;
  readonly stdio: 'ignore';
  readonly windowsHide: true;
}

/** The test seam: `child_process.spawn` unless a test records or redirects the call. */
export type SpawnTool = (command: string, args: readonly string[], options: SpawnOptions) => SpawnedTool;

interface Place {
  /** The app's process id, which the journal files the line under (util-linux logger's `--id`). */
  readonly pid: number;
  /** `%SystemRoot%`, where eventcreate.exe is: named in full, never looked up on PATH. */
  readonly systemRoot: string;
}

const eventcreateType: Readonly<Record<SystemLevel, string>> = { information: 'INFORMATION', warning: 'WARNING', error: 'ERROR' };
// The unified log keeps info-level entries in memory only, unless a fault follows; default-level ones are
// written to its store (developer.apple.com/documentation/os/oslogtype/info and .../default). Notice is
// syslog's level above info, so a completed sign-in is meant to be kept too (not checked on a Mac here).
const macPriority: Readonly<Record<SystemLevel, string>> = { information: 'user.notice', warning: 'user.warning', error: 'user.err' };
const linuxPriority: Readonly<Record<SystemLevel, string>> = { information: 'auth.info', warning: 'auth.warning', error: 'auth.err' };

/** The command that writes `event` on `platform`, or nothing where the app has no system log to write to. */
export function systemLogCommand(platform: NodeJS.Platform, event: SystemEvent, place: Place): SystemLogCommand | undefined {
  const text = systemEventText(event);
  switch (platform) {
    case 'win32':
      // learn.microsoft.com/windows-server/administration/windows-commands/eventcreate: /ID from 1 to 1000.
      return {
        command: `${place.systemRoot}\\System32\\eventcreate.exe`,
        args: ['/L', 'APPLICATION', '/SO', windowsEventSource, '/T', eventcreateType[event.level], '/ID', String(event.id), '/D', text],
      };
    case 'darwin':
      return { command: '/usr/bin/logger', args: ['-p', macPriority[event.level], '-t', systemLogTag, '--', text] };
    case 'linux':
      // util-linux logger: to the journal through /dev/log, `journalctl -t device-signin` finds it. Without
      // --socket-errors=on it exits 0 when nothing listens there, and the app's log could not say so.
      return {
        command: '/usr/bin/logger',
        args: ['-t', systemLogTag, `--id=${String(place.pid)}`, '-p', linuxPriority[event.level], '--socket-errors=on', '--', text],
      };
    default:
      return undefined;
  }
}

export interface SystemLogWriterOptions {
  readonly platform: NodeJS.Platform;
  readonly spawn?: SpawnTool;
  readonly pid?: number;
  readonly systemRoot?: string;
  /** Told once, when writing failed; the app notes it in its own log. */
  readonly onFailure?: (reason: string) => void;
  readonly timeoutMs?: number;
}

export function systemLogWriter(options: SystemLogWriterOptions): SystemLogWriter {
  const spawn: SpawnTool = options.spawn ?? ((command, args, spawnOptions) => spawnChild(command, args, spawnOptions));
  const place = { pid: options.pid ?? process.pid, systemRoot: options.systemRoot ?? process.env['SystemRoot'] ?? 'C:\\Windows' };
  const timeoutMs = options.timeoutMs ?? 2000;
  let failed = false;
  const fail = (reason: string): void => {
    if (failed) return;
    failed = true;
    options.onFailure?.(reason);
  };
  return (event) => {
    const tool = failed ? undefined : systemLogCommand(options.platform, event, place);
    if (tool === undefined) return;
    let child: SpawnedTool;
    try {
      child = spawn(tool.command, tool.args, { detached: true, stdio: 'ignore', windowsHide: true });
    } catch (error) {
      fail(`${tool.command} could not start (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    const timer = setTimeout(() => {
      child.kill();
      fail(`${tool.command} did not finish within ${String(timeoutMs)} ms`);
    }, timeoutMs);
    // Neither the timer nor the child keeps a command line process from exiting.
    timer.unref();
    child.on('error', (error) => {
      clearTimeout(timer);
      fail(`${tool.command} could not start (${error.message})`);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) fail(`${tool.command} ended with ${code === null ? String(signal) : `exit status ${String(code)}`}`);
    });
    child.unref();
  };
}
