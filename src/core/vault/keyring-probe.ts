/**
 * Whether the OS keyring can keep a session, found by doing it: a throwaway item written, read
 * back and deleted. Reading alone proves nothing on Linux: a Secret Service with no default
 * collection, or a locked one, answers a search with "nothing found" and refuses only the write,
 * which for a sign-in comes after the person has approved on their phone.
 */
import type { Clock } from '../clock.ts';
import { callKeyring, defaultKeyringTimeoutMs, type KeyringEntry } from './keyring-vault.ts';

/**
 * Why the keyring cannot keep a session, by what it answered (the Secret Service's errors as
 * the dbus-secret-service crate under `@napi-rs/keyring` words them):
 * - `no_service`: no D-Bus session (or one that cannot be reached), or nothing on it that offers
 *   org.freedesktop.secrets;
 * - `no_default_collection`: a Secret Service with no default collection to create items in
 *   (gnome-keyring started without a login keyring: "no result found");
 * - `locked`: the collection is locked and the keyring asked for no prompt;
 * - `prompt_unavailable`: it is locked, and the prompt to unlock it could not be shown (no
 *   display for gcr-prompter) or was dismissed;
 * - `no_answer`: it did not answer within the timeout;
 * - `not_kept`: the write was taken, but the item did not read back;
 * - `other`: any other refusal (its text is the detail).
 */
export type KeyringProblem = 'no_service' | 'no_default_collection' | 'locked' | 'prompt_unavailable' | 'no_answer' | 'not_kept' | 'other';

export type KeyringProbeOutcome =
  { readonly usable: true } | { readonly usable: false; readonly problem: KeyringProblem; readonly detail: string };

/** Writes, reads back and deletes `entry` (a probe entry, never a session's); each call ends within the timeout. */
export async function probeKeyring(entry: KeyringEntry, clock: Clock, timeoutMs = defaultKeyringTimeoutMs): Promise<KeyringProbeOutcome> {
  const value = `probe ${String(clock.now())}`;
  try {
    await callKeyring(clock, timeoutMs, 'probe write', (signal) => entry.setPassword(value, signal));
    const read = await callKeyring(clock, timeoutMs, 'probe read', (signal) => entry.getPassword(signal));
    await callKeyring(clock, timeoutMs, 'probe delete', (signal) => entry.deletePassword(signal));
    if (read !== value)
      return { usable: false, problem: 'not_kept', detail: 'The probe item was written but did not read back as written.' };
    return { usable: true };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { usable: false, problem: keyringProblemOf(detail), detail };
  }
}

/** The problem a keyring error's text names; `callKeyring`'s own timeout says "did not answer". */
export function keyringProblemOf(detail: string): KeyringProblem {
  if (/No DBus session or Secret Service provider found|DBUS_SESSION_BUS_ADDRESS|ServiceUnknown|DBus error/i.test(detail))
    return 'no_service';
  if (/no result found/i.test(detail)) return 'no_default_collection';
  if (/prompt was dismissed/i.test(detail)) return 'prompt_unavailable';
  if (/object locked|is locked/i.test(detail)) return 'locked';
  if (/did not answer within/i.test(detail)) return 'no_answer';
  return 'other';
}
