/**
 * The one contract between the Electron main process and the sign-in window. Main, the preload
 * and the renderer (and the browser bridge used in tests) import these names and signatures;
 * no channel string appears anywhere else. Only what a person acts on crosses it: the flow
 * state, the profile and expiry times. No token and no device code ever does.
 */
import type { FlowState } from './flow-state.ts';
import type { PolicySourceKind } from './policy-source.ts';

/** What the window needs to know about where it is signing in. */
export interface AppEnvironment {
  /** True when main started the embedded demo provider because nothing was configured. */
  readonly demo: boolean;
  readonly issuer: string;
  /** Settings the organization's policy locked, shown as managed. */
  readonly managed: readonly string[];
  /**
   * For each of `managed`, the kind of policy that locks it, for the window to name beside
   * "managed": Group Policy, a configuration profile, the policy file or the installer.
   */
  readonly managedBy?: { readonly [key: string]: PolicySourceKind };
  /** The organization's name and logo (a `data:` URL main made from the admin's file), when the policy sets them. */
  readonly branding?: { readonly organizationName?: string; readonly logo?: string };
  /** The organization's help desk: an https page and a line of contact text. */
  readonly support?: { readonly url?: string; readonly contact?: string };
  /**
   * `weak` when a saved sign-in is kept where the OS does not protect it (safeStorage's fixed
   * key, which the admin allowed because nothing stronger works here): the window says so.
   */
  readonly storage?: 'weak';
}

/**
 * What became of "Sign in on this computer instead": the browser was asked to open the page; main
 * refused the page (no code showing, or an address the one opening rule does not allow); or the
 * system had no browser to open it with. The window says which, so a refusal is never silent.
 */
export type OpenOutcome = 'opened' | 'refused' | 'failed';

/**
 * Requests the renderer makes and main answers (ipcRenderer.invoke / ipcMain.handle). None take
 * arguments: main acts on the flow's own current state, so the renderer cannot name a URL to
 * open or a text to copy.
 */
export interface RequestChannels {
  'sign-in:start': () => void;
  'sign-in:start-session-only': () => void;
  'sign-in:cancel': () => void;
  'sign-in:sign-out': () => void;
  /** Copies the current user code; false when no code is showing. */
  'sign-in:copy-code': () => boolean;
  /** Copies main's own record of the current error (code, message, time, app version, issuer); false when there is none. */
  'sign-in:copy-details': () => boolean;
  /** Opens the current verification page in the system browser, and says whether it did. */
  'sign-in:open-verification-page': () => OpenOutcome;
  'sign-in:get-state': () => FlowState;
  'sign-in:get-environment': () => AppEnvironment;
}

/** Messages main pushes to the renderer (webContents.send / ipcRenderer.on). */
export interface EventChannels {
  'sign-in:state': (state: FlowState) => void;
}

export type RequestChannel = keyof RequestChannels;
export type EventChannel = keyof EventChannels;

/** The object the preload exposes as `window.deviceSignIn`. */
export interface DeviceSignInApi {
  /** The language main chose for the window (src/shared/i18n/window-locale.ts); absent outside Electron. */
  readonly locale?: string;
  start(): Promise<void>;
  /** Signs in keeping the tokens in memory only: the explicit choice where they cannot be protected. */
  startSessionOnly(): Promise<void>;
  cancel(): Promise<void>;
  signOut(): Promise<void>;
  copyCode(): Promise<boolean>;
  copyDetails(): Promise<boolean>;
  openVerificationPage(): Promise<OpenOutcome>;
  getState(): Promise<FlowState>;
  getEnvironment(): Promise<AppEnvironment>;
  /** Calls the listener on every state change; returns the function that stops it. */
  onState(listener: (state: FlowState) => void): () => void;
}

export type RequestMethod = Exclude<keyof DeviceSignInApi, 'onState' | 'locale'>;

/**
 * The fixed mapping from API method to channel. The preload builds `window.deviceSignIn` from it
 * and the bridge routes `POST /bridge/<method>` through it, so both expose exactly these methods.
 */
export const requestChannelOf = {
  start: 'sign-in:start',
  startSessionOnly: 'sign-in:start-session-only',
  cancel: 'sign-in:cancel',
  signOut: 'sign-in:sign-out',
  copyCode: 'sign-in:copy-code',
  copyDetails: 'sign-in:copy-details',
  openVerificationPage: 'sign-in:open-verification-page',
  getState: 'sign-in:get-state',
  getEnvironment: 'sign-in:get-environment',
} as const satisfies { readonly [M in RequestMethod]: RequestChannel };

export const stateChannel = 'sign-in:state' satisfies EventChannel;

export function isRequestMethod(name: string): name is RequestMethod {
  return Object.hasOwn(requestChannelOf, name);
}

/** What main answers on a request channel (the handler's return value, awaited). */
export type RequestResult<C extends RequestChannel> = Awaited<ReturnType<RequestChannels[C]>>;

/** Typed handlers for every request channel, implemented once for Electron and the bridge. */
export type RequestHandlers = {
  readonly [C in RequestChannel]: () => Promise<RequestResult<C>> | RequestResult<C>;
};
