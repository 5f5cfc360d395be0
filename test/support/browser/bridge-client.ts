/**
 * `window.deviceSignIn` for the renderer running in a plain browser, outside Electron: the same
 * API as the preload, over HTTP to the bridge in test/support/renderer-bridge.ts (a POST per
 * request, with the account id as its body where the request takes one; Server-Sent Events for
 * the state and the accounts). It lives with the tests, outside src, so no app bundle
 * can contain it; the bridge serves it, types stripped, as a module script that runs before the
 * app's. Browser code: tsconfig.web.json checks it, not tsconfig.node.json.
 * Same origin as the page, so the page's CSP (connect-src 'self') still holds.
 */
import type { FlowState } from '../../../src/shared/flow-state.ts';
import type { DeviceSignInApi, EventChannel, EventChannels, RequestMethod, WindowAccount } from '../../../src/shared/ipc.ts';

/** As the preload does: an argument only for a request that takes one, and only a string. */
const call = async (method: RequestMethod, argument: unknown): Promise<unknown> => {
  const args = ARGUMENT_METHODS.includes(method) && typeof argument === 'string' ? [argument] : [];
  const response = await fetch(`/bridge/${method}`, { method: 'POST', body: JSON.stringify(args) });
  if (!response.ok) throw new Error(`The bridge refused ${method}: HTTP ${response.status}`);
  return (await response.json()) as unknown;
};

const events = new EventSource('/bridge/state');

/** Calls `listener` with what main sends on `channel` (an event of that name in the stream), until the returned function is called. */
function subscribe<C extends EventChannel>(channel: C, listener: (value: Parameters<EventChannels[C]>[0]) => void): () => void {
  const forward = (event: MessageEvent<string>): void => {
    listener(JSON.parse(event.data) as Parameters<EventChannels[C]>[0]);
  };
  events.addEventListener(channel, forward);
  return () => {
    events.removeEventListener(channel, forward);
  };
}

/** The request methods of src/shared/ipc.ts, and those that take an argument: the bridge puts them in front of this script. */
declare const REQUEST_METHODS: readonly RequestMethod[];
declare const ARGUMENT_METHODS: readonly RequestMethod[];
/** The language main chose for the window, as the preload passes it; null where the window chooses from the browser's. */
declare const WINDOW_LOCALE: string | null;

const api = {
  ...(Object.fromEntries(REQUEST_METHODS.map((method) => [method, (argument?: unknown) => call(method, argument)])) as unknown as Pick<
    DeviceSignInApi,
    RequestMethod
  >),
  onState: (listener: (state: FlowState) => void) => subscribe('sign-in:state', listener),
  onAccounts: (listener: (accounts: readonly WindowAccount[]) => void) => subscribe('sign-in:accounts', listener),
  ...(WINDOW_LOCALE === null ? {} : { locale: WINDOW_LOCALE }),
};

Object.defineProperty(window, 'deviceSignIn', { value: Object.freeze(api satisfies DeviceSignInApi), enumerable: true });
