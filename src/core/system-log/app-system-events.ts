/**
 * The app's side of the system log, without Electron: main wraps its support log once, notes each
 * reading of the policy (an invalid one is an event of its own, written when it first appears or
 * changes, not at every re-read), and hands over the sign-in it follows, whose settings say where
 * it signs in and whether `systemLog` is on, and whose states say who is signed in.
 */
import type { FlowState } from '../../shared/flow-state.ts';
import type { Log } from '../log.ts';
import { type SystemEventLog, withSystemEvents } from './system-event-log.ts';
import { type SpawnTool, systemLogWriter } from './system-log-writer.ts';

/** What of main's AppSettings (src/main/provider-config.ts) the system log reads. */
export interface SettingsRead {
  readonly choice:
    | { readonly kind: 'configured'; readonly config: { readonly issuer: string } }
    | { readonly kind: 'demo' }
    | { readonly kind: 'invalid'; readonly message: string };
  readonly resolved: { readonly settings: { readonly systemLog: boolean } } | undefined;
}

/** What of the followed sign-in (src/main/policy-follower.ts) it reads. */
export interface FollowedRead {
  settings(): SettingsRead;
  readonly flow: { getState(): FlowState; subscribe(listener: (state: FlowState) => void): unknown };
}

export interface AppSystemEvents {
  /** The support log, and the system log for the events it names: the log every sign-in is given. */
  readonly log: SystemEventLog;
  /** Each reading of the policy, handed back unchanged. */
  loaded<Settings extends SettingsRead>(settings: Settings): Settings;
  /** The sign-in main follows, once it is open: its settings, then its states. */
  follow(followed: FollowedRead): void;
}

export function createAppSystemEvents(
  support: Log,
  platform: NodeJS.Platform,
  options: { readonly spawn?: SpawnTool } = {},
): AppSystemEvents {
  let latest: SettingsRead | undefined;
  let followed: FollowedRead | undefined;
  let invalid: string | undefined;
  // Until the sign-in is open, the settings just read; after, the ones it runs with (the old ones while it moves on).
  const current = (): SettingsRead | undefined => followed?.settings() ?? latest;
  const log = withSystemEvents(support, {
    write: systemLogWriter({
      platform,
      ...(options.spawn === undefined ? {} : { spawn: options.spawn }),
      onFailure: (reason) => {
        support.warn('system_log.failed', { reason });
      },
    }),
    // The embedded demo provider is for trying the app out; nobody's help desk needs its sign-ins.
    enabled: () => current()?.choice.kind !== 'demo' && (current()?.resolved?.settings.systemLog ?? true),
    issuer: () => {
      const choice = current()?.choice;
      return choice?.kind === 'configured' ? choice.config.issuer : undefined;
    },
  });
  return {
    log,
    loaded(settings) {
      latest = settings;
      const message = settings.choice.kind === 'invalid' ? settings.choice.message : undefined;
      // The support log gets the message (it names the file and the key); the system log only the code.
      if (message !== undefined && message !== invalid) log.warn('policy.invalid', { code: 'invalid_config', message });
      invalid = message;
      return settings;
    },
    follow(sign) {
      followed = sign;
      log.observe(sign.flow.getState());
      sign.flow.subscribe((state) => {
        log.observe(state);
      });
    },
  };
}
