/**
 * The front door: `npm start` and `npm run dev` as a new user runs them, in a copy of the project
 * with no Electron binary, and a stand-in where Electron would be (a script that notes how it was
 * started). Electron's installer only ever reaches 127.0.0.1: every run points ELECTRON_MIRROR
 * at a loopback mirror, a silent one, or a closed port.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closedLoopbackPort, electronRelease, type Mirror, startMirror, startSilentMirror } from './electron-mirror.ts';
import { cleanEnvironment, copyProject, electronVersion, type ProjectCopy, readLaunches, runNpm, standInScript, writeStandIn } from './project-copy.ts';

const zipName = `electron-v${electronVersion}-${process.platform}-${process.arch}.zip`;

let folder: string;
let env: Record<string, string>;
const mirrors: Mirror[] = [];
const projects: ProjectCopy[] = [];

beforeEach(async () => {
  ({ folder, env } = await cleanEnvironment());
});

afterEach(async () => {
  await Promise.all(mirrors.splice(0).map((mirror) => mirror.close()));
  await Promise.all(projects.splice(0).map((copy) => rm(copy.root, { recursive: true, force: true })));
  await rm(folder, { recursive: true, force: true });
});

async function copyForTest(name: string, options: { sources: boolean }): Promise<ProjectCopy> {
  const copy = await copyProject(name, options);
  projects.push(copy);
  return copy;
}

async function mirror(started: Promise<Mirror>): Promise<Mirror> {
  const running = await started;
  mirrors.push(running);
  return running;
}

/** The line a user is meant to read when the runtime cannot be had, and that everything it must say is in it. */
function expectMissingRuntimeSentence(output: string, command: string, source: string): void {
  const sentence = output.split('\n').find((line) => line.startsWith(`${command} needs the Electron runtime`));
  expect(sentence, output).toBeDefined();
  expect(sentence).toContain(`Electron ${electronVersion}`);
  expect(sentence).toContain('about 100 MB');
  expect(sentence).toContain(source);
  for (const remedy of ['connect to the internet', 'ELECTRON_MIRROR', 'ELECTRON_OVERRIDE_DIST_PATH', '`device-signin`', '`npm run build`', '`npm test`']) {
    expect(sentence).toContain(remedy);
  }
  // No stack trace, and not even its first line (an undici "fetch failed" has nothing more).
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toMatch(/^\w*Error: /m);
  expect(output).not.toContain('Electron uninstall');
}

