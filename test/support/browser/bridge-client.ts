/**
 * `window.deviceSignIn` for the renderer running in a plain browser, outside Electron: the same
 * API as the preload, over HTTP to the bridge in test/support/renderer-bridge.ts (a POST per
 * request, Server-Sent Events for state). It lives with the tests, outside src, so no app bundle
 * can contain it; the bridge serves it, types stripped, as a module script that runs before the
 * app's. Browser code: tsconfig.web.json checks it, not tsconfig.node.json.
 * Same origin as the page, so the page's CSP (connect-src 'self') still holds.
 */
import type { FlowState } from '../../../src/shared/flow-state.ts';
import type { DeviceSignInApi, RequestMethod } from '../../../src/shared/ipc.ts';

const call = async (method: string): Promise<unknown> => {
  const response = await fetch(`/bridge/${method}`, { method: 'POST' });
  if (!response.ok) throw new Error(`The bridge refused ${method}: HTTP ${response.status}`);
  return (await response.json()) as unknown;
};

const listeners = new Set<(state: FlowState) => void>();
const events = new EventSource('/bridge/state');
events.addEventListener('message', (event: MessageEvent<string>) => {
  const state = JSON.parse(event.data) as FlowState;
  for (const listener of listeners) listener(state);
});

/** The request methods of src/shared/ipc.ts: the bridge puts their list in front of this script. */
declare const REQUEST_METHODS: readonly RequestMethod[];

const api = {
  ...(Object.fromEntries(REQUEST_METHODS.map((method) => [method, () => call(method)])) as unknown as Pick<DeviceSignInApi, RequestMethod>),
  onState(listener: (state: FlowState) => void) {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};

Object.defineProperty(window, 'deviceSignIn', { value: Object.freeze(api satisfies DeviceSignInApi), enumerable: true });
