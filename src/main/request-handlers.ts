/**
 * What each request channel does, written once and used by both front doors: Electron IPC
 * (src/main/ipc-main.ts) and the HTTP bridge that runs the same window in a plain browser
 * (test/support/renderer-bridge.ts). The system effects arrive as functions so that neither
 * this file nor its tests need Electron.
 */
import type { FlowState } from '../shared/flow-state.ts';
import type { AppEnvironment, RequestHandlers } from '../shared/ipc.ts';
import { externalUrlToOpen } from './external-url-rule.ts';
import { publicState } from './public-state.ts';

/** The part of the core's SignInFlow the window drives and watches. */
export interface WindowFlow {
  getState(): FlowState;
  subscribe(listener: (state: FlowState) => void): () => void;
  start(options?: { readonly sessionOnly?: boolean }): Promise<void>;
  cancel(): void;
  /** Resolves when local data is gone; what the provider heard reaches the window as state. */
  signOut(): Promise<unknown>;
}

export interface RequestHandlerOptions {
  readonly flow: WindowFlow;
  readonly environment: AppEnvironment;
  /** clipboard.writeText in Electron. */
  readonly writeClipboardText: (text: string) => Promise<void>;
  /** shell.openExternal in Electron; only ever given a URL that passed externalUrlToOpen. */
  readonly openExternal: (url: string) => Promise<void>;
  /** Where a failure that the flow did not turn into state goes (a bug, not a sign-in error). */
  readonly reportUnexpected: (error: unknown) => void;
}

export function createRequestHandlers(options: RequestHandlerOptions): RequestHandlers {
  const { flow } = options;
  return {
    // Not awaited: start() may run until the person approves; progress arrives as state.
    'sign-in:start': () => {
      flow.start().catch(options.reportUnexpected);
    },
    'sign-in:start-session-only': () => {
      flow.start({ sessionOnly: true }).catch(options.reportUnexpected);
    },
    'sign-in:cancel': () => {
      flow.cancel();
    },
    'sign-in:sign-out': async () => {
      await flow.signOut();
    },
    'sign-in:copy-code': async () => {
      const state = flow.getState();
      if (state.status !== 'awaiting_user') return false;
      await options.writeClipboardText(state.userCode);
      return true;
    },
    'sign-in:open-verification-page': async () => {
      const url = externalUrlToOpen(flow.getState());
      if (url === undefined) return false;
      await options.openExternal(url);
      return true;
    },
    'sign-in:get-state': () => publicState(flow.getState()),
    'sign-in:get-environment': () => ({
      demo: options.environment.demo,
      issuer: options.environment.issuer,
      managed: [...options.environment.managed],
    }),
  };
}
