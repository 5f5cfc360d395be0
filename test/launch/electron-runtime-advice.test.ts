/**
 * What `npm start` says when Electron cannot be downloaded, for the cases npm-start.test.ts cannot
 * reach from 127.0.0.1 (GitHub itself unreachable, or refused by a proxy, with no mirror set),
 * and how it reads the installer's errors. The stderr lines are the ones Electron 45's install.js
 * printed here (@electron/get 5) for a 404 mirror and for a closed port.
 */
import { describe, expect, it } from 'vitest';
import { electronCacheFolder, installerFailure, type MissingRuntime, missingRuntimeAdvice } from '../../scripts/electron-runtime-advice.ts';

const github = 'https://github.com/electron/electron/releases/download/v45.4.1/electron-v45.4.1-linux-x64.zip';
const base: MissingRuntime = {
  command: 'npm start',
  version: '45.4.1',
  target: 'linux-x64',
  url: github,
  mirror: undefined,
  cacheFolder: '/home/ada/.cache/electron',
  failure: { kind: 'unreachable', message: 'fetch failed' },
};

describe("the installer's failure", () => {
  it('is an HTTP status when the server answered, without the class name, stack or repeated URL', () => {
    const stderr = [
      `HTTPError: Response code 404 (Not Found) for http://127.0.0.1:33023/v45.4.1/electron-v45.4.1-linux-x64.zip`,
      '    at FetchDownloader.download (file:///node_modules/@electron/get/dist/FetchDownloader.js:48:23)',
    ].join('\n');
    expect(installerFailure(stderr)).toEqual({ kind: 'http', status: 404, message: 'Response code 404 (Not Found)' });
  });

  it('is unreachable when nothing answered', () => {
    expect(installerFailure('TypeError: fetch failed\n')).toEqual({ kind: 'unreachable', message: 'fetch failed' });
    expect(installerFailure('')).toEqual({ kind: 'unreachable', message: 'it ended without saying why' });
  });
});

describe('the advice', () => {
  it('offline with no mirror: what, from where, why, then online, a mirror, the cache, an unpacked Electron; what works without it', () => {
    expect(missingRuntimeAdvice(base)).toEqual([
      'npm start needs Electron 45.4.1 (linux-x64, about 100 MB, downloaded once) and could not download it:',
      `  ${github}: fetch failed`,
      'To get it, one of:',
      '  - Online: connect to the internet, then npm start again.',
      '  - A mirror: ELECTRON_MIRROR=https://mirror.example/electron/ npm start.',
      "  - Electron's download cache: copy /home/ada/.cache/electron from a computer that downloaded it from that address.",
      '  - An unpacked Electron 45.4.1: ELECTRON_OVERRIDE_DIST_PATH=/path/to/its/folder npm start',
      'The command line (`npm run build`, then `device-signin`) and the tests (`npm test`) do not need Electron.',
    ]);
  });

  it('refused on the way to GitHub (a proxy answering 403): a mirror, not the internet', () => {
    const lines = missingRuntimeAdvice({ ...base, failure: { kind: 'http', status: 403, message: 'Response code 403 (Forbidden)' } });
    expect(lines[1]).toBe(`  ${github}: Response code 403 (Forbidden)`);
    const mirrorFix = '  - A mirror: ELECTRON_MIRROR=https://mirror.example/electron/ npm start';
    expect(lines[3]).toBe(`${mirrorFix} (something on the way refused GitHub's download).`);
    expect(lines.join('\n')).not.toContain('internet');
  });

  it.each([
    [{ kind: 'http', status: 404, message: 'Response code 404 (Not Found)' }, 'The mirror has no such file: correct ELECTRON_MIRROR'],
    [
      { kind: 'http', status: 500, message: 'Response code 500 (Internal Server Error)' },
      'The mirror refused (500): correct ELECTRON_MIRROR',
    ],
    [{ kind: 'silent', seconds: 20 }, 'The mirror did not answer: correct ELECTRON_MIRROR, or unset it to download from GitHub.'],
  ] as const)('with a mirror set (%o): the mirror to correct, never the internet', (failure, fix) => {
    const lines = missingRuntimeAdvice({ ...base, mirror: 'https://mirror.example/electron/', failure });
    expect(lines[3]).toContain(`  - ${fix}`);
    expect(lines.join('\n')).not.toContain('internet');
  });

  it('a few short lines: none but the address line over 120 characters', () => {
    const lines = missingRuntimeAdvice(base).filter((line) => !line.includes(github));
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(120);
  });
});

describe("Electron's download cache", () => {
  it('is where @electron/get keeps it on each OS, or electron_config_cache', () => {
    expect(electronCacheFolder({}, 'linux', '/home/ada')).toBe('/home/ada/.cache/electron');
    expect(electronCacheFolder({ XDG_CACHE_HOME: '/var/cache/ada' }, 'linux', '/home/ada')).toBe('/var/cache/ada/electron');
    expect(electronCacheFolder({}, 'darwin', '/Users/ada')).toBe('/Users/ada/Library/Caches/electron');
    const windows = electronCacheFolder({ LOCALAPPDATA: '/c/Users/ada/AppData/Local' }, 'win32', '/c/Users/ada');
    expect(windows).toBe('/c/Users/ada/AppData/Local/electron/Cache');
    expect(electronCacheFolder({ electron_config_cache: '/srv/electron' }, 'linux', '/home/ada')).toBe('/srv/electron');
  });
});
