/**
 * The OS keyring entry both front ends use. On Linux only the Secret Service will do: unpinned,
 * the binding falls back silently to the kernel keyring, which forgets everything at reboot, and
 * then a probe succeeds where nothing lasts, so the "no keyring" notice never shows. One place,
 * so the app and the command line cannot drift apart on it.
 */
import { AsyncEntry } from '@napi-rs/keyring';
import type { KeyringEntryName } from './keyring-names.ts';

export function systemKeyringEntry(name: KeyringEntryName): AsyncEntry {
  return new AsyncEntry(name.service, name.account, { linux: { store: 'secret-service' } });
}
