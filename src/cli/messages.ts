import type { ClientConfig } from '../core/config.ts';
import type { ErrorCode, Profile } from '../shared/flow-state.ts';
import type { CliMessageId } from '../shared/i18n/catalog-types.ts';
import type { SessionPlace } from './vault.ts';
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
  /** The core's own message, for the codes whose words depend on it (invalid_config, insecure_uri). */
  readonly detail?: string;
  /** A session saved with --insecure-storage exists, but this command was run without the flag. */
  readonly sessionFileExists?: boolean;
}

/** The codes whose way out is simply to sign in again. */
const signInAgain: ReadonlySet<ErrorCode> = new Set(['storage_damaged', 'session_ended', 'dpop_key_unusable']);

/** The codes whose first sentence is the core's own message (a setting, a policy file), when it has one. */
const saidByCore: ReadonlySet<ErrorCode> = new Set(['insecure_uri', 'invalid_config']);

/**
 * The one place where the command line turns a failure code into words, in the catalog's
 * language: `error.<code>.what` and `error.<code>.next` (messages/cli/en.json).
 */
export function explain(t: Translate, code: ErrorCode, context: ExplainContext = {}): Explanation {
  const values = {
    issuer: context.config?.issuer ?? t('error.unknownServer'),
    clientId: context.config?.clientId ?? '',
    scope: context.config?.scope ?? '',
  };
  const what = saidByCore.has(code) && context.detail !== undefined ? context.detail : t(`error.${code}.what`, values);
  return { what, next: t(nextId(code, context.sessionFileExists === true), values) };
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
export function whoIsSignedIn(profile: Pick<Profile, 'sub' | 'name' | 'email'>): string {
  const who = [profile.name, profile.email === undefined ? undefined : `<${profile.email}>`].filter((part) => part !== undefined).join(' ');
  return who === '' ? profile.sub : `${who} (${profile.sub})`;
}

/** "the system keyring", or the file and why it is used. */
export function whereText(t: Translate, where: SessionPlace): string {
  if (where.kind === 'keyring') return t('where.keyring');
  return t(where.why === 'requested' ? 'where.fileRequested' : 'where.fileAllowed', { path: where.path });
}
