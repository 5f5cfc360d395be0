/**
 * Which OpenID Connect provider the app signs in against, and how, from the managed policy
 * (the machine's system policy file, then the configuration bundled into the installer), the
 * environment and the defaults; src/core/policy/settings-resolution.ts holds the precedence. Nothing
 * configured means the embedded demo provider, when the policy allows it. An invalid policy or
 * half a configuration stops sign-in with a message naming the file and the key, rather than
 * quietly signing in somewhere else.
 */
import type { ClientConfig } from '../core/config.ts';
import type { DPoPMode } from '../core/protocol/dpop.ts';
import { loadManagedPolicies, type PolicyFileReader, readPolicyFileIfPresent, systemPolicyPath } from '../core/policy/policy.ts';
import type { SettingKey } from '../core/policy/schema.ts';
import { chooseClient, type ResolvedSettings, resolveSettings } from '../core/policy/settings-resolution.ts';
import { SignInError } from '../core/errors.ts';

export type ProviderChoice =
  | { readonly kind: 'configured'; readonly config: ClientConfig }
  /** `lan`: the demo provider listens on the LAN so a phone on the same Wi-Fi can scan the QR code. */
  | { readonly kind: 'demo'; readonly scope: string; readonly lan: boolean; readonly dpop?: DPoPMode }
  | { readonly kind: 'invalid'; readonly message: string };

export interface AppSettings {
  readonly choice: ProviderChoice;
  /** Absent when the policy itself could not be read. */
  readonly resolved: ResolvedSettings | undefined;
  /** Keys the admin locked: the window shows them as managed. */
  readonly managed: readonly SettingKey[];
}

export async function loadAppSettings(options: {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  /** process.resourcesPath/policy.json in a packaged app; resources/policy.json from a checkout. */
  readonly bundledPolicyPath: string | undefined;
  readonly read?: PolicyFileReader;
}): Promise<AppSettings> {
  let resolved: ResolvedSettings;
  try {
    const policies = await loadManagedPolicies({
      systemPath: systemPolicyPath(options.platform, options.env),
      bundledPath: options.bundledPolicyPath,
      read: options.read ?? readPolicyFileIfPresent,
    });
    // The app has no settings screen yet, so there is no user layer; locked values win over the environment.
    resolved = resolveSettings({ ...policies, env: options.env });
  } catch (error) {
    if (!(error instanceof SignInError)) throw error;
    return { choice: { kind: 'invalid', message: error.message }, resolved: undefined, managed: [] };
  }
  const client = chooseClient(resolved);
  const choice: ProviderChoice =
    client.kind === 'invalid'
      ? { kind: 'invalid', message: client.error.message }
      : client.kind === 'demo'
        ? { ...client, lan: options.env['DEVICE_SIGNIN_DEMO_LAN'] === '1' }
        : client;
  return { choice, resolved, managed: [...resolved.locked] };
}