describe('npm start with an Electron already named', () => {
  it('builds the app and launches its built entry in the Electron that ELECTRON_EXEC_PATH names, downloading nothing', async () => {
    const project = await copyForTest('start-exec-path', { sources: true });
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
  });

  it('npm run dev serves the renderer and launches the same project in that Electron', async () => {
    const project = await copyForTest('dev-exec-path', { sources: true });
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

  it('takes an unpacked Electron from ELECTRON_OVERRIDE_DIST_PATH', async () => {
    const project = await copyForTest('start-override-dist', { sources: false });
    const electron = await writeStandIn(join(folder, 'unpacked-electron'));
    const watched = await mirror(startMirror(new Map()));

    const run = await runNpm(project, 'start', ['--skipBuild'], { ...env, ELECTRON_OVERRIDE_DIST_PATH: join(folder, 'unpacked-electron'), ELECTRON_MIRROR: watched.url });

    expect(run.status, run.output).toBe(0);
    expect(await electron.launches()).toEqual([{ cwd: project.root, args: ['.'], rendererUrl: '' }]);
    expect(watched.requests).toEqual([]);
  });
});

describe('the first npm start on a new machine', () => {
  it('downloads Electron once through its own installer, then launches it; the next start downloads nothing', async () => {
    const project = await copyForTest('start-downloads', { sources: false });
    const recordFile = join(folder, 'launches.txt');
    const release = await mirror(startMirror(electronRelease(electronVersion, standInScript(recordFile))));
    // A mirror's own SHASUMS256.txt, since the fake zip is not the one in Electron's checksums.json.
    const downloadEnv = { ...env, ELECTRON_MIRROR: release.url, electron_use_remote_checksums: '1' };

    const first = await runNpm(project, 'start', ['--skipBuild'], downloadEnv);

    expect(first.status, first.output).toBe(0);
    expect(first.output).toContain(`Downloading the runtime the app runs in (Electron ${electronVersion}`);
    expect(first.output).toContain(`about 100 MB, once) from ${release.url}v${electronVersion}/${zipName}`);
    expect(first.output).toContain(`Electron ${electronVersion} is installed.`);
    expect(release.requests).toContain(`/v${electronVersion}/${zipName}`);
    expect(await readFile(join(project.electronDir, 'path.txt'), 'utf8')).toBe('electron');
    expect(await readLaunches(recordFile)).toEqual([{ cwd: project.root, args: ['.'], rendererUrl: '' }]);

    const requestsAfterFirst = release.requests.length;
    const second = await runNpm(project, 'start', ['--skipBuild'], downloadEnv);

    expect(second.status, second.output).toBe(0);
    expect(second.output).not.toContain('Downloading');
    expect(release.requests).toHaveLength(requestsAfterFirst);
    expect(await readLaunches(recordFile)).toHaveLength(2);
  });

  it('offline, ends at once with one sentence: what is missing, its size, where from, what to do, what works without it', async () => {
    const project = await copyForTest('start-offline', { sources: false });
    const nothingThere = `http://127.0.0.1:${await closedLoopbackPort()}/`;

    const run = await runNpm(project, 'start', [], { ...env, ELECTRON_MIRROR: nothingThere });

    expect(run.status, run.output).toBe(1);
    expect(run.milliseconds).toBeLessThan(10_000);
    expectMissingRuntimeSentence(run.output, 'npm start', `${nothingThere}v${electronVersion}/${zipName}`);
    expect(existsSync(join(project.electronDir, 'path.txt'))).toBe(false);
    // The half-made download folder is gone.
    expect((await readdir(folder)).filter((name) => name.startsWith('device-signin-electron-'))).toEqual([]);
  });

  it('npm run dev says the same, naming itself', async () => {
    const project = await copyForTest('dev-offline', { sources: false });
    const nothingThere = `http://127.0.0.1:${await closedLoopbackPort()}/`;

    const run = await runNpm(project, 'dev', [], { ...env, ELECTRON_MIRROR: nothingThere });

    expect(run.status, run.output).toBe(1);
    expectMissingRuntimeSentence(run.output, 'npm run dev', nothingThere);
  });

  it('behind a proxy that refuses the download, says the same and passes on what the proxy answered', async () => {
    const project = await copyForTest('start-refused', { sources: false });
    const proxy = await mirror(startMirror(new Map(), 403));

    const run = await runNpm(project, 'start', [], { ...env, ELECTRON_MIRROR: proxy.url });

    expect(run.status, run.output).toBe(1);
    expect(run.milliseconds).toBeLessThan(10_000);
    expectMissingRuntimeSentence(run.output, 'npm start', proxy.url);
    expect(run.output).toContain('Response code 403 (Forbidden)');
  });

  it('gives up on a mirror that takes the connection and then sends nothing', async () => {
    const project = await copyForTest('start-silent-mirror', { sources: false });
    const silent = await mirror(startSilentMirror());

    const run = await runNpm(project, 'start', [], { ...env, ELECTRON_MIRROR: silent.url, DEVICE_SIGNIN_ELECTRON_STALL_SECONDS: '2' });

    expect(run.status, run.output).toBe(1);
    expect(run.milliseconds).toBeLessThan(10_000);
    expect(silent.requests).toEqual([`/v${electronVersion}/${zipName}`]);
    expectMissingRuntimeSentence(run.output, 'npm start', silent.url);
    expect(run.output).toContain('no data arrived for 2 seconds');
    expect((await readdir(folder)).filter((name) => name.startsWith('device-signin-electron-'))).toEqual([]);
  });
});
