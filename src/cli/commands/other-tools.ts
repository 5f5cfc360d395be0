/**
 * The token for tools that call this command before every request: kubectl through an exec
 * credential plugin (`token --format exec-credential`) and git through a credential helper
 * (`git-credential`). Neither ever starts a sign-in: a tool waiting on a hidden prompt hangs,
 * so when nobody is signed in they say so in one line and exit 1. Nor do they hand out a
 * DPoP-bound token, which the tool would send alone and the server would refuse.
 */
import type { CommandContext, ExitStatus } from './command-context.ts';
import { reportFailure, withSignedInFlow } from './context.ts';
import { toolNotSignedIn } from './failure.ts';

export interface ToolToken {
  readonly token: string;
  readonly expiresAt: number | undefined;
}

/** A token the tool was told was refused (git's `erase`), to be renewed once before it is handed out again. */
export interface RefusedToken {
  names(accessToken: string): boolean;
  remove(): void;
}

/** The session's access token, refreshed when needed, or the exit status after saying why there is none. */
export async function tokenForTool(context: CommandContext, tool: string, refused?: RefusedToken): Promise<ToolToken | ExitStatus> {
  return withSignedInFlow(
    context,
    async (flow) => {
      try {
        if (flow.getSession()?.key !== undefined) {
          context.out.warnLine((await context.words()).t('tool.dpopRefused', { tool }));
          return 1;
        }
        let token = await flow.getAccessToken();
        if (refused?.names(token) === true) {
          token = await flow.renewAccessToken(token);
          refused.remove();
        }
        return { token, expiresAt: flow.getSession()?.tokens.expiresAt };
      } catch (error) {
        return await reportFailure(context, error);
      }
    },
    () => toolNotSignedIn(context),
  );
}
