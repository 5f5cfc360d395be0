/**
 * The policy's update control, applied to an updater shaped like electron-updater's autoUpdater.
 * A plain object stands in for it; the type check below keeps the two shapes in step.
 */
import type { AppUpdater } from 'electron-updater';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { parsePolicy } from '../../../src/core/policy/policy-document.ts';
import { resolveSettings } from '../../../src/core/policy/settings-resolution.ts';
import { applyUpdatePolicy, type Updater } from '../../../src/core/policy/update-policy.ts';

/** Like electron-updater's AppUpdater, setting a channel also switches allowDowngrade on. */
function fakeUpdater(check: () => Promise<unknown> = async () => null): Updater & { checks: number } {
  let channel: string | null = null;
  return {
    get channel() {
      return channel;
    },
    set channel(value) {
      channel = value;
      this.allowDowngrade = true;
    },
    allowPrerelease: false,
    allowDowngrade: false,
    autoDownload: true,
    checks: 0,
    async checkForUpdatesAndNotify() {
      this.checks += 1;
      return check();
    },
  };
}

function withPolicy(document: object) {
  return resolveSettings({ system: parsePolicy(JSON.stringify(document), '/etc/device-signin/policy.json') });
}

describe('update control', () => {
  it('describes the real electron-updater autoUpdater', () => {
    expectTypeOf<AppUpdater>().toExtend<Updater>();
  });

  it('never checks, and never downloads, when the policy turns updates off', async () => {
    const updater = fakeUpdater();
    expect(await applyUpdatePolicy(withPolicy({ updates: { enabled: false } }), updater, 'win32')).toEqual({ status: 'disabled' });
    expect(updater.checks).toBe(0);
    expect(updater.autoDownload).toBe(false);
  });

  it('pins a pre-release channel and allows pre-releases', async () => {
    const updater = fakeUpdater();
    expect(await applyUpdatePolicy(withPolicy({ updates: { channel: 'beta' } }), updater, 'win32')).toEqual({
      status: 'checked',
      channel: 'beta',
    });
    expect(updater).toMatchObject({ channel: 'beta', allowPrerelease: true, checks: 1 });
  });

  it('pins the stable channel and refuses pre-releases', async () => {
    const updater = fakeUpdater();
    updater.allowPrerelease = true;
    await applyUpdatePolicy(withPolicy({ updates: { enabled: true, channel: 'latest' } }), updater, 'win32');
    expect(updater).toMatchObject({ channel: 'latest', allowPrerelease: false, checks: 1 });
  });

  it("leaves the installed build's channel alone when nobody chose one", async () => {
    const updater = fakeUpdater();
    expect(await applyUpdatePolicy(resolveSettings({}), updater, 'win32')).toEqual({ status: 'checked', channel: undefined });
    expect(updater).toMatchObject({ channel: null, allowPrerelease: false, checks: 1 });
  });

  it('reports a failed check instead of throwing, so being offline does not stop the app', async () => {
    const offline = new Error('net::ERR_INTERNET_DISCONNECTED');
    const updater = fakeUpdater(() => Promise.reject(offline));
    expect(await applyUpdatePolicy(resolveSettings({}), updater, 'win32')).toEqual({
      status: 'check_failed',
      channel: undefined,
      error: offline,
    });
  });

  it('does not allow a downgrade when a channel is pinned, unless the policy asks for one', async () => {
    const pinned = fakeUpdater();
    await applyUpdatePolicy(withPolicy({ updates: { channel: 'beta' } }), pinned, 'win32');
    expect(pinned).toMatchObject({ channel: 'beta', allowDowngrade: false });
    const rollback = fakeUpdater();
    await applyUpdatePolicy(withPolicy({ updates: { channel: 'latest', allowDowngrade: true } }), rollback, 'darwin');
    expect(rollback).toMatchObject({ channel: 'latest', allowDowngrade: true });
  });

  it('leaves Linux packages to the package manager, which checks their signatures', async () => {
    const updater = fakeUpdater();
    expect(await applyUpdatePolicy(resolveSettings({}), updater, 'linux')).toEqual({ status: 'left_to_package_manager' });
    expect(updater.checks).toBe(0);
    expect(updater.autoDownload).toBe(false);
  });
});
