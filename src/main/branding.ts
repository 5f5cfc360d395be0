/**
 * What the window shows of the admin's organization (policy keys `branding` and `support`): the
 * name, the logo made into a `data:` URL here in main (the page may load nothing from disk),
 * and the help desk. No Electron import: main passes `openLogoFile` in, tests a stand-in.
 *
 * The policy names the logo's path, but what lies there is whatever the disk holds when the
 * window is shown: a FIFO, a device such as /dev/zero or a huge file named `.png` must cost a log
 * line, never a hung or bloated app. So the file is judged by its open handle, before any byte
 * is read, and read no further than a logo can be long.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Log } from '../core/log.ts';
import type { BrandingSettings, SupportSettings } from '../core/policy/schema.ts';
import type { AppEnvironment } from '../shared/ipc.ts';
import type { AppSettings } from './provider-config.ts';
import type { SignInSetup } from './sign-in-setup.ts';

/** A logo is a small picture; anything larger is a mistake in the policy, not a logo. */
export const maxLogoBytes = 256 * 1024;

const imageTypes: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

/** The few operations on an open logo this module needs, as Node's FileHandle has them. */
export interface LogoFile {
  /** Facts of the open file itself (fstat): what is judged is what is then read. */
  stat(): Promise<{ isFile(): boolean; readonly size: number }>;
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ readonly bytesRead: number }>;
  close(): Promise<void>;
}

export type LogoOpener = (path: string) => Promise<LogoFile>;

// Opening a FIFO for reading otherwise waits for a writer, forever. Windows has no O_NONBLOCK
// (Node leaves it out there), and no FIFOs in its file system either.
const readOnlyNonBlocking = constants.O_RDONLY | ('O_NONBLOCK' in constants ? constants.O_NONBLOCK : 0);

/** The real disk, for main: opens read-only and without blocking. */
export const openLogoFile: LogoOpener = (path) => open(path, readOnlyNonBlocking);

export interface BrandingInput {
  readonly branding?: BrandingSettings | undefined;
  readonly support?: SupportSettings | undefined;
}

/** The environment's `branding` and `support`, each present only when the policy set something. */
export async function windowBranding(
  settings: BrandingInput | undefined,
  openLogo: LogoOpener,
  log?: Log,
): Promise<Pick<AppEnvironment, 'branding' | 'support'>> {
  const name = settings?.branding?.organizationName;
  const logo = settings?.branding?.logo === undefined ? undefined : await logoDataUrl(settings.branding.logo, openLogo, log);
  const branding = { ...(name === undefined ? {} : { organizationName: name }), ...(logo === undefined ? {} : { logo }) };
  const url = settings?.support?.url;
  const contact = settings?.support?.contact;
  const support = { ...(url === undefined ? {} : { url }), ...(contact === undefined ? {} : { contact }) };
  return {
    ...(Object.keys(branding).length === 0 ? {} : { branding }),
    ...(Object.keys(support).length === 0 ? {} : { support }),
  };
}

/**
 * Everything the window is told for one reading of the policy: where the sign-in is (from the
 * sign-in main opened), which settings are managed and by which kind of policy, and the brand.
 */
export async function windowEnvironment(
  settings: Pick<AppSettings, 'managed' | 'managedBy' | 'resolved'>,
  setup: Pick<SignInSetup, 'environment'>,
  openLogo: LogoOpener,
  log?: Log,
): Promise<AppEnvironment> {
  return {
    ...setup.environment,
    managed: [...settings.managed],
    managedBy: { ...settings.managedBy },
    ...(await windowBranding(settings.resolved?.settings, openLogo, log)),
  };
}

/** The logo file as a data: URL, or nothing (and a log line) when it cannot be one. */
async function logoDataUrl(path: string, openLogo: LogoOpener, log: Log | undefined): Promise<string | undefined> {
  const type = imageTypes[extname(path).toLowerCase()];
  if (type === undefined) {
    log?.warn('branding.logo_refused', { reason: 'not a PNG, JPEG or SVG file' });
    return undefined;
  }
  let logo: LogoBytes;
  try {
    logo = await readLogo(openLogo, path);
  } catch (error) {
    log?.warn('branding.logo_unreadable', { reason: (error as NodeJS.ErrnoException).code ?? 'unreadable' });
    return undefined;
  }
  if ('refused' in logo) {
    log?.warn('branding.logo_refused', { reason: logo.refused });
    return undefined;
  }
  return `data:${type};base64,${logo.bytes.toString('base64')}`;
}

type LogoBytes = { readonly bytes: Buffer } | { readonly refused: string };

const tooLarge = { refused: `larger than ${maxLogoBytes} bytes` } as const;

/** At most maxLogoBytes of a regular file, judged by its handle before a byte is read. */
async function readLogo(openLogo: LogoOpener, path: string): Promise<LogoBytes> {
  const file = await openLogo(path);
  try {
    const facts = await file.stat();
    // A FIFO or a device has no size to go by, and reading it may never end.
    if (!facts.isFile()) return { refused: 'not a regular file' };
    if (facts.size > maxLogoBytes) return tooLarge;
    // One byte more than a logo may have: a file that grew since fstat is refused, not cut short.
    const buffer = Buffer.alloc(maxLogoBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await file.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return length > maxLogoBytes ? tooLarge : { bytes: buffer.subarray(0, length) };
  } finally {
    await file.close();
  }
}
