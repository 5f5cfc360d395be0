import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appUserModelId } from '../../src/main/app-id.ts';
import { applicationMenu } from '../../src/main/app-menu.ts';
import { dropIgnoredEnvironment, refusedLaunchOption } from '../../src/main/launch-lockdown.ts';

const exe = '/opt/Device Sign-In/device-signin';

describe('a packaged app started with switches that would expose the session', () => {
  it.each([
    [['--remote-debugging-port=9222'], 'linux', '--remote-debugging-port'],
    [['--remote-debugging-pipe'], 'darwin', '--remote-debugging-pipe'],
    [['-inspect-brk=0.0.0.0:9229'], 'linux', '--inspect-brk'],
    [['--host-resolver-rules=MAP * 127.0.0.1', '--ignore-certificate-errors'], 'linux', '--host-resolver-rules'],
    [['/Log-Net-Log=C:\\net.json'], 'win32', '--log-net-log'],
    [['--ssl-key-log-file=/tmp/keys'], 'darwin', '--ssl-key-log-file'],
  ] as const)('refuses %j on %s, naming %s', (argv, platform, named) => {
    expect(refusedLaunchOption([exe, ...argv], {}, platform)).toBe(named);
  });

  it('lets ordinary switches, arguments after a bare --, and a Windows-style slash on POSIX (a path) through', () => {
    expect(refusedLaunchOption([exe, '--lang=de', '--proxy-server=http://proxy:8080', '--no-sandbox'], {}, 'linux')).toBeUndefined();
    expect(refusedLaunchOption([exe, '--', '--inspect'], {}, 'linux')).toBeUndefined();
    expect(refusedLaunchOption([exe, '/inspect'], {}, 'linux')).toBeUndefined();
    expect(refusedLaunchOption([exe, '--Inspect'], {}, 'linux')).toBeUndefined();
  });

  it("refuses Chromium's TLS key log variable, and drops the keyring binding's path variable", () => {
    expect(refusedLaunchOption([exe], { SSLKEYLOGFILE: '/tmp/keys' }, 'linux')).toBe('SSLKEYLOGFILE');
    const env: Record<string, string | undefined> = { NAPI_RS_NATIVE_LIBRARY_PATH: '/tmp/evil.node', HOME: '/home/a' };
    expect(dropIgnoredEnvironment(env)).toEqual(['NAPI_RS_NATIVE_LIBRARY_PATH']);
    expect(env).toEqual({ HOME: '/home/a' });
  });
});

describe('the application menu', () => {
  it('has no developer entries in a packaged app: none on Windows and Linux, app, Edit and Window on macOS', () => {
    expect(applicationMenu({ isPackaged: true, platform: 'win32' })).toBeNull();
    expect(applicationMenu({ isPackaged: true, platform: 'linux' })).toBeNull();
    const mac = [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }];
    expect(applicationMenu({ isPackaged: true, platform: 'darwin' })).toEqual(mac);
    expect(applicationMenu({ isPackaged: false, platform: 'darwin' })).toBe('default');
  });

  it("groups the app on Windows by the installer's appId", async () => {
    const config = await readFile(resolve(import.meta.dirname, '../../electron-builder.yml'), 'utf8');
    expect(/^appId:\s*(\S+)/m.exec(config)?.[1]).toBe(appUserModelId);
  });
});
