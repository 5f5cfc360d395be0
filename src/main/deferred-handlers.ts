/**
 * Request handlers that exist before the sign-in does. The window is shown at once, before the
 * policy, the vault (a keychain prompt, a D-Bus wait) and the keyring probe have answered, and
 * its page asks for the state and the environment as soon as it runs: each request waits here
 * until the real handlers are ready, so the page shows its empty starting screen meanwhile,
 * never an error or a state that is not yet true.
 */
import { answerRequest, type RequestChannel, requestChannelOf, type RequestHandlers } from '../shared/ipc.ts';

export function answeringWhenReady(ready: Promise<RequestHandlers>): RequestHandlers {
  const channels = Object.values(requestChannelOf) as RequestChannel[];
  const waiting = Object.fromEntries(
    channels.map((channel) => [channel, async (...args: unknown[]) => answerRequest(await ready, channel, args)]),
  );
  return waiting as unknown as RequestHandlers;
}
