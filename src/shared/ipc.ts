/**
 * The one contract between the Electron main process and the sign-in window. Main, the preload
 * and the renderer (and the browser bridge used in tests) import these names and signatures;
 * no channel string appears anywhere else. Only what a person acts on crosses it: the flow
 * state, the profile, expiry times and the kept accounts by main's ids. No token and no device
 * code ever does.
 */
import type { ComputerReport } from './computer-report.ts';
import type { FlowState, RevocationOutcome } from './flow-state.ts';
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
 * Main's name for one kept account, valid in the list main last gave the window and nowhere else:
 * a random UUID made when the account was listed, forgotten when it leaves the list.
 */
export type AccountId = string;

/**
 * One kept account as the window lists it: who and where, and whether it is the one signed in.
 * Never a token, never the account's subject: the window names an account only by `id`.
 */
export interface WindowAccount {
  readonly id: AccountId;
  readonly name?: string;
  readonly email?: string;
  /** Where it signs in: its issuer's host (the window shows the organization's name instead when the policy sets one). */
  readonly where: string;
  /** The account the app signs in as now. */
  readonly current: boolean;
}

/** What became of "Sign out" beside an account: what its provider did (as for sign-out), or `not_listed` for an id main does not know. */
export type AccountSignOut = RevocationOutcome | 'not_listed';

/**
 * The page's requests to main, written once: each method of `window.deviceSignIn`, the channel it
 * travels on, and (in `RequestSignatures`) what main answers. Only two take an argument, and it is
 * an `AccountId` (see `requestArgumentOf`), so the page can never name a URL, a token or an account
 * main did not list. The API type, the preload's object, main's handler type and the test bridge
 * are all derived from these, whose keys the compiler holds equal.
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
  /** The kept accounts, the current one first; empty where nothing is kept (the demo, a session-only sign-in). */
  getAccounts: 'sign-in:get-accounts',
  /** "Use this account": that account becomes current, and the app signs in as it. */
  switchAccount: 'sign-in:switch-account',
  /** "Sign out" beside an account: that account alone is signed out (wiped here, then revoked). */
  signOutAccount: 'sign-in:sign-out-account',
  /** "Add another account": a sign-in while signed in; the account it signs in as is added and becomes current. */
  addAccount: 'sign-in:add-account',
} as const satisfies { readonly [M in keyof RequestSignatures]: `sign-in:${string}` };

/** What main answers to each request, as the signature of the page's method. */
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
  getAccounts(): readonly WindowAccount[];
  /** False for an id that is not in main's current list: nothing changes. */
  switchAccount(id: AccountId): boolean;
  signOutAccount(id: AccountId): AccountSignOut;
  addAccount(): void;
}

/**
 * The requests that take an argument, and what it is: always an account id from main's current
 * list. This argument is safe because it names nothing by itself: main looks it up in the map it
 * made when it last listed the accounts (src/main/window-accounts.ts) and acts only on an account
 * found there, so a page can choose among the accounts it was shown and do nothing else, not reach
 * an account by its subject, not guess one (a UUID), not use an id of an account signed out since.
 * The preload forwards this one string and nothing more; the compiler holds this map's keys equal
 * to the requests whose signature takes an argument.
 */
export const requestArgumentOf = {
  switchAccount: 'accountId',
  signOutAccount: 'accountId',
} as const satisfies { readonly [M in RequestMethod as Parameters<RequestSignatures[M]> extends [] ? never : M]: 'accountId' };

/** What main answers to one request. */
type Answer<M extends keyof RequestSignatures> = ReturnType<RequestSignatures[M]>;

export type RequestMethod = keyof typeof requestChannelOf;
export type RequestChannel = (typeof requestChannelOf)[RequestMethod];

/** The method a channel belongs to. */
type MethodOf<C extends RequestChannel> = { [M in RequestMethod]: (typeof requestChannelOf)[M] extends C ? M : never }[RequestMethod];

export type RequestResult<C extends RequestChannel> = Answer<MethodOf<C>>;

/**
 * Main's side: one handler per channel. Each argument arrives as `unknown`: whatever the page
 * sent, which the handler checks before anything uses it.
 */
export type RequestHandlers = {
  readonly [C in RequestChannel]: (
    ...args: Unchecked<Parameters<RequestSignatures[MethodOf<C>]>>
  ) => Promise<RequestResult<C>> | RequestResult<C>;
};

/** As many arguments as `T`, each not yet checked. */
type Unchecked<T extends readonly unknown[]> = { [K in keyof T]: unknown };

export interface EventChannels {
  'sign-in:state': (state: FlowState) => void;
  'sign-in:accounts': (accounts: readonly WindowAccount[]) => void;
}

export type EventChannel = keyof EventChannels;

/** `window.deviceSignIn`: a method per request, the two subscriptions, and the language main chose. */
export type DeviceSignInApi = {
  readonly [M in RequestMethod]: (...args: Parameters<RequestSignatures[M]>) => Promise<Answer<M>>;
} & {
  /** The language main chose for the window (src/shared/i18n/window-locale.ts); absent outside Electron. */
  readonly locale?: string;
  /** Calls the listener on every state change; returns the function that stops it. */
  onState(listener: (state: FlowState) => void): () => void;
  /** Calls the listener with each new list of the kept accounts (a sign-in, a switch, a sign-out); returns the function that stops it. */
  onAccounts(listener: (accounts: readonly WindowAccount[]) => void): () => void;
};

export const stateChannel = 'sign-in:state' satisfies EventChannel;
export const accountsChannel = 'sign-in:accounts' satisfies EventChannel;

export function isRequestMethod(name: string): name is RequestMethod {
  return Object.hasOwn(requestChannelOf, name);
}

/** Calls `channel`'s handler with what the page sent, for its handler to check (each argument is `unknown` to it). */
export function answerRequest(handlers: RequestHandlers, channel: RequestChannel, args: readonly unknown[]): unknown {
  return (handlers[channel] as (...received: readonly unknown[]) => unknown)(...args);
}

/** Whether `method` takes an argument (an account id); the others take none. */
export function takesArgument(method: RequestMethod): method is keyof typeof requestArgumentOf {
  return Object.hasOwn(requestArgumentOf, method);
}
