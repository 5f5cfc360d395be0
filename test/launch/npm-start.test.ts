/**
 * The front door: `npm start` and `npm run dev` as a new user runs them, in a copy of the project
 * with no Electron binary, and a stand-in where Electron would be (a script that notes how it was
 * started). Electron's installer only ever reaches 127.0.0.1: every run points ELECTRON_MIRROR
 * at a loopback mirror, a silent one, or a closed port. Each test has its own home, cache and
 * project copy, so they run side by side: most of their time is npm starting and waiting. The
 * two that build the app or run npm three times get longer than the suite's minute.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, type ExpectStatic, it, type OnTestFinishedHandler } from 'vitest';
import { closedLoopbackPort, electronRelease, type Mirror, startMirror, startSilentMirror } from './electron-mirror.ts';
import {
  cleanEnvironment,
  copyProject,
  electronVersion,
  type ProjectCopy,
  readLaunches,
  runNpm,
  standInScript,
  writeStandIn,
} from './project-copy.ts';

const zipName = `electron-v${electronVersion}-${process.platform}-${process.arch}.zip`;

interface Scratch {
  readonly folder: string;
  readonly env: Record<string, string>;
  readonly copy: (name: string, options: { sources: boolean }) => Promise<ProjectCopy>;
  readonly mirror: (started: Promise<Mirror>) => Promise<Mirror>;
}

/** A home, temporary folder and Electron cache for one test, removed with whatever it started when the test ends. */
async function scratch(onTestFinished: (handler: OnTestFinishedHandler) => void): Promise<Scratch> {
  const { folder, env } = await cleanEnvironment();
  const cleanups: (() => Promise<void>)[] = [() => rm(folder, { recursive: true, force: true })];
  onTestFinished(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  return {
    folder,
    env,
    copy: async (name, options) => {
      const copy = await copyProject(name, options);
      cleanups.push(() => rm(copy.root, { recursive: true, force: true }));
      return copy;
    },
    mirror: async (started) => {
      const running = await started;
      cleanups.push(() => running.close());
      return running;
    },
  };
}

/** The lines a user reads when the runtime cannot be had: what, from where and why, the fixes, what works without it. */
function expectAdvice(expect: ExpectStatic, output: string, command: string, source: string, cacheFolder: string | undefined): string {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`${command} needs Electron ${electronVersion} (`));
  expect(start, output).toBeGreaterThanOrEqual(0);
  const advice = lines.slice(start).join('\n');
  expect(lines[start]).toContain('about 100 MB');
  expect(lines[start + 1]).toContain(`${source}v${electronVersion}/${zipName}: `);
  for (const remedy of ['ELECTRON_MIRROR', "Electron's download cache", `ELECTRON_OVERRIDE_DIST_PATH=/path/to/its/folder ${command}`]) {
    expect(advice).toContain(remedy);
  }
  // Where Electron keeps its downloads, the folder to copy from another computer.
  expect(advice).toContain(`Electron's download cache: copy ${cacheFolder ?? 'no cache folder'} from`);
  expect(advice).toContain('The command line (`npm run build`, then `device-signin`) and the tests (`npm test`) do not need Electron.');
  // A few short lines, not one long one.
  expect(lines.slice(start).filter((line) => line !== '').length).toBeLessThanOrEqual(8);
  // No stack trace, and not even its first line (an undici "fetch failed" has nothing more).
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toMatch(/^\w*Error: /m);
  expect(output).not.toContain('Electron uninstall');
  return advice;
}

/** Lists the mirror's zip in the copy's node_modules/electron/checksums.json, where Electron lists its real ones. */
async function trustZip(project: ProjectCopy, files: ReadonlyMap<string, Buffer>): Promise<void> {
  const zip = files.get(`/v${electronVersion}/${zipName}`) ?? Buffer.alloc(0);
  const checksumsFile = join(project.electronDir, 'checksums.json');
  const checksums = JSON.parse(await readFile(checksumsFile, 'utf8')) as Record<string, string>;
  await writeFile(checksumsFile, JSON.stringify({ ...checksums, [zipName]: createHash('sha256').update(zip).digest('hex') }));
}

async function noDownloadLeftBehind(expect: ExpectStatic, folder: string): Promise<void> {
  expect((await readdir(folder)).filter((name) => name.startsWith('device-signin-electron-'))).toEqual([]);
}

