/**
 * A stand-in for the core's SignInFlow that shows whatever state a test sets, for screens a real
 * provider reaches only rarely or briefly (requesting, slowed down, each retry reason, every
 * error). It records what the window asked it to do.
 */
import type { FlowState } from '../../src/shared/flow-state.ts';
import type { BridgeFlow } from './renderer-bridge.ts';

export interface ScriptedFlow extends BridgeFlow {
  show(state: FlowState): void;
  readonly calls: readonly ('start' | 'startSessionOnly' | 'cancel' | 'signOut')[];
}

export function createScriptedFlow(initial: FlowState = { status: 'idle' }): ScriptedFlow {
  let state = initial;
  const listeners = new Set<(state: FlowState) => void>();
  const calls: ('start' | 'startSessionOnly' | 'cancel' | 'signOut')[] = [];
  return {
    calls,
    show(next) {
      state = next;
      for (const listener of listeners) listener(next);
    },
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    start(options) {
      calls.push(options?.sessionOnly === true ? 'startSessionOnly' : 'start');
      return Promise.resolve();
    },
    cancel() {
      calls.push('cancel');
    },
    // The screens suite shows states directly; renewal is the core's, tested there.
    watching: () => undefined,
    signOut() {
      calls.push('signOut');
      return Promise.resolve();
    },
  };
}
