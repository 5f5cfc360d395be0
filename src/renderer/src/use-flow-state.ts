import { useSyncExternalStore } from 'react';
import type { FlowState } from '../../shared/flow-state.ts';
import type { AppEnvironment, DeviceSignInApi, WindowAccount } from '../../shared/ipc.ts';

/**
 * What main tells the window: the current flow state, the environment and the kept accounts.
 * Made by main.tsx as soon as the page's script runs, so the questions travel while the
 * language's catalog loads and React mounts, instead of after (the first screen waited for the
 * catalog, then for these round trips). Subscribing before asking means no change is missed; a
 * push that lands before the first answer is newer, so the answer is then dropped.
 */
export interface WindowFacts {
  readonly subscribe: (listener: () => void) => () => void;
  readonly state: () => FlowState | undefined;
  readonly environment: () => AppEnvironment | undefined;
  /** The kept accounts by main's ids, the current first; none until main has answered. */
  readonly accounts: () => readonly WindowAccount[];
}

export function askMain(api: DeviceSignInApi): WindowFacts {
  let environment: AppEnvironment | undefined;
  const listeners = new Set<() => void>();
  const changed = (): void => {
    for (const listener of listeners) listener();
  };
  // For the page's lifetime: the window has one page, and main's pushes end with it.
  const state = newest(
    (listener) => api.onState(listener),
    () => api.getState(),
    changed,
  );
  void api.getEnvironment().then((value) => {
    environment = value;
    changed();
  });
  const accounts = newest(
    (listener) => api.onAccounts(listener),
    () => api.getAccounts(),
    changed,
  );
  return {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    state,
    environment: () => environment,
    accounts: () => accounts() ?? noAccounts,
  };
}

const noAccounts: readonly WindowAccount[] = [];

/** What main last said of one thing: its answer to `ask`, or a push to `subscribe` that came before the answer (and is newer). */
function newest<T>(subscribe: (listener: (value: T) => void) => unknown, ask: () => Promise<T>, changed: () => void): () => T | undefined {
  let value: T | undefined;
  let pushed = false;
  subscribe((next) => {
    pushed = true;
    value = next;
    changed();
  });
  void ask().then((answer) => {
    if (pushed) return;
    value = answer;
    changed();
  });
  return () => value;
}

export function useFlowState(facts: WindowFacts): FlowState | undefined {
  return useSyncExternalStore(facts.subscribe, facts.state);
}

export function useEnvironment(facts: WindowFacts): AppEnvironment | undefined {
  return useSyncExternalStore(facts.subscribe, facts.environment);
}

export function useAccounts(facts: WindowFacts): readonly WindowAccount[] {
  return useSyncExternalStore(facts.subscribe, facts.accounts);
}