describe.concurrent('npm start with an Electron already named', () => {
  it('builds the app and launches its built entry in the Electron that ELECTRON_EXEC_PATH names, downloading nothing', async ({
    expect,
    onTestFinished,
  }) => {
    const { folder, env, copy, mirror } = await scratch(onTestFinished);
    const project = await copy('start-exec-path', { sources: true });
    const electron = await writeStandIn(join(folder, 'stand-in'));
    const watched = await mirror(startMirror(new Map()));
    const before = Date.now();

    const run = await runNpm(project, 'start', [], { ...env, ELECTRON_EXEC_PATH: electron.script, ELECTRON_MIRROR: watched.url });

    expect(run.status, run.output).toBe(0);
    // electron-vite passes the project folder; Electron runs the package.json "main" in it.
    expect(await electron.launches()).toEqual([{ cwd: project.root, args: ['.'], rendererUrl: '' }]);
    const manifest = JSON.parse(await readFile(join(project.root, 'package.json'), 'utf8')) as { main: string };
    expect(manifest.main).toBe('out/main/index.js');
    const entry = join(project.root, manifest.main);
    expect((await stat(entry)).mtimeMs).toBeGreaterThanOrEqual(before);
    expect(await readFile(entry, 'utf8')).toContain('BrowserWindow');
    expect(watched.requests).toEqual([]);
    expect(existsSync(join(project.electronDir, 'path.txt'))).toBe(false);
  }, 120_000);

  it('npm run dev serves the renderer and launches the same project in that Electron', async ({ expect, onTestFinished }) => {
    const { folder, env, copy, mirror } = await scratch(onTestFinished);
    const project = await copy('dev-exec-path', { sources: true });
    const electron = await writeStandIn(join(folder, 'stand-in'));
    const watched = await mirror(startMirror(new Map()));

    const run = await runNpm(project, 'dev', [], { ...env, ELECTRON_EXEC_PATH: electron.script, ELECTRON_MIRROR: watched.url });

    expect(run.status, run.output).toBe(0);
    const launches = await electron.launches();
    expect(launches).toHaveLength(1);
    expect(launches[0]).toMatchObject({ cwd: project.root, args: ['.'] });
    expect(launches[0]?.rendererUrl).toMatch(/^http:\/\/localhost:\d+\/?$/);
    expect(watched.requests).toEqual([]);
  });

  it('takes an unpacked Electron from ELECTRON_OVERRIDE_DIST_PATH', async ({ expect, onTestFinished }) => {
    const { folder, env, copy, mirror } = await scratch(onTestFinished);
    const project = await copy('start-override-dist', { sources: false });
    const electron = await writeStandIn(join(folder, 'unpacked-electron'));
    const watched = await mirror(startMirror(new Map()));

    const overrideEnv = { ...env, ELECTRON_OVERRIDE_DIST_PATH: join(folder, 'unpacked-electron'), ELECTRON_MIRROR: watched.url };
    const run = await runNpm(project, 'start', ['--skipBuild'], overrideEnv);

    expect(run.status, run.output).toBe(0);
    expect(await electron.launches()).toEqual([{ cwd: project.root, args: ['.'], rendererUrl: '' }]);
    expect(watched.requests).toEqual([]);
  });
});

