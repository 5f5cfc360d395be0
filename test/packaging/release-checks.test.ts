/**
 * `npm run dist:*` refuses a release that could not update safely: an update feed that is not
 * https, or a Windows build that does not name its publisher (electron-updater skips the
 * signature check of an update when it has no publisher name). What it would pass to
 * electron-builder goes through electron-builder's own command-line parser (its yargs setup and
 * `normalizeOptions`, as its cli.js runs them) and then its configuration loading and schema
 * validation, as a build would, without Electron or any download.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { configureBuildCommand, createYargs, normalizeOptions, type CliOptions } from 'electron-builder/out/builder.js';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const script = join(root, 'scripts/release.ts');
const feed = { DEVICE_SIGNIN_UPDATE_URL: 'https://updates.example.com/device-signin' };
const azure = [
  '-c.win.azureSignOptions.endpoint=https://eus.codesigning.azure.net',
  '-c.win.azureSignOptions.codeSigningAccountName=examplecorp-signing',
  '-c.win.azureSignOptions.certificateProfileName=examplecorp public trust',
];

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function check(target: string, env: Record<string, string>, extra: readonly string[] = []): Promise<Run> {
  try {
    const args = [script, target, '--check-only', ...extra];
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as Run;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The configuration electron-builder would build with, given these arguments: parsed, merged and validated by electron-builder itself. */
async function builderConfiguration(args: readonly string[]): Promise<{ platforms: string[]; publish: unknown; config: Configuration }> {
  const parsed = configureBuildCommand(createYargs()).parseSync([...args]) as CliOptions;
  const options = normalizeOptions(parsed);
  const override = typeof options.config === 'object' ? options.config : null;
  const config = await getConfig(root, join(root, 'electron-builder.yml'), override ?? null);
  await validateConfiguration(config, new DebugLogger(false));
  return { platforms: [...(options.targets?.keys() ?? [])].map((platform) => platform.name), publish: options.publish, config };
}

/** The arguments release.ts would give electron-builder. */
async function releaseArguments(target: string, env: Record<string, string>, extra: readonly string[] = []): Promise<string[]> {
  const run = await check(target, env, extra);
  expect(run, run.stderr).toMatchObject({ code: 0 });
  return JSON.parse(run.stdout) as string[];
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

  it('refuses a Windows build without its publisher, or with a publisher given anywhere else', async () => {
    const unnamed = await check('win', feed);
    expect(unnamed.code).toBe(1);
    expect(unnamed.stderr).toContain('DEVICE_SIGNIN_WIN_PUBLISHER is not set');
    const otherName = '-c.win.azureSignOptions.publisherName=Other Corp';
    const twice = await check('win', { ...feed, DEVICE_SIGNIN_WIN_PUBLISHER: 'Example Corp' }, [otherName, ...azure]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('-c.win.azureSignOptions.publisherName: give the publisher in DEVICE_SIGNIN_WIN_PUBLISHER instead');
  });
});

describe("what electron-builder receives, read by electron-builder's own parser and schema", () => {
  it('signs Windows with signtool for the publisher named, a name with spaces and a comma kept whole', async () => {
    const publisher = 'Example Corp, Research & Development Ltd';
    const args = await releaseArguments('win', { ...feed, DEVICE_SIGNIN_WIN_PUBLISHER: publisher }, ['-c.forceCodeSigning=true']);
    const { platforms, publish, config } = await builderConfiguration(args);

    expect(platforms).toEqual(['windows']);
    expect(publish).toBe('never');
    expect(config.forceCodeSigning).toBe(true);
    expect(config.win?.signtoolOptions?.publisherName).toBe(publisher);
    // electron-builder.yml's own signtool settings are still there, merged with it.
    expect(config.win?.signtoolOptions?.signingHashAlgorithms).toEqual(['sha256']);
    expect(config.win?.azureSignOptions).toBeUndefined();
  });

  it('signs with Azure Trusted Signing when the command line configures it, the publisher in its options', async () => {
    const args = await releaseArguments('win', { ...feed, DEVICE_SIGNIN_WIN_PUBLISHER: 'Example Corp Ltd' }, azure);
    const { config } = await builderConfiguration(args);

    expect(config.win?.azureSignOptions).toEqual({
      endpoint: 'https://eus.codesigning.azure.net',
      codeSigningAccountName: 'examplecorp-signing',
      certificateProfileName: 'examplecorp public trust',
      publisherName: 'Example Corp Ltd',
    });
    expect(config.win?.signtoolOptions?.publisherName).toBeUndefined();
  });

  it('builds Linux and macOS with an https feed, passing on what the caller adds', async () => {
    const linux = await builderConfiguration(await releaseArguments('linux', feed));
    expect(linux.platforms).toEqual(['linux']);
    const mac = await builderConfiguration(await releaseArguments('mac', feed, ['-c.forceCodeSigning=true']));
    expect(mac).toMatchObject({ platforms: ['mac'], publish: 'never', config: { forceCodeSigning: true } });
  });

  it.each([
    ['the key electron-builder 26 removed', '-c.win.publisherName=Example Corp', /configuration\.win/],
    ['Azure signing without its required options', '-c.win.azureSignOptions.publisherName=Example Corp', /azureSignOptions/],
  ])('rejects %s, so these checks can fail', async (_story, arg, message) => {
    await expect(builderConfiguration(['--win', arg])).rejects.toThrow(message);
  });
});
