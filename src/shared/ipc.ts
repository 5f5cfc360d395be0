/**
 * The one contract between the Electron main process and the sign-in window. Main, the preload
 * and the renderer (and the browser bridge used in tests) import these names and signatures;
 * no channel string appears anywhere else. Only what a person acts on crosses it: the flow
 * state, the profile and expiry times. No token and no device code ever does.
 */
import type { ComputerReport } from './computer-report.ts';
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
 * What became of "Open in browser" on the code screen: the browser was asked to open the page; main
 * refused the page (no code showing, or an address the one opening rule does not allow); or the
 * system had no browser to open it with. The window says which, so a refusal is never silent.
 */
export type OpenOutcome = 'opened' | 'refused' | 'failed';

/**
 * The page's requests to main, written once: each method of `window.deviceSignIn`, the channel it
 * travels on, and (in `RequestSignatures`) what main answers. None takes an argument, so the page can
 * never name a URL or a value. The API type, the preload's object, main's handler type and the
 * test bridge are all derived from these two, whose keys the compiler holds equal.
 */
export const requestChannelOf = {
  start: 'sign-in:start',
  /** Signs in keeping the tokens in memory only: the explicit choice where they cannot be protected. */
  startSessionOnly: 'sign-in:start-session-only',
  cancel: 'sign-in:cancel',
  signOut: 'sign-in:sign-out',
  copyCode: 'sign-in:copy-code',
  copyDetails: 'sign-in:copy-details',
  openVerificationPage: 'sign-in:open-verification-page',
  /** "Done" once signed in: the window closes; the app and the session go on. */
  closeWindow: 'sign-in:close-window',
  /** "Check this computer": main runs the same checks as `device-signin doctor`; one run at a time. */
  checkComputer: 'sign-in:check-computer',
  /** "Copy report": main copies its own text of the last report, redacted as the log is. */
  copyReport: 'sign-in:copy-report',
  getState: 'sign-in:get-state',
  getEnvironment: 'sign-in:get-environment',
} as const satisfies { readonly [M in keyof RequestSignatures]: `sign-in:${string}` };

/** What main answers to each request, as the signature of the page's method (none takes an argument). */
export interface RequestSignatures {
  start(): void;
  startSessionOnly(): void;
  cancel(): void;
  signOut(): void;
  /** Copies the current user code; false when no code is showing. */
  copyCode(): boolean;
  /** Copies main's own record of the current error (code, message, time, app version, issuer); false when there is none. */
  copyDetails(): boolean;
  /** Opens the current verification page in the system browser, and says whether it did. */
  openVerificationPage(): OpenOutcome;
  closeWindow(): void;
  /** The report's facts the window words (src/shared/computer-report.ts says what is left out). */
  checkComputer(): ComputerReport;
  /** False when no report has been made yet. */
  copyReport(): boolean;
  getState(): FlowState;
  getEnvironment(): AppEnvironment;
}

/** What main answers to one request. */
type Answer<M extends keyof RequestSignatures> = ReturnType<RequestSignatures[M]>;

export type RequestMethod = keyof typeof requestChannelOf;
export type RequestChannel = (typeof requestChannelOf)[RequestMethod];

/** The method a channel belongs to. */
type MethodOf<C extends RequestChannel> = { [M in RequestMethod]: (typeof requestChannelOf)[M] extends C ? M : never }[RequestMethod];

export type RequestResult<C extends RequestChannel> = Answer<MethodOf<C>>;

/** Main's side: one handler per channel. */
export type RequestHandlers = {
  readonly [C in RequestChannel]: () => Promise<RequestResult<C>> | RequestResult<C>;
};

export interface EventChannels {
  'sign-in:state': (state: FlowState) => void;
}

export type EventChannel = keyof EventChannels;

/** `window.deviceSignIn`: a method per request, the state subscription, and the language main chose. */
export type DeviceSignInApi = { readonly [M in RequestMethod]: () => Promise<Answer<M>> } & {
  /** The language main chose for the window (src/shared/i18n/window-locale.ts); absent outside Electron. */
  readonly locale?: string;
  /** Calls the listener on every state change; returns the function that stops it. */
  onState(listener: (state: FlowState) => void): () => void;
};

export const stateChannel = 'sign-in:state' satisfies EventChannel;

export function isRequestMethod(name: string): name is RequestMethod {
  return Object.hasOwn(requestChannelOf, name);
}
