/**
 * What each request channel does, written once and used by both front doors: Electron IPC
 * (src/main/ipc-main.ts) and the HTTP bridge that runs the same window in a plain browser
 * (test/support/renderer-bridge.ts). The system effects arrive as functions so that neither
 * this file nor its tests need Electron.
 */
import type { FlowState } from '../shared/flow-state.ts';
import type { AppEnvironment, RequestHandlers } from '../shared/ipc.ts';
import type { DiagnosticReport } from '../core/diagnostics/report.ts';
import { createRedactor } from '../core/log.ts';
import type { HttpAllowance } from '../core/protocol/uri-safety.ts';
import { reportText, windowReport } from './computer-report.ts';
import { isPolicySourceKind } from '../shared/policy-source.ts';
import { externalUrlToOpen } from './external-url-rule.ts';
import { publicState } from './public-state.ts';
import { createWindowAccounts, type WindowAccounts, type WindowFlowAccounts } from './window-accounts.ts';

/** The part of the core's SignInFlow the window drives and watches. */
export interface WindowFlow {
  getState(): FlowState;
  subscribe(listener: (state: FlowState) => void): () => void;
  start(options?: { readonly sessionOnly?: boolean }): Promise<void>;
  cancel(): void;
  /** Whether someone can see the window: an expiring code is renewed in place only then. */
  watching(visible: boolean): void;
  /** Resolves when local data is gone; what the provider heard reaches the window as state. */
  signOut(): Promise<unknown>;
  /** The accounts kept side by side; absent where none can be (nothing configured). */
  readonly accounts?: WindowFlowAccounts | undefined;
}

export interface RequestHandlerOptions {
  readonly flow: WindowFlow;
  /** A function when it can change while the app runs (a re-read policy, src/main/policy-follower.ts). */
  readonly environment: AppEnvironment | (() => AppEnvironment);
  /** clipboard.writeText in Electron. */
  readonly writeClipboardText: (text: string) => Promise<void>;
  /** shell.openExternal in Electron; only ever given a URL that passed externalUrlToOpen. */
  readonly openExternal: (url: string) => Promise<void>;
  /** Closes the sign-in window (BrowserWindow.close() in Electron); where there is none to close, nothing. */
  readonly closeWindow?: () => void;
  /** Where a failure that the flow did not turn into state goes (a bug, not a sign-in error). */
  readonly reportUnexpected: (error: unknown) => void;
  /** Hosts the configuration allows over plain http (the LAN demo), for the opening rule. */
  readonly openAllowance?: HttpAllowance | (() => HttpAllowance);
  /** The app's version, for the error details a person copies for their help desk. */
  readonly appVersion: string;
  readonly now?: () => Date;
  /** "Check this computer": the core's checks with the app's own settings (src/main/computer-check.ts); absent, the request fails. */
  readonly checkComputer?: () => Promise<DiagnosticReport>;
  /** The log's redaction (core/log.ts), for the report's text before it reaches the clipboard; absent, a fresh one. */
  readonly redact?: (text: string) => string;
  /** The kept accounts by main's ids, sent to the window as they change (window-accounts.ts); absent, none. */
  readonly accounts?: WindowAccounts;
}

