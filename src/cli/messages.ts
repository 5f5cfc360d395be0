import type { ClientConfig } from '../core/config.ts';
import type { SettingProblem } from '../core/setting-problem.ts';
import type { UsableVault } from '../core/vault/open-vault.ts';
import type { ErrorCode, Profile, Retrying, RevocationOutcome } from '../shared/flow-state.ts';
import type { CliMessageId } from '../shared/i18n/catalog-types.ts';
import type { Translate } from './words.ts';

/** One sentence of what happened and one of what to do: everything an expected failure prints. */
export interface Explanation {
  readonly what: string;
  readonly next: string;
  /** The label before the technical detail that --verbose adds, in the terminal's language ("Details" when absent). */
  readonly detailsLabel?: string;
}

export interface ExplainContext {
  readonly config?: Pick<ClientConfig, 'issuer' | 'clientId' | 'scope'>;
  /** What is wrong with a setting, as the core says it in data (setting-problem.ts): worded here by its rule. */
  readonly problem?: SettingProblem | undefined;
  /** A session saved with --insecure-storage exists, but this command was run without the flag. */
  readonly sessionFileExists?: boolean;
}

/** The codes whose way out is simply to sign in again. */
const signInAgain: ReadonlySet<ErrorCode> = new Set(['storage_damaged', 'session_ended', 'dpop_key_unusable']);

/**
 * The one place where the command line turns a failure code into words, in the catalog's
 * language: `error.<code>.what` and `error.<code>.next` (messages/cli/en.json), or, for a setting
 * the core found wrong, `problem.<rule>` and the way out that fits the rule's kind.
 */
export function explain(t: Translate, code: ErrorCode, context: ExplainContext = {}): Explanation {
  const values = {
    issuer: context.config?.issuer ?? t('error.unknownServer'),
    clientId: context.config?.clientId ?? '',
    scope: context.config?.scope ?? '',
  };
  const { problem } = context;
  if (problem !== undefined) return { what: t(`problem.${problem.rule}`, problem.values), next: t(problemNextId(code, problem), values) };
  return { what: t(`error.${code}.what`, values), next: t(nextId(code, context.sessionFileExists === true), values) };
}

/** A policy is the admin's to fix; a lock is lifted by dropping what asks otherwise; the rest by fixing the setting. */
function problemNextId(code: ErrorCode, problem: SettingProblem): CliMessageId {
  if (problem.rule === 'locked.insecureStorage') return 'error.lockedInsecureStorage.next';
  if (problem.rule.startsWith('locked.')) return 'error.locked.next';
  if (problem.rule.startsWith('policy.')) return 'error.policy.next';
  if (problem.rule.startsWith('config.caFile')) return 'error.caFile.next';
  if (problem.rule === 'fetch.outputUnwritable') return 'error.fetchOutput.next';
  if (problem.rule.startsWith('fetch.')) return 'error.fetchData.next';
  return nextId(code, false);
}

function nextId(code: ErrorCode, sessionFileExists: boolean): CliMessageId {
  if (signInAgain.has(code)) return 'error.again';
  if (sessionFileExists && (code === 'storage_unavailable' || code === 'not_signed_in')) return `error.${code}.nextFileExists`;
  return `error.${code}.next` as CliMessageId;
}

export function sentence(explanation: Explanation): string {
  return `${explanation.what} ${explanation.next}`;
}

/** "Alice <alice@example.test> (alice)", or the subject alone: who is signed in, as every command says it. */
export function whoIsSignedIn(t: Translate, profile: Pick<Profile, 'issuer' | 'sub' | 'name' | 'email'>): string {
  // A plain OAuth 2.0 server names nobody: an account at its host.
  if (profile.sub === undefined) return t('who.unnamed', { host: hostOf(profile.issuer) });
  const who = [profile.name, profile.email === undefined ? undefined : `<${profile.email}>`].filter((part) => part !== undefined).join(' ');
  return who === '' ? profile.sub : `${who} (${profile.sub})`;
}

/** One line per account, indented, the current one marked: as `accounts` lists them, and a refused ACCOUNT. */
export function accountLines(t: Translate, accounts: readonly { readonly profile: Profile; readonly current: boolean }[]): string[] {
  return accounts.map(({ profile, current }) => {
    const who = whoIsSignedIn(t, profile);
    return `  ${current ? t('accounts.current', { who }) : who}`;
  });
}

function hostOf(issuer: string): string {
  try {
    return new URL(issuer).host;
  } catch {
    return issuer;
  }
}

/** "the system keyring", or the file and why it is used: the command line keeps sessions in no other vault. */
export function whereText(t: Translate, opened: Pick<UsableVault, 'file'>): string {
  const { file } = opened;
  if (file === undefined) return t('where.keyring');
  return t(file.why === 'requested' ? 'where.fileRequested' : 'where.fileAllowed', { path: file.path });
}

/** Why polling waits longer, worded by its code (the --json `retry` event keeps the code itself). */
export function retrySentence(t: Translate, reason: Retrying['reason'], delaySeconds: number): string {
  return t(`login.retry.${reason}`, { delay: delaySeconds });
}

/** Why the provider still honours the tokens, one sentence per outcome, and until when or where the user can end them. */
export function notRevokedText(
  t: Translate,
  revocation: Exclude<RevocationOutcome, 'revoked'>,
  expiresAt: number | undefined,
  revokeAt: string | undefined,
): string {
  const why = t(`logout.${revocation}`);
  const until =
    expiresAt === undefined
      ? revokeAt === undefined
        ? t('logout.untilExpiry')
        : undefined
      : t('logout.validUntil', { at: new Date(expiresAt) });
  const revoke = revokeAt === undefined ? undefined : t('logout.revokeAt', { page: revokeAt });
  return [why, until, revoke].filter((part) => part !== undefined).join(' ');
}
