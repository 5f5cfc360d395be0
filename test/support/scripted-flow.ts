/**
 * A stand-in for the core's SignInFlow that shows whatever state a test sets, for screens a real
 * provider reaches only rarely or briefly (requesting, slowed down, each retry reason, every
 * error), with the kept accounts the test sets beside it. It records what the window asked it to do.
 */
import type { AccountSummary } from '../../src/core/flow/flow-accounts.ts';
import type { FlowState } from '../../src/shared/flow-state.ts';
import type { BridgeFlow } from './renderer-bridge.ts';

type Call = 'start' | 'startSessionOnly' | 'cancel' | 'signOut' | 'switchAccount' | 'signOutAccount';

export interface ScriptedFlow extends BridgeFlow {
  /** Shows `state`, with `accounts` kept (none unless given). */
  show(state: FlowState, accounts?: readonly AccountSummary[]): void;
  /** Keeps `accounts` without a change of state, for the window to be sent them before the state that shows them. */
  keep(accounts: readonly AccountSummary[]): void;
  readonly calls: readonly Call[];
}

export function createScriptedFlow(initial: FlowState = { status: 'idle' }): ScriptedFlow {
  let state = initial;
  let kept: readonly AccountSummary[] = [];
  const listeners = new Set<(state: FlowState) => void>();
  const calls: Call[] = [];
  return {
    calls,
    show(next, accounts = []) {
      kept = accounts;
      state = next;
      for (const listener of listeners) listener(next);
    },
    keep(accounts) {
      kept = accounts;
    },
    accounts: {
      list: () => Promise.resolve(kept),
      switchTo() {
        calls.push('switchAccount');
        return Promise.resolve(true);
      },
      signOut() {
        calls.push('signOutAccount');
        return Promise.resolve('revoked');
      },
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
