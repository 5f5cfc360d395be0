/**
 * What this computer holds, as facts: the app's version, where each effective setting came from
 * (policy/settings-resolution.ts decides; this only reads its answer), whether the keyring can
 * keep a session (vault/keyring-probe.ts does the test write and read), and the kept session
 * without any of its tokens.
 */
import { SignInError } from '../errors.ts';
import type { ResolvedSettings } from '../policy/settings-resolution.ts';
import { settingKeys } from '../policy/schema.ts';
import type { KeyringProbeOutcome } from '../vault/keyring-probe.ts';
import type { SessionRecord } from '../vault/session-record.ts';
import type { DiagnosticCheck, SettingFailure, SettingOrigin } from './report.ts';
import type { CheckStep } from './run-checks.ts';

export interface AppFacts {
  readonly version: string;
  readonly platform: string;
  readonly arch: string;
  /** The runtime and its version, e.g. `node 24.1.0` or `electron 45.4.1`. */
  readonly runtime: string;
}

/** The settings as the front end resolved them, or why it could not use them. */
export type SettingsInput = { readonly resolved: ResolvedSettings } | { readonly failure: SettingFailure };

/** How the front end keeps a session, so the keyring check knows whether it matters. */
export type KeyringInput =
  | { readonly kind: 'not_used'; readonly why: 'insecure_storage' | 'session_only_policy' }
  | {
      readonly kind: 'probe';
      probe(): Promise<KeyringProbeOutcome>;
      /** The admin allows the 0600 file where no keyring works (`allow-unprotected`). */
      readonly fileAllowed: boolean;
    };

/** The kept record and the vault it is in; the read must not refresh, sign in or revoke. */
export type SessionInput = () => Promise<{ readonly record: SessionRecord | undefined; readonly vault: string }>;

export function appStep(app: AppFacts): CheckStep {
  return { name: 'app', run: () => Promise.resolve<DiagnosticCheck>({ name: 'app', status: 'ok', code: 'version', facts: app }) };
}

export function policyStep(settings: SettingsInput): CheckStep {
  return {
    name: 'policy',
    run: () => Promise.resolve(policyCheck(settings)),
  };
}

function policyCheck(settings: SettingsInput): DiagnosticCheck {
  if ('failure' in settings) return { name: 'policy', status: 'problem', code: 'unusable', facts: settings.failure };
  const { resolved } = settings;
  const origins: SettingOrigin[] = [];
  for (const key of settingKeys) {
    const source = resolved.sourceOf(key);
    const lockedBy = resolved.lockedBy(key);
    // A default nobody locked is no one's decision: listing all of them would hide the ones that are.
    if (source === 'default' && lockedBy === undefined) continue;
    origins.push({ key, source, locked: lockedBy !== undefined, ...(lockedBy === undefined ? {} : { lockedBy }) });
  }
  const sources = resolved.policySources.map(({ kind, name }) => ({ kind, name }));
  return { name: 'policy', status: 'ok', code: sources.length === 0 ? 'none' : 'applied', facts: { sources, settings: origins } };
}

export function keyringStep(keyring: KeyringInput): CheckStep {
  return {
    name: 'keyring',
    async run() {
      if (keyring.kind === 'not_used') return { name: 'keyring', status: 'ok', code: 'not_used', facts: { why: keyring.why } };
      const outcome = await keyring.probe();
      if (outcome.usable) return { name: 'keyring', status: 'ok', code: 'usable', facts: {} };
      const facts = { problem: outcome.problem, detail: outcome.detail };
      return keyring.fileAllowed
        ? { name: 'keyring', status: 'warning', code: 'file_instead', facts }
        : { name: 'keyring', status: 'problem', code: 'unusable', facts };
    },
  };
}

export function sessionStep(read: SessionInput | undefined, now: () => number): CheckStep {
  return {
    name: 'session',
    async run() {
      if (read === undefined) return { name: 'session', status: 'skipped', code: 'after_problem', facts: { after: 'policy' } };
      let kept: Awaited<ReturnType<SessionInput>>;
      try {
        kept = await read();
      } catch (error) {
        const errorCode = error instanceof SignInError ? error.code : 'storage_unavailable';
        return { name: 'session', status: 'problem', code: 'unreadable', facts: { errorCode, detail: describe(error) } };
      }
      const { record, vault } = kept;
      if (record === undefined) return { name: 'session', status: 'ok', code: 'none', facts: {} };
      const { expiresAt, refreshToken } = record.tokens;
      const account = record.profile.email ?? record.profile.sub;
      const facts = {
        issuer: record.issuer,
        ...(account === undefined ? {} : { account }),
        ...(expiresAt === undefined ? {} : { expiresAt: new Date(expiresAt).toISOString() }),
        refreshable: refreshToken !== undefined,
        dpopKey: record.dpop !== undefined,
        vault,
      };
      // Expired with nothing to renew it: the next use asks for a new sign-in.
      const dead = expiresAt !== undefined && expiresAt <= now() && refreshToken === undefined;
      return dead ? { name: 'session', status: 'warning', code: 'expired', facts } : { name: 'session', status: 'ok', code: 'kept', facts };
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
