import { type CommandContext, createCliFlow, failVault, openVault, type ExitStatus, fail, reportFailure, signedOutReason } from './context.ts';

/**
 * `device-signin token`: prints a valid access token and nothing else, so that
 * `curl -H "Authorization: Bearer $(device-signin token)"` works. An expired token, or one
 * about to expire, is refreshed first and the rotated tokens are stored. With `--json`, one
 * object with the token, its type and its expiry.
 */
export async function token(context: CommandContext): Promise<ExitStatus> {
  const opened = openVault(context);
  if (!opened.usable) return failVault(context, opened);
  const flow = createCliFlow(context, opened.vault);
  try {
    await flow.restore();
    const state = flow.getState();
    if (state.status !== 'signed_in') return await fail(context, signedOutReason(state.status === 'idle' ? state.notice : undefined));
    let accessToken: string;
    try {
      accessToken = await flow.getAccessToken();
    } catch (error) {
      return await reportFailure(context, error);
    }
    const tokens = flow.getSession()?.tokens;
    const expiresAt = tokens?.expiresAt;
    context.out.emit(
      {
        type: 'token',
        access_token: accessToken,
        token_type: tokens?.tokenType ?? 'Bearer',
        ...(expiresAt === undefined ? {} : { expires_at: new Date(expiresAt).toISOString() }),
      },
      accessToken,
    );
    return 0;
  } finally {
    flow.dispose();
  }
}
