import { describe, expect, it } from 'vitest';
import { createRedactingLog } from '../../src/core/log.ts';
import { maxLogoBytes, windowBranding } from '../../src/main/branding.ts';

const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

function files(contents: Readonly<Record<string, Buffer>>) {
  const read: string[] = [];
  return {
    read,
    readFile: (path: string) => {
      read.push(path);
      const found = contents[path];
      return found === undefined ? Promise.reject(Object.assign(new Error('missing'), { code: 'ENOENT' })) : Promise.resolve(found);
    },
  };
}

describe('the organization in the window', () => {
  it('sends the name, the logo as a data: URL, and the help desk', async () => {
    const disk = files({ '/usr/share/example/logo.png': png });
    const environment = await windowBranding(
      { branding: { organizationName: 'Example Corp', logo: '/usr/share/example/logo.png' }, support: { url: 'https://help.example.com', contact: 'ext. 4357' } },
      disk.readFile,
    );
    expect(environment).toEqual({
      branding: { organizationName: 'Example Corp', logo: `data:image/png;base64,${png.toString('base64')}` },
      support: { url: 'https://help.example.com', contact: 'ext. 4357' },
    });
  });

  it('sends nothing at all when the policy says nothing', async () => {
    expect(await windowBranding(undefined, files({}).readFile)).toEqual({});
    expect(await windowBranding({ branding: { organizationName: undefined, logo: undefined } }, files({}).readFile)).toEqual({});
  });

  it('leaves out a logo that is missing, too large or not an image, and says why in the log, keeping the name', async () => {
    const lines: string[] = [];
    const log = createRedactingLog((line) => lines.push(line));
    const disk = files({ '/big.png': Buffer.alloc(maxLogoBytes + 1), '/logo.exe': png });
    for (const logo of ['/missing.png', '/big.png', '/logo.exe']) {
      expect(await windowBranding({ branding: { organizationName: 'Example Corp', logo } }, disk.readFile, log)).toEqual({ branding: { organizationName: 'Example Corp' } });
    }
    expect(disk.read).not.toContain('/logo.exe');
    expect(lines.map((line) => (JSON.parse(line) as { event: string }).event)).toEqual(['branding.logo_unreadable', 'branding.logo_refused', 'branding.logo_refused']);
  });
});
