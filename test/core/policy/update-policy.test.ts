/**
 * The policy's update control, applied to an updater shaped like electron-updater's autoUpdater.
 * A plain object stands in for it; the type check below keeps the two shapes in step.
 */
import type { AppUpdater } from 'electron-updater';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { parsePolicy } from '../../../src/core/policy/policy.ts';
import { resolveSettings } from '../../../src/core/policy/settings-resolution.ts';
import { applyUpdatePolicy, type Updater } from '../../../src/core/policy/update-policy.ts';

function fakeUpdater(check: () => Promise<unknown> = async () => null): Updater & { checks: number } {
  return {
    channel: null,
    allowPrerelease: false,
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
    expect(await applyUpdatePolicy(withPolicy({ updates: { enabled: false } }), updater)).toEqual({ status: 'disabled' });
    expect(updater.checks).toBe(0);
    expect(updater.autoDownload).toBe(false);
  });

  it('pins a pre-release channel and allows pre-releases', async () => {
    const updater = fakeUpdater();
    expect(await applyUpdatePolicy(withPolicy({ updates: { channel: 'beta' } }), updater)).toEqual({ status: 'checked', channel: 'beta' });
    expect(updater).toMatchObject({ channel: 'beta', allowPrerelease: true, checks: 1 });
  });

  it('pins the stable channel and refuses pre-releases', async () => {
    const updater = fakeUpdater();
    updater.allowPrerelease = true;
    await applyUpdatePolicy(withPolicy({ updates: { enabled: true, channel: 'latest' } }), updater);
    expect(updater).toMatchObject({ channel: 'latest', allowPrerelease: false, checks: 1 });
  });

  it("leaves the installed build's channel alone when nobody chose one", async () => {
    const updater = fakeUpdater();
    expect(await applyUpdatePolicy(resolveSettings({}), updater)).toEqual({ status: 'checked', channel: undefined });
    expect(updater).toMatchObject({ channel: null, allowPrerelease: false, checks: 1 });
  });

  it('reports a failed check instead of throwing, so being offline does not stop the app', async () => {
    const offline = new Error('net::ERR_INTERNET_DISCONNECTED');
    const updater = fakeUpdater(() => Promise.reject(offline));
    expect(await applyUpdatePolicy(resolveSettings({}), updater)).toEqual({ status: 'check_failed', channel: undefined, error: offline });
  });
});
