/**
 * `npm run dist:*` refuses a release that could not update safely: an update feed that is not
 * https, or a Windows build that does not name its publisher (electron-updater skips the
 * signature check of an update when `publisherName` is unknown).
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const script = join(resolve(import.meta.dirname, '../..'), 'scripts/release.ts');

async function check(target: string, env: Record<string, string>, extra: readonly string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [script, target, '--check-only', ...extra], { env: { PATH: process.env.PATH ?? '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('a release that can update safely', () => {
  it('refuses an update feed that is not https, or none at all', async () => {
    const http = await check('linux', { DEVICE_SIGNIN_UPDATE_URL: 'http://updates.example.com/device-signin' });
    expect(http.code).toBe(1);
    expect(http.stderr).toContain('the update feed must be an https URL');
    const none = await check('mac', {});
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('DEVICE_SIGNIN_UPDATE_URL is not set');
  });

  it('refuses a Windows build without its publisher, and pins it when given', async () => {
    const feed = { DEVICE_SIGNIN_UPDATE_URL: 'https://updates.example.com/device-signin' };
    const unnamed = await check('win', feed);
    expect(unnamed.code).toBe(1);
    expect(unnamed.stderr).toContain('DEVICE_SIGNIN_WIN_PUBLISHER is not set');
    const named = await check('win', { ...feed, DEVICE_SIGNIN_WIN_PUBLISHER: 'Example Corp' });
    expect(named).toMatchObject({ code: 0, stdout: 'electron-builder --win --publish never -c.win.publisherName=Example Corp\n' });
  });

  it('builds Linux and macOS with an https feed', async () => {
    const ok = await check('linux', { DEVICE_SIGNIN_UPDATE_URL: 'https://updates.example.com/device-signin' });
    expect(ok).toMatchObject({ code: 0, stdout: 'electron-builder --linux --publish never\n' });
    const signed = await check('mac', { DEVICE_SIGNIN_UPDATE_URL: 'https://updates.example.com/device-signin' }, ['-c.forceCodeSigning=true']);
    expect(signed).toMatchObject({ code: 0, stdout: 'electron-builder --mac --publish never -c.forceCodeSigning=true\n' });
  });
});
