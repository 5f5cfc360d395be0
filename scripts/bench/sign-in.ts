import type { Browser } from 'playwright-core';
import type { SignInFlow } from '../../src/core/flow/sign-in-flow.ts';
import type { FlowState } from '../../src/shared/flow-state.ts';
import { approveOnPhone } from '../../test/support/phone.ts';
import { withDeadline } from './report.ts';

export type AwaitingUser = Extract<FlowState, { status: 'awaiting_user' }>;

/** Long enough for discovery and a device authorization on a loaded 2-core machine. */
const codeDeadlineMs = 15_000;
/** One interval after approval is the norm; this only stops a broken run from hanging. */
const signInDeadlineMs = 30_000;

/** Resolves with the first awaiting_user state, i.e. the code and QR the window would show. */
export function nextCode(flow: SignInFlow): Promise<AwaitingUser> {
  const code = new Promise<AwaitingUser>((resolve, reject) => {
    const unsubscribe = flow.subscribe((state) => {
      if (state.status === 'awaiting_user') {
        unsubscribe();
        resolve(state);
      } else if (state.status === 'error' || state.status === 'denied' || state.status === 'expired') {
        unsubscribe();
        reject(new Error(`sign-in ended as ${state.status} before a code was shown`));
      }
    });
  });
  return withDeadline(code, codeDeadlineMs, 'getting a code');
}

export function verificationPageOf(code: AwaitingUser): string {
  if (code.verificationUriComplete === undefined) throw new Error('the provider sent no verification_uri_complete');
  return code.verificationUriComplete;
}

/** The phone approves; resolves with the instant its success page showed (ms since the epoch). */
export async function approve(browser: Browser, verificationUriComplete: string): Promise<number> {
  await withDeadline(approveOnPhone(browser, verificationUriComplete, { login: 'bench.user' }), signInDeadlineMs, 'approving on the phone');
  return Date.now();
}

/** Signs `flow` in with Chromium as the phone; the flow is left signed in. */
export async function signInWithPhone(flow: SignInFlow, browser: Browser): Promise<void> {
  const code = nextCode(flow);
  const run = flow.start();
  await approve(browser, verificationPageOf(await code));
  await withDeadline(run, signInDeadlineMs, 'signing in after approval');
  const state = flow.getState();
  if (state.status !== 'signed_in') throw new Error(`sign-in ended as ${state.status}`);
}
