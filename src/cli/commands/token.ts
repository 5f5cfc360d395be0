import { earlyWord } from '../early-words.ts';
import type { CommandContext, ExitStatus } from './command-context.ts';
import { reportFailure, withSignedInFlow } from './context.ts';
import { tokenForTool } from './other-tools.ts';
import { printToken } from './token-output.ts';

/**
 * `device-signin token`: prints a valid access token and nothing else, so that
 * `curl -H "Authorization: Bearer $(device-signin token)"` works for a bearer session. A session
 * bound with DPoP also needs a proof of the key on every request, which only `fetch` can add:
 * its token is still printed, with a warning on stderr. An expired token, or one
 * about to expire, is refreshed first and the rotated tokens are stored. With `--json`, one
 * object with the token, its type and its expiry.
 */
export async function token(context: CommandContext): Promise<ExitStatus> {
  if (context.line.format === 'exec-credential') {
    const answer = await tokenForTool(context, 'kubectl');
    if (typeof answer === 'number') return answer;
    return printToken(context.out, context.writeBody, 'exec-credential', {
      accessToken: answer.token,
      tokenType: 'Bearer',
      expiresAt: answer.expiresAt,
    });
  }
  return withSignedInFlow(context, async (flow) => {
    let accessToken: string;
    try {
      accessToken = await flow.getAccessToken();
    } catch (error) {
      return await reportFailure(context, error);
    }
    const session = flow.getSession();
    const tokens = session?.tokens;
    // Scripts read stdout; the warning is for the person who pastes the token into curl.
    if (session?.key !== undefined) context.out.warn(earlyWord(context.language, 'token.dpopWarning'));
    return printToken(context.out, context.writeBody, undefined, {
      accessToken,
      tokenType: tokens?.tokenType ?? 'Bearer',
      expiresAt: tokens?.expiresAt,
    });
  });
}
