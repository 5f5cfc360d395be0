/**
 * The policy the OS itself delivers, stronger than the policy files: Group Policy's registry keys
 * on Windows (registry-policy.ts), a configuration profile's managed preferences on macOS
 * (managed-preferences.ts). Linux has no such channel; its fleets use the system policy file.
 * Each reader is loaded only on its own OS, so no other platform pays for it at start-up.
 */
import { userInfo } from 'node:os';
import type { Log } from '../log.ts';
import type { Policy } from './policy-document.ts';

/** A policy the OS delivers: Group Policy's registry keys, or a configuration profile's managed preferences. */
export interface PlatformPolicy extends Policy {
  readonly kind: 'group-policy' | 'configuration-profile';
  /** HKCU, or the per-user managed preferences: weaker than the machine's. */
  readonly perUser: boolean;
}

export type PlatformPolicyReader = () => Promise<readonly PlatformPolicy[]>;

export function platformPolicyReader(platform: NodeJS.Platform, log: Log): PlatformPolicyReader {
  switch (platform) {
    case 'win32':
      return async () => (await import('./registry-policy.ts')).readGroupPolicy();
    case 'darwin':
      return async () => (await import('./managed-preferences.ts')).readManagedPreferences({ user: userInfo().username, log });
    default:
      return () => Promise.resolve([]);
  }
}
