/**
 * What the provider tests check the same way against every stand-in: a sign-in as the app runs
 * it, one slow_down obeyed, and a denial or expiry that ends the polling.
 */
import { expect, type TestContext } from 'vitest';
import type { ClientConfig } from '../../../src/core/config.ts';
import { createSignInFlow, type FlowEvent, type SignInFlow } from '../../../src/core/flow/sign-in-flow.ts';
import type { DeviceFlowControls } from './device-grants.ts';

/**
 * A sign-in as the app runs it, the real core with Node's fetch, against a stand-in; disposed
 * with the test (its own hook, so tests may run concurrently). Returns the flow, every event it
 * publishes as it happens, and the run.
 */
export function signInAgainst(t: TestContext, config: ClientConfig): { flow: SignInFlow; events: FlowEvent[]; done: Promise<void> } {
  const flow = createSignInFlow({ config, fetch: globalThis.fetch });
  t.onTestFinished(() => {
    flow.dispose();
  });
  const events: FlowEvent[] = [];
  flow.onEvent((event) => events.push(event));
  return { flow, events, done: flow.start() };
}

type SignInRun = ReturnType<typeof signInAgainst>;

/**
 * After the stand-in's one `slow_down` (in its provider's words), what the user sees: told to
 * wait (a `slow_down` event, not a retry), the interval 5 s longer (RFC 8628 §3.5), and no poll
 * sooner; at the announced 1 s a second one would have come.
 */
export async function expectSlowedDownOnce(provider: DeviceFlowControls<object>, start: () => SignInRun): Promise<void> {
  provider.slowDown();
  const { flow, events } = start();
  await provider.polled(1);
  await expect.poll(() => events.map((e) => e.type)).toEqual(['code', 'slow_down']);
  expect(flow.getState()).toMatchObject({ status: 'awaiting_user', interval: 6, slowedDown: true });
  expect(flow.getState()).not.toHaveProperty('retrying');
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  // RFC 8628 §3.5: every poll after slow_down waits the raised interval (6 s). Read from the
  // stand-in's own clock, so a test starved of CPU may see the next poll, but never a sooner one;
  // 5.9 s, as timers may round by a few ms.
  const polls = provider.requests.filter((request) => request.form.has('device_code')).map((request) => request.at);
  expect(polls.length).toBeGreaterThanOrEqual(1);
  for (const [index, at] of polls.entries()) if (index > 0) expect(at - (polls[index - 1] ?? 0)).toBeGreaterThanOrEqual(5_900);
}

/** The user refuses (`deny`) or the code runs out (`expire`) after one pending poll: the flow ends so, and polls no more. */
export async function expectEndedBy(provider: DeviceFlowControls<object>, act: 'deny' | 'expire', start: () => SignInRun): Promise<void> {
  const { flow, done } = start();
  await provider.polled(1);
  provider[act]();
  await done;
  expect(flow.getState()).toMatchObject({ status: act === 'deny' ? 'denied' : 'expired' });
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  expect(provider.polls).toBe(2);
}