describe.concurrent('the first npm start on a new machine', () => {
  it('downloads Electron once, then launches it; the next start, and a new copy offline with that cache, download nothing', async ({
    expect,
    onTestFinished,
  }) => {
    const { folder, env, copy, mirror } = await scratch(onTestFinished);
    const project = await copy('start-downloads', { sources: false });
    const recordFile = join(folder, 'launches.txt');
    const files = electronRelease(electronVersion, standInScript(recordFile));
    const release = await mirror(startMirror(files));
    // The installer checks the zip against the package's checksums.json, offline: the copy's lists the stand-in's.
    await trustZip(project, files);
    const downloadEnv = { ...env, ELECTRON_MIRROR: release.url };

    const first = await runNpm(project, 'start', ['--skipBuild'], downloadEnv);

    expect(first.status, first.output).toBe(0);
    expect(first.output).toContain(`Downloading the runtime the app runs in (Electron ${electronVersion}`);
    expect(first.output).toContain(`about 100 MB, once) from ${release.url}v${electronVersion}/${zipName}`);
    expect(first.output).toContain(`Electron ${electronVersion} is installed.`);
    expect(release.requests).toEqual([`/v${electronVersion}/${zipName}`]);
    expect(await readFile(join(project.electronDir, 'path.txt'), 'utf8')).toBe('electron');
    expect(await readLaunches(recordFile)).toEqual([{ cwd: project.root, args: ['.'], rendererUrl: '' }]);

    const requestsAfterFirst = release.requests.length;
    const second = await runNpm(project, 'start', ['--skipBuild'], downloadEnv);

    expect(second.status, second.output).toBe(0);
    expect(second.output).not.toContain('Downloading');
    expect(release.requests).toHaveLength(requestsAfterFirst);
    expect(await readLaunches(recordFile)).toHaveLength(2);

    // The advice's offline route: Electron's download cache, from the same address, with nothing answering there now.
    await release.close();
    const fresh = await copy('start-from-cache', { sources: false });
    await trustZip(fresh, files);
    const fromCache = await runNpm(fresh, 'start', ['--skipBuild'], downloadEnv);

    expect(fromCache.status, fromCache.output).toBe(0);
    expect(fromCache.output).toContain(`Electron ${electronVersion} is installed.`);
    expect(await readLaunches(recordFile)).toHaveLength(3);
  }, 120_000);

  it('with a mirror that does not answer: the few lines, the mirror to correct, the cache, an unpacked Electron', async ({
    expect,
    onTestFinished,
  }) => {
    const { folder, env, copy } = await scratch(onTestFinished);
    const project = await copy('start-offline', { sources: false });
    const nothingThere = `http://127.0.0.1:${await closedLoopbackPort()}/`;

    const run = await runNpm(project, 'start', [], { ...env, ELECTRON_MIRROR: nothingThere });

    expect(run.status, run.output).toBe(1);
    const advice = expectAdvice(expect, run.output, 'npm start', nothingThere, env['electron_config_cache']);
    expect(advice).toContain('The mirror did not answer: correct ELECTRON_MIRROR, or unset it to download from GitHub.');
    expect(existsSync(join(project.electronDir, 'path.txt'))).toBe(false);
    await noDownloadLeftBehind(expect, folder);
  });

  it('npm run dev with a mirror that has no such file names itself and the mirror, and does not send anyone to the internet', async ({
    expect,
    onTestFinished,
  }) => {
    const { env, copy, mirror } = await scratch(onTestFinished);
    const project = await copy('dev-mirror-404', { sources: false });
    const empty = await mirror(startMirror(new Map(), 404));

    const run = await runNpm(project, 'dev', [], { ...env, ELECTRON_MIRROR: empty.url });

    expect(run.status, run.output).toBe(1);
    const advice = expectAdvice(expect, run.output, 'npm run dev', empty.url, env['electron_config_cache']);
    expect(advice).toContain('Response code 404 (Not Found)');
    expect(advice).toContain('The mirror has no such file: correct ELECTRON_MIRROR');
    expect(advice).not.toContain('internet');
  });

  it('behind a proxy that refuses the download, says so and passes on what the proxy answered', async ({ expect, onTestFinished }) => {
    const { env, copy, mirror } = await scratch(onTestFinished);
    const project = await copy('start-refused', { sources: false });
    const proxy = await mirror(startMirror(new Map(), 403));

    const run = await runNpm(project, 'start', [], { ...env, ELECTRON_MIRROR: proxy.url });

    expect(run.status, run.output).toBe(1);
    const advice = expectAdvice(expect, run.output, 'npm start', proxy.url, env['electron_config_cache']);
    expect(advice).toContain('Response code 403 (Forbidden)');
    expect(advice).toContain('The mirror refused (403)');
  });

  it('gives up on a mirror that takes the connection and then sends nothing', async ({ expect, onTestFinished }) => {
    const { folder, env, copy, mirror } = await scratch(onTestFinished);
    const project = await copy('start-silent-mirror', { sources: false });
    const silent = await mirror(startSilentMirror());

    const run = await runNpm(project, 'start', [], { ...env, ELECTRON_MIRROR: silent.url, DEVICE_SIGNIN_ELECTRON_STALL_SECONDS: '3' });

    expect(run.status, run.output).toBe(1);
    expect(silent.requests).toEqual([`/v${electronVersion}/${zipName}`]);
    const advice = expectAdvice(expect, run.output, 'npm start', silent.url, env['electron_config_cache']);
    expect(advice).toContain('no data arrived for 3 seconds');
    await noDownloadLeftBehind(expect, folder);
  });
});
