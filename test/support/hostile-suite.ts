/**
 * What the hardening tests share: one fault proxy (the demo provider behind a proxy that
 * misbehaves on cue, fault-proxy.ts) for the file, cleared after each test, and the core as the
 * app wires it, with short limits so that each fault resolves in about a second.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { defaultScope } from '../../src/core/config.ts';
import { createSignInFlow, type SignInFlow } from '../../src/core/flow/sign-in-flow.ts';
import type { FlowState } from '../../src/shared/flow-state.ts';
import { type FaultProxy, startFaultProxy } from './fault-proxy.ts';

export interface HostileSuite {
  /** The file's fault proxy, with no fault injected at the start of each test. */
  readonly proxy: FaultProxy;
  /** A flow against the proxy, disposed after the test; `states` collects every state it goes through. */
  newFlow(): { flow: SignInFlow; states: FlowState[] };
  /** Disposes `flow` after the test. */
  track(flow: SignInFlow): void;
}

export function useHostileSuite(): HostileSuite {
  let proxy: FaultProxy | undefined;
  const flows: SignInFlow[] = [];
  beforeAll(async () => {
    proxy = await startFaultProxy({ provider: { deviceCodeTtl: 30 } });
  });
  afterEach(() => {
    proxy?.clear();
    for (const flow of flows.splice(0)) flow.dispose();
  });
  afterAll(async () => {
    await proxy?.close();
  });
  const started = (): FaultProxy => {
    if (proxy === undefined) throw new Error('the fault proxy is used before beforeAll started it');
    return proxy;
  };
  return {
    get proxy() {
      return started();
    },
    newFlow() {
      const { issuer, clientId } = started();
      const flow = createSignInFlow({
        config: { issuer, clientId, scope: defaultScope },
        fetch: globalThis.fetch,
        timeoutMs: 1_000,
        maxBackoffMs: 2_000,
      });
      const states: FlowState[] = [];
      flow.subscribe((state) => states.push(state));
      flows.push(flow);
      return { flow, states };
    },
    track(flow) {
      flows.push(flow);
    },
  };
}
