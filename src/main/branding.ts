/**
 * What the window shows of the admin's organization (policy keys `branding` and `support`): the
 * name, the logo made into a `data:` URL here in main (the page may load nothing from disk),
 * and the help desk. No Electron import: main passes its file reader in.
 */
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

export interface BrandingInput {
  readonly branding?: BrandingSettings | undefined;
  readonly support?: SupportSettings | undefined;
}

/** The environment's `branding` and `support`, each present only when the policy set something. */
export async function windowBranding(
  settings: BrandingInput | undefined,
  readFile: (path: string) => Promise<Buffer>,
  log?: Log,
): Promise<Pick<AppEnvironment, 'branding' | 'support'>> {
  const name = settings?.branding?.organizationName;
  const logo = settings?.branding?.logo === undefined ? undefined : await logoDataUrl(settings.branding.logo, readFile, log);
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
  readFile: (path: string) => Promise<Buffer>,
  log?: Log,
): Promise<AppEnvironment> {
  return { ...setup.environment, managed: [...settings.managed], managedBy: { ...settings.managedBy }, ...(await windowBranding(settings.resolved?.settings, readFile, log)) };
}

/** The logo file as a data: URL, or nothing (and a log line) when it cannot be one. */
async function logoDataUrl(path: string, readFile: (path: string) => Promise<Buffer>, log: Log | undefined): Promise<string | undefined> {
  const type = imageTypes[extname(path).toLowerCase()];
  if (type === undefined) {
    log?.warn('branding.logo_refused', { reason: 'not a PNG, JPEG or SVG file' });
    return undefined;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    log?.warn('branding.logo_unreadable', { reason: (error as NodeJS.ErrnoException).code ?? 'unreadable' });
    return undefined;
  }
  if (bytes.length > maxLogoBytes) {
    log?.warn('branding.logo_refused', { reason: `larger than ${maxLogoBytes} bytes` });
    return undefined;
  }
  return `data:${type};base64,${bytes.toString('base64')}`;
}
