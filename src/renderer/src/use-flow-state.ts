import { useEffect, useState } from 'react';
import type { FlowState } from '../../shared/flow-state.ts';
import type { AppEnvironment, DeviceSignInApi } from '../../shared/ipc.ts';

/**
 * The current flow state: asked for on mount (so a reloaded window shows where the sign-in is)
 * and then kept current by main's pushes. Subscribing first means no change is missed; a push
 * that lands before the initial answer is newer, so the answer is then dropped.
 */
export function useFlowState(api: DeviceSignInApi): FlowState | undefined {
  const [state, setState] = useState<FlowState>();
  useEffect(() => {
    let mounted = true;
    let pushed = false;
    const unsubscribe = api.onState((next) => {
      pushed = true;
      setState(next);
    });
    void api.getState().then((initial) => {
      if (mounted && !pushed) setState(initial);
    });
    return () => {
      mounted = false;
      unsubscribe();
    };
  }, [api]);
  return state;
}

export function useEnvironment(api: DeviceSignInApi): AppEnvironment | undefined {
  const [environment, setEnvironment] = useState<AppEnvironment>();
  useEffect(() => {
    let mounted = true;
    void api.getEnvironment().then((value) => {
      if (mounted) setEnvironment(value);
    });
    return () => {
      mounted = false;
    };
  }, [api]);
  return environment;
}
