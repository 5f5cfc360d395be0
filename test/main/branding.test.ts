/**
 * The admin's name, logo and help desk reach the window; the logo as a data: URL main reads from
 * the path the policy names. What lies at that path is whatever the disk holds when the window is
 * shown, so these tests put real files, a FIFO and a device link in a scratch folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedactingLog } from '../../src/core/log.ts';
import { type LogoOpener, maxLogoBytes, openLogoFile, windowBranding } from '../../src/main/branding.ts';

const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const posix = process.platform !== 'win32';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'device-signin-branding-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** The real disk, noting what was opened and how many bytes were read. */
function disk() {
  const opened: string[] = [];
  let bytesRead = 0;
  const open: LogoOpener = async (path) => {
    opened.push(path);
    const file = await openLogoFile(path);
    return {
      stat: () => file.stat(),
      read: async (buffer, offset, length, position) => {
        const result = await file.read(buffer, offset, length, position);
        bytesRead += result.bytesRead;
        return result;
      },
      close: () => file.close(),
    };
  };
  return { open, opened, bytesRead: () => bytesRead };
}

function recordedLog() {
  const lines: { event: string; reason?: string }[] = [];
  return { log: createRedactingLog((line) => lines.push(JSON.parse(line) as { event: string; reason?: string })), lines };
}

describe('the organization in the window', () => {
  it('sends the name, the logo as a data: URL, and the help desk', async () => {
    const logo = join(folder, 'logo.png');
    await writeFile(logo, png);
    const environment = await windowBranding(
      { branding: { organizationName: 'Example Corp', logo }, support: { url: 'https://help.example.com', contact: 'ext. 4357' } },
      openLogoFile,
    );
    expect(environment).toEqual({
      branding: { organizationName: 'Example Corp', logo: `data:image/png;base64,${png.toString('base64')}` },
      support: { url: 'https://help.example.com', contact: 'ext. 4357' },
    });
  });

  it('sends nothing at all when the policy says nothing', async () => {
    expect(await windowBranding(undefined, openLogoFile)).toEqual({});
    expect(await windowBranding({ branding: { organizationName: undefined, logo: undefined } }, openLogoFile)).toEqual({});
  });

  it('leaves out a logo that is missing, too large or not an image, and says why in the log, keeping the name', async () => {
    const { log, lines } = recordedLog();
    const files = disk();
    await writeFile(join(folder, 'big.png'), Buffer.alloc(maxLogoBytes + 1));
    await writeFile(join(folder, 'logo.exe'), png);
    for (const name of ['missing.png', 'big.png', 'logo.exe']) {
      const logo = join(folder, name);
      expect(await windowBranding({ branding: { organizationName: 'Example Corp', logo } }, files.open, log)).toEqual({
        branding: { organizationName: 'Example Corp' },
      });
    }
    expect(files.opened).not.toContain(join(folder, 'logo.exe'));
    expect(lines.map((line) => line.event)).toEqual(['branding.logo_unreadable', 'branding.logo_refused', 'branding.logo_refused']);
  });
});

describe.skipIf(!posix)('a logo path that leads to something other than a small picture', () => {
  it('refuses a FIFO named logo.png at once, instead of waiting for a writer that never comes', { timeout: 3_000 }, async () => {
    const fifo = join(folder, 'fifo-logo.png');
    execFileSync('mkfifo', [fifo]);
    const { log, lines } = recordedLog();
    expect(await windowBranding({ branding: { organizationName: 'Example Corp', logo: fifo } }, openLogoFile, log)).toEqual({
      branding: { organizationName: 'Example Corp' },
    });
    expect(lines).toMatchObject([{ event: 'branding.logo_refused', reason: 'not a regular file' }]);
  });

  it('refuses a 10 MB file named .png from its size, before reading a byte of it', { timeout: 3_000 }, async () => {
    const huge = join(folder, 'huge.png');
    await writeFile(huge, png);
    await truncate(huge, 10 * 1024 * 1024);
    const { log, lines } = recordedLog();
    const files = disk();
    expect(await windowBranding({ branding: { organizationName: 'Example Corp', logo: huge } }, files.open, log)).toEqual({
      branding: { organizationName: 'Example Corp' },
    });
    expect(files.bytesRead()).toBe(0);
    expect(lines).toMatchObject([{ event: 'branding.logo_refused', reason: `larger than ${maxLogoBytes} bytes` }]);
  });

  it('refuses zero.png linked to /dev/zero, a device that never ends, without reading it', { timeout: 3_000 }, async () => {
    const zero = join(folder, 'zero.png');
    await symlink('/dev/zero', zero);
    const { log, lines } = recordedLog();
    const files = disk();
    expect(await windowBranding({ branding: { organizationName: 'Example Corp', logo: zero } }, files.open, log)).toEqual({
      branding: { organizationName: 'Example Corp' },
    });
    expect(files.bytesRead()).toBe(0);
    expect(lines).toMatchObject([{ event: 'branding.logo_refused', reason: 'not a regular file' }]);
  });
});
