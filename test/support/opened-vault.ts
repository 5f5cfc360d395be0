import { type UsableVault } from '../../src/core/vault/open-vault.ts';
import { processOnlyRefreshLock } from '../../src/core/vault/refresh-lock.ts';
import { RecordKeeper } from '../../src/core/vault/record-keeper.ts';
import type { TokenVault } from '../../src/core/vault/session-record.ts';

/** `vault` (a memory vault, mostly) as core's openVault hands a vault to the app: its record's keeper, under the app's lock. */
export function openedVault(vault: TokenVault, options: { readonly weak?: boolean } = {}): UsableVault {
  return {
    usable: true,
    keeper: new RecordKeeper(vault, processOnlyRefreshLock),
    lock: processOnlyRefreshLock,
    weak: options.weak ?? false,
  };
}
