/**
 * How a command says it failed, in words: apart from context.ts, so that `token` on the common
 * paths (cached-token.ts) can say that nobody is signed in without loading the sign-in flow.
 */
import type { SignInError } from '../../core/errors.ts';
import type { SettingProblem } from '../../core/setting-problem.ts';
import { explain } from '../messages.ts';
import { hasSessionFile } from '../vault.ts';
import type { CommandContext, ExitStatus } from './command-context.ts';

/**
 * An expected failure's two sentences (stderr, or an `error` event with --json), and exit status 1;
 * `detail` is the core's English, shown with --verbose; `problem` a setting's fault, worded by its rule.
 */
export async function fail(context: CommandContext, code: SignInError['code'], detail?: string, problem?: SettingProblem): Promise<ExitStatus> {
  const config = context.settings.config;
  const sessionFileExists = !context.line.insecureStorage && (code === 'not_signed_in' || code === 'storage_unavailable')
    ? await hasSessionFile(context.home, config)
    : false;
  const { t } = await context.words();
  const explanation = explain(t, code, { config, sessionFileExists, problem });
  context.out.fail(code, { ...explanation, detailsLabel: t('error.detailsLabel') }, detail);
  return 1;
}

/** kubectl and git read no JSON errors and must not hang on a prompt: one line on stderr, exit status 1. */
export async function toolNotSignedIn(context: CommandContext): Promise<ExitStatus> {
  context.out.warnLine((await context.words()).t('tool.notSignedIn', { issuer: context.settings.config.issuer }));
  return 1;
}
