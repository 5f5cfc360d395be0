/**
 * Which OpenID Connect provider the app signs in against, and how, from the managed policy
 * (what the OS delivers, Group Policy or a configuration profile; the machine's system policy
 * file; then the configuration bundled into the installer), the
 * environment and the defaults; src/core/policy/settings-resolution.ts holds the precedence. Nothing
 * configured means the embedded demo provider, when the policy allows it. An invalid policy or
 * half a configuration stops sign-in with a message naming the file and the key, rather than
 * quietly signing in somewhere else.
 */
import type { ClientConfig } from '../core/config.ts';
import type { Log } from '../core/log.ts';
import type { DPoPMode } from '../core/protocol/dpop-mode.ts';
import type { PlatformPolicyReader } from '../core/policy/platform-policy.ts';
import { loadManagedPolicies, type PolicyFileReader } from '../core/policy/policy.ts';
import type { SettingKey } from '../core/policy/schema.ts';
import { chooseClient } from '../core/policy/client-choice.ts';
import { type ResolvedSettings, resolveSettings } from '../core/policy/settings-resolution.ts';
import { SignInError } from '../core/errors.ts';
import { parseProxySetting, type SessionProxyConfig, sessionProxyConfig } from '../core/policy/proxy-setting.ts';
import type { PolicySourceKind } from '../shared/policy-source.ts';

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
  /** For each managed key, the kind of policy that locks it: the window names it. */
  readonly managedBy: { readonly [key: string]: PolicySourceKind };
  /** The session's proxy settings when the `proxy` setting is set; unset, Chromium follows the OS. */
  readonly proxy?: SessionProxyConfig;
}

export async function loadAppSettings(options: {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The machine-wide policy file, from machinePolicyPath: read only when only administrators can change it. */
  readonly systemPolicyPath: string;
  /** resources/policy.json inside app.asar in a packaged app, or in a checkout (bundledPolicyPath). */
  readonly bundledPolicyPath: string | undefined;
  readonly read?: PolicyFileReader;
  /** What the OS delivers above the files: Group Policy, configuration profiles (platformPolicyReader). */
  readonly platform?: PlatformPolicyReader;
  /** Notes a system policy file that is ignored rather than refused (one no administrator owns). */
  readonly log?: Log;
}): Promise<AppSettings> {
  let resolved: ResolvedSettings;
  try {
    const policies = await loadManagedPolicies({
      systemPath: options.systemPolicyPath,
      bundledPath: options.bundledPolicyPath,
      ...(options.read === undefined ? {} : { read: options.read }),
      ...(options.platform === undefined ? {} : { platform: options.platform }),
      log: options.log,
    });
    // The app has no settings screen yet, so there is no user layer; locked values win over the environment.
    resolved = resolveSettings({ ...policies, env: options.env });
  } catch (error) {
    if (!(error instanceof SignInError)) throw error;
    return { choice: { kind: 'invalid', message: error.message }, resolved: undefined, managed: [], managedBy: {} };
  }
  const proxySetting = resolved.settings.proxy === undefined ? undefined : parseProxySetting(resolved.settings.proxy);
  if (proxySetting !== undefined && 'problem' in proxySetting) {
    // DEVICE_SIGNIN_PROXY has not been through the policy validator.
    return { choice: { kind: 'invalid', message: `The proxy setting ${proxySetting.text}.` }, resolved, ...managedOf(resolved) };
  }
  const proxy = proxySetting === undefined ? {} : { proxy: sessionProxyConfig(proxySetting) };
  const client = chooseClient(resolved);
  const choice: ProviderChoice =
    client.kind === 'invalid'
      ? { kind: 'invalid', message: client.error.message }
      : client.kind === 'demo'
        ? { ...client, lan: options.env['DEVICE_SIGNIN_DEMO_LAN'] === '1' }
        : client;
  return { choice, resolved, ...managedOf(resolved), ...proxy };
}

function managedOf(resolved: ResolvedSettings): Pick<AppSettings, 'managed' | 'managedBy'> {
  const managed = [...resolved.locked];
  const managedBy: Record<string, PolicySourceKind> = {};
  for (const key of managed) {
    const kind = resolved.lockKindOf(key);
    if (kind !== undefined) managedBy[key] = kind;
  }
  return { managed, managedBy };
}
