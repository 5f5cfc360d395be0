import type { SignInFlow } from '../../src/core/flow/sign-in-flow.ts';
import type { FlowState } from '../../src/shared/flow-state.ts';

export type AwaitingUser = Extract<FlowState, { status: 'awaiting_user' }>;

export const awaitingUser = (state: FlowState): state is AwaitingUser => state.status === 'awaiting_user';

/** Resolves with the first state that matches, the current one included, as a UI would see it. */
export function nextState<S extends FlowState>(
  flow: Pick<SignInFlow, 'getState' | 'subscribe'>,
  matches: (state: FlowState) => state is S,
): Promise<S> {
  return new Promise((resolve) => {
    const current = flow.getState();
    if (matches(current)) {
      resolve(current);
      return;
    }
    const unsubscribe = flow.subscribe((state) => {
      if (matches(state)) {
        unsubscribe();
        resolve(state);
      }
    });
  });
}
