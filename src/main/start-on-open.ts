/**
 * Opening the window means "sign me in": with nothing to say first, main starts the sign-in
 * itself and the window shows the code, as a TV's activation screen and Microsoft's device-code
 * page do. The signed-out screen with its "Sign in" button stays for when there is something to
 * decide or read first (a notice, such as the session-only choice where nothing can be kept), and
 * for after a person cancelled. No Electron import: main passes in its flow.
 */
import type { FlowState } from '../shared/flow-state.ts';
import type { WindowFlow } from './request-handlers.ts';

/**
 * Whether opening the window in `state` starts a sign-in: only when signed out with no notice.
 * Signed in, a failure, a declined or run-out code, and a sign-in already under way are left as
 * they are; `restoring` is not yet an answer (startOnOpen waits for one).
 */
export function shouldStartOnOpen(state: FlowState): boolean {
  return state.status === 'idle' && state.notice === undefined;
}

/**
 * Once the kept session has been looked for (`restoring` has ended), starts the sign-in if
 * shouldStartOnOpen says so. Called when the app starts and when its window is shown again; a
 * failure the flow did not turn into state goes to `reportUnexpected`, as a button's would.
 */
export function startOnOpen(flow: Pick<WindowFlow, 'getState' | 'subscribe' | 'start'>, reportUnexpected: (error: unknown) => void): void {
  const decide = (state: FlowState): void => {
    if (shouldStartOnOpen(state)) flow.start().catch(reportUnexpected);
  };
  const now = flow.getState();
  if (now.status !== 'restoring') {
    decide(now);
    return;
  }
  const unsubscribe = flow.subscribe((state) => {
    if (state.status === 'restoring') return;
    unsubscribe();
    decide(state);
  });
}