export function createRequestHandlers(options: RequestHandlerOptions): RequestHandlers {
  const { flow } = options;
  const environment = (): AppEnvironment => (typeof options.environment === 'function' ? options.environment() : options.environment);
  const openAllowance = (): HttpAllowance | undefined =>
    typeof options.openAllowance === 'function' ? options.openAllowance() : options.openAllowance;
  const checks = oneCheckAtATime(options);
  const accounts =
    options.accounts ??
    createWindowAccounts(
      () => undefined,
      () => undefined,
    );
  // Not awaited: start() may run until the person approves; progress arrives as state.
  const start = (): void => {
    flow.start().catch(options.reportUnexpected);
  };
  return {
    'sign-in:start': start,
    'sign-in:start-session-only': () => {
      flow.start({ sessionOnly: true }).catch(options.reportUnexpected);
    },
    'sign-in:cancel': () => {
      flow.cancel();
    },
    // With accounts kept, as one of them: the next kept account is signed in after it.
    'sign-in:sign-out': async () => {
      if (!(await accounts.signOutSignedIn(flow.getState()))) await flow.signOut();
    },
    'sign-in:copy-code': async () => {
      const state = flow.getState();
      if (state.status !== 'awaiting_user') return false;
      await options.writeClipboardText(state.userCode);
      return true;
    },
    'sign-in:copy-details': async () => {
      const state = flow.getState();
      if (state.status !== 'error') return false;
      await options.writeClipboardText(errorDetails(state, options.appVersion, environment().issuer, options.now));
      return true;
    },
    'sign-in:open-verification-page': async () => {
      const url = externalUrlToOpen(flow.getState(), openAllowance());
      if (url === undefined) return 'refused';
      try {
        await options.openExternal(url);
        return 'opened';
      } catch {
        // No default browser, or the OS refused to start it: the window says so.
        return 'failed';
      }
    },
    'sign-in:close-window': () => {
      options.closeWindow?.();
    },
    'sign-in:check-computer': async () => windowReport(await checks.run()),
    'sign-in:copy-report': async () => {
      const last = checks.last();
      if (last === undefined) return false;
      const text = reportText(last.report, { appVersion: options.appVersion, madeAt: last.madeAt });
      await options.writeClipboardText((options.redact ?? createRedactor().scrub)(text));
      return true;
    },
    'sign-in:get-state': () => publicState(flow.getState()),
    'sign-in:get-environment': () => environmentCopy(environment()),
    'sign-in:get-accounts': () => accounts.list(),
    // The id is checked against main's current list before anything else sees it.
    'sign-in:switch-account': (id) => accounts.switchTo(id),
    'sign-in:sign-out-account': (id) => accounts.signOut(id),
    // A sign-in as usual: the core adds its account beside the one signed in (kept-record.ts).
    'sign-in:add-account': start,
  };
}

/**
 * One run of the checks at a time: a second "Check this computer" while one runs gets that run's
 * report (each check has its own time limit within the core's deadline). The last report is kept
 * for "Copy report", which copies what the window shows, never a newer run.
 */
function oneCheckAtATime(options: RequestHandlerOptions) {
  let running: Promise<DiagnosticReport> | undefined;
  let last: { readonly report: DiagnosticReport; readonly madeAt: Date } | undefined;
  return {
    run(): Promise<DiagnosticReport> {
      const check = options.checkComputer;
      if (check === undefined) return Promise.reject(new Error('This window has no way to check the computer.'));
      running ??= check()
        .then((report) => {
          last = { report, madeAt: (options.now ?? (() => new Date()))() };
          return report;
        })
        .finally(() => {
          running = undefined;
        });
      return running;
    },
    last: () => last,
  };
}

/** Rebuilt field by field, like the state: nothing else main holds can ride along. */
function environmentCopy(environment: AppEnvironment): AppEnvironment {
  const { branding, support } = environment;
  return {
    demo: environment.demo,
    issuer: environment.issuer,
    managed: [...environment.managed],
    ...(environment.managedBy === undefined ? {} : { managedBy: managedByCopy(environment.managedBy, environment.managed) }),
    ...(environment.storage === 'weak' ? { storage: 'weak' } : {}),
    ...(branding === undefined
      ? {}
      : { branding: { ...optionalField('organizationName', branding.organizationName), ...optionalField('logo', branding.logo) } }),
    ...(support === undefined ? {} : { support: { ...optionalField('url', support.url), ...optionalField('contact', support.contact) } }),
  };
}

/** Only the managed keys, each with a kind the window knows. */
function managedByCopy(
  managedBy: NonNullable<AppEnvironment['managedBy']>,
  managed: readonly string[],
): NonNullable<AppEnvironment['managedBy']> {
  return Object.fromEntries(
    managed.flatMap((key) => (Object.hasOwn(managedBy, key) && isPolicySourceKind(managedBy[key]) ? [[key, managedBy[key]]] : [])),
  );
}

function optionalField<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/** What a person pastes into a help-desk ticket: the error as main knows it, never a token or a code. */
function errorDetails(
  state: Extract<FlowState, { status: 'error' }>,
  appVersion: string,
  issuer: string,
  now: (() => Date) | undefined,
): string {
  return [
    `Device Sign-In ${appVersion}`,
    `Time: ${(now ?? (() => new Date()))().toISOString()}`,
    `Issuer: ${issuer === '' ? '(none configured)' : issuer}`,
    `Error: ${state.code}`,
    `Details: ${state.message}`,
  ].join('\n');
}
