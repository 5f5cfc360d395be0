/**
 * How a command says it failed, in words: apart from context.ts, so that `token` on the common
 * paths (cached-token.ts) can say that nobody is signed in without loading the sign-in flow.
 */
import type { SignInError } from '../../core/errors.ts';
import type { SettingProblem } from '../../core/setting-problem.ts';
import type { KeyringProblem } from '../../core/vault/keyring-probe.ts';
import { type Explanation, explain } from '../messages.ts';
import type { Translate } from '../words.ts';
import { hasSessionFile } from '../vault.ts';
import { type CommandContext, type ExitStatus, failureStatus } from './command-context.ts';

/**
 * An expected failure's two sentences (stderr, or an `error` event with --json), and its exit status (failureStatus);
 * `detail` is the core's English, shown with --verbose; `problem` a setting's fault, worded by its rule.
 */
export async function fail(
  context: CommandContext,
  code: SignInError['code'],
  detail?: string,
  problem?: SettingProblem,
): Promise<ExitStatus> {
  const config = context.settings.config;
  const sessionFileExists =
    !context.line.insecureStorage && (code === 'not_signed_in' || code === 'storage_unavailable')
      ? await hasSessionFile(context.home, config)
      : false;
  const { t } = await context.words();
  const explanation = explain(t, code, { config, sessionFileExists, problem });
  context.out.fail(code, { ...explanation, detailsLabel: t('error.detailsLabel') }, detail);
  return failureStatus(code, problem);
}

/** kubectl and git read no JSON errors and must not hang on a prompt: one line on stderr, exit status 1. */
export async function toolNotSignedIn(context: CommandContext): Promise<ExitStatus> {
  context.out.warnLine((await context.words()).t('tool.notSignedIn', { issuer: context.settings.config.issuer }));
  return 1;
}

/**
 * A keyring that cannot keep the session, said by its cause (keyring-probe.ts): a locked keyring
 * wants unlocking and one without a default collection wants a login keyring, not "start a
 * keyring service" while one is running. `storage_unavailable`, exit status 1.
 */
export async function failKeyring(context: CommandContext, problem: KeyringProblem, detail: string | undefined): Promise<ExitStatus> {
  const sessionFileExists = !context.line.insecureStorage && (await hasSessionFile(context.home, context.settings.config));
  const { t } = await context.words();
  context.out.fail(
    'storage_unavailable',
    { ...keyringExplanation(t, problem, sessionFileExists), detailsLabel: t('error.detailsLabel') },
    detail,
  );
  return 1;
}

export function keyringExplanation(t: Translate, problem: KeyringProblem, sessionFileExists: boolean): Explanation {
  const explained = ((): Explanation => {
    switch (problem) {
      case 'no_service':
        return { what: t('error.storage_unavailable.what'), next: t('error.storage_unavailable.next') };
      case 'no_default_collection':
        return { what: t('keyring.no_default_collection.what'), next: t('keyring.createCollection.next') };
      case 'locked':
        return { what: t('keyring.locked.what'), next: t('keyring.unlock.next') };
      case 'prompt_unavailable':
        return { what: t('keyring.prompt_unavailable.what'), next: t('keyring.unlock.next') };
      case 'no_answer':
        return { what: t('keyring.no_answer.what'), next: t('keyring.other.next') };
      case 'not_kept':
      case 'other':
        return { what: t('keyring.other.what'), next: t('keyring.other.next') };
    }
  })();
  // A session kept in the file earlier is the likelier way out than fixing the keyring.
  return sessionFileExists ? { ...explained, next: t('error.storage_unavailable.nextFileExists') } : explained;
}
