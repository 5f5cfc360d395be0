import type { FlowState, Profile, RevocationOutcome, ShownCode } from '../../shared/flow-state.ts';
import type { PollEvent } from '../protocol/poll.ts';

/**
 * What happened during a sign-in, as it happens: the code was issued, then each poll's answer
 * (RFC 8628 §3.5 `authorization_pending`, `slow_down`, or a failed poll that will be retried).
 * A front end that reports these (the command line's `--json` lines) listens to them rather
 * than guessing them from state changes, which can be re-sent for other reasons.
 */
export type FlowEvent =
  | ({ readonly type: 'code' } & ShownCode)
  | PollEvent
  /**
   * A new sign-in replaced a kept one of another grant (another account, or the same one signed
   * in again): its tokens were revoked (RFC 7009), with this outcome, as a sign-out would.
   */
  | {
      readonly type: 'replaced';
      readonly profile: Profile;
      readonly revocation: RevocationOutcome;
      /** Epoch milliseconds until which its access token still works, when it was not revoked. */
      readonly validUntil?: number;
    };

/** The flow's one current state and its listeners, shared by the sign-in and the kept session. */
export interface FlowStateHolder {
  get(): FlowState;
  set(next: FlowState): void;
  subscribe(listener: (state: FlowState) => void): () => void;
  publish(event: FlowEvent): void;
  onEvent(listener: (event: FlowEvent) => void): () => void;
}

export function createFlowStateHolder(initial: FlowState): FlowStateHolder {
  let state = initial;
  const stateListeners = new Set<(state: FlowState) => void>();
  const eventListeners = new Set<(event: FlowEvent) => void>();
  return {
    get: () => state,
    set(next) {
      state = next;
      for (const listener of stateListeners) listener(next);
    },
    subscribe: (listener) => listenTo(stateListeners, listener),
    publish(event) {
      for (const listener of eventListeners) listener(event);
    },
    onEvent: (listener) => listenTo(eventListeners, listener),
  };
}

function listenTo<T>(listeners: Set<(value: T) => void>, listener: (value: T) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
