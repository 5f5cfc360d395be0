/**
 * Applies the policy's update control to an updater. The updater is the part of
 * electron-updater's `autoUpdater` this needs, so the rule is tested with a plain object here and
 * wired to the real one in the main process (which alone may import Electron).
 */
import type { SettingSource } from './settings-resolution.ts';
import type { UpdateChannel, UpdatesSettings } from './schema.ts';

/** The subset of electron-updater's `AppUpdater` the policy drives. */
export interface Updater {
  channel: string | null;
  allowPrerelease: boolean;
  allowDowngrade: boolean;
  autoDownload: boolean;
  checkForUpdatesAndNotify(): Promise<unknown>;
}

type UpdateOutcome =
  | { readonly status: 'disabled' }
  /** Linux packages (deb, rpm) are updated by the system's package manager, which checks their signatures. */
  | { readonly status: 'left_to_package_manager' }
  | { readonly status: 'checked'; readonly channel: UpdateChannel | undefined }
  | { readonly status: 'check_failed'; readonly channel: UpdateChannel | undefined; readonly error: unknown };

/**
 * Updates off: never checks, and never downloads even if something else asks for a check.
 * A channel set by the policy (or the user) is pinned: `latest` takes releases only, `beta` and
 * `alpha` take pre-releases too. With no one choosing a channel the updater keeps the channel of the
 * installed build, so a beta build is not moved to `latest` (electron-updater allows a downgrade
 * whenever the channel is set).
 *
 * A failed check is reported, not thrown: being offline must not stop the app.
 */
export async function applyUpdatePolicy(
  resolved: { readonly settings: { readonly updates: UpdatesSettings }; sourceOf(key: 'updates'): SettingSource },
  updater: Updater,
  platform: NodeJS.Platform = process.platform,
): Promise<UpdateOutcome> {
  const { enabled, channel, allowDowngrade } = resolved.settings.updates;
  if (!enabled || platform === 'linux') {
    // electron-updater verifies no signature on Linux packages; the package manager does.
    updater.autoDownload = false;
    return enabled ? { status: 'left_to_package_manager' } : { status: 'disabled' };
  }
  const pinned = resolved.sourceOf('updates') === 'default' ? undefined : channel;
  if (pinned !== undefined) {
    updater.channel = pinned;
    updater.allowPrerelease = pinned !== 'latest';
  }
  // Setting a channel switches electron-updater's allowDowngrade on; only the policy may.
  updater.allowDowngrade = allowDowngrade;
  try {
    await updater.checkForUpdatesAndNotify();
    return { status: 'checked', channel: pinned };
  } catch (error) {
    return { status: 'check_failed', channel: pinned, error };
  }
}
