/**
 * The kept-session tests' setup: the real core's flow over a scripted provider and a virtual
 * clock, with a vault in memory unless the test brings one, and a session stored in it as the
 * app would have kept it.
 */
import { createSignInFlow } from '../../src/core/flow/sign-in-flow.ts';
import type { SignInFlowOptions } from '../../src/core/flow/sign-in-flow-options.ts';
import type { SessionRecord } from '../../src/core/vault/session-record.ts';
import type { FlowState } from '../../src/shared/flow-state.ts';
import { createMemoryVault } from './memory-vault.ts';
import { type ScriptedProviderOptions, scriptedProvider } from './scripted-provider.ts';
import { scriptedIssuer, storedSession as storedSessionAt } from './stored-session.ts';
import { VirtualClock } from './virtual-clock.ts';

/** A session kept `expiresInMs` before its access token expires, by the clock's time. */
export function storedSession(clock: VirtualClock, expiresInMs: number, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return storedSessionAt(clock.now(), expiresInMs, overrides);
}

/** The flow as the app wires it over a scripted provider; what it asked the provider, and every state it went through. */
export function setup(provider: Omit<ScriptedProviderOptions, 'clock'> = {}, flowOptions: Partial<SignInFlowOptions> = {}) {
  const clock = new VirtualClock();
  const op = scriptedProvider({ clock, ...provider });
  const vault = flowOptions.vault ?? createMemoryVault();
  const flow = createSignInFlow({
    config: { issuer: scriptedIssuer, clientId: 'demo-client', scope: 'openid profile email offline_access' },
    fetch: op.fetch,
    clock,
    vault,
    ...flowOptions,
  });
  const states: FlowState[] = [];
  flow.subscribe((s) => states.push(s));
  const refreshRequests = () => op.requests.filter((r) => r.body.get('grant_type') === 'refresh_token');
  const revocations = () => op.requests.filter((r) => r.url.endsWith('/token/revocation'));
  return { clock, op, vault, flow, states, refreshRequests, revocations };
}
