import { useSyncExternalStore } from 'react';
import type { FlowState } from '../../shared/flow-state.ts';
import type { AppEnvironment, DeviceSignInApi } from '../../shared/ipc.ts';

/**
 * What main tells the window: the current flow state and the environment. Made by main.tsx as
 * soon as the page's script runs, so both questions travel while the language's catalog loads
 * and React mounts, instead of after (the first screen waited for the catalog, then for these
 * round trips). Subscribing before asking means no change is missed; a push that lands before
 * the first answer is newer, so the answer is then dropped.
 */
export interface WindowFacts {
  readonly subscribe: (listener: () => void) => () => void;
  readonly state: () => FlowState | undefined;
  readonly environment: () => AppEnvironment | undefined;
}

export function askMain(api: DeviceSignInApi): WindowFacts {
  let state: FlowState | undefined;
  let environment: AppEnvironment | undefined;
  let pushed = false;
  const listeners = new Set<() => void>();
  const changed = (): void => {
    for (const listener of listeners) listener();
  };
  // For the page's lifetime: the window has one page, and main's pushes end with it.
  api.onState((next) => {
    pushed = true;
    state = next;
    changed();
  });
  void api.getState().then((initial) => {
    if (pushed) return;
    state = initial;
    changed();
  });
  void api.getEnvironment().then((value) => {
    environment = value;
    changed();
  });
  return {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    state: () => state,
    environment: () => environment,
  };
}

export function useFlowState(facts: WindowFacts): FlowState | undefined {
  return useSyncExternalStore(facts.subscribe, facts.state);
}

export function useEnvironment(facts: WindowFacts): AppEnvironment | undefined {
  return useSyncExternalStore(facts.subscribe, facts.environment);
}
