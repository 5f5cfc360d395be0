/**
 * The OS keyring entry both front ends use. On Linux only the Secret Service will do: unpinned,
 * the binding falls back silently to the kernel keyring, which forgets everything at reboot, and
 * then a probe succeeds where nothing lasts, so the "no keyring" notice never shows. One place,
 * so the app and the command line cannot drift apart on it.
 */
import { createRequire } from 'node:module';
import type { AsyncEntry } from '@napi-rs/keyring';
import type { KeyringEntryName } from './keyring-names.ts';

/**
 * The native binding is loaded on the first entry, not at import: a command line run that keeps
 * its session in a file (`--insecure-storage`) never needs it.
 */
export function systemKeyringEntry(name: KeyringEntryName): AsyncEntry {
  const { AsyncEntry } = createRequire(import.meta.url)('@napi-rs/keyring') as typeof import('@napi-rs/keyring');
  return new AsyncEntry(name.service, name.account, { linux: { store: 'secret-service' } });
}
