/**
 * A running app follows its policy without a restart. Main re-reads every policy source (Group
 * Policy or the configuration profile, the system policy file, the bundled one) when the window
 * is shown and before each sign-in, rather than watching them: the registry and managed
 * preferences have no watch Node offers on every OS, and those two moments are when a change can
 * matter to the person. When the policy moves sign-in to another issuer or client, the session
 * for the old one is signed out (revoked at its provider where it can be) before the new sign-in
 * opens, and the window is told why with the notice `policy_changed`. No Electron import: main
 * passes in how settings are read and how a sign-in is opened.
 */
import type { Log } from '../core/log.ts';
import type { HttpAllowance } from '../core/protocol/uri-safety.ts';
import type { FlowState, Notice, RevocationOutcome } from '../shared/flow-state.ts';
import type { AppEnvironment } from '../shared/ipc.ts';
import type { AppSettings } from './provider-config.ts';
import type { WindowFlow } from './request-handlers.ts';
import type { SignInSetup } from './sign-in-setup.ts';

export interface PolicyFollowerOptions {
  /** Reads every policy source afresh (loadAppSettings). */
  readonly load: () => Promise<AppSettings>;
  /** Opens a sign-in for these settings: vault, proxy, flow (setUpSignIn). */
  readonly open: (settings: AppSettings) => Promise<SignInSetup>;
  /** What the window is told about where it signs in, for these settings and this sign-in. */
  readonly describe: (settings: AppSettings, setup: SignInSetup) => Promise<AppEnvironment>;
  /** After the environment changed: the window asks for it again (main reloads the page). */
  readonly onEnvironmentChanged?: () => void;
  readonly log: Log;
}

/** The sign-in of the moment, behind one flow that stays the same object however often it is replaced. */
export interface FollowedSignIn {
  readonly flow: WindowFlow;
  environment(): AppEnvironment;
  /** The settings as last read. */
  settings(): AppSettings;
  openAllowance(): HttpAllowance;
  /** The client signed in as now, for "Check this computer" (sign-in-setup.ts). */
  client(): SignInSetup['client'];
  /** Re-reads the policy and follows it; one re-read at a time, later callers wait for it. */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

interface Current {
  readonly settings: AppSettings;
  readonly setup: SignInSetup;
  readonly environment: AppEnvironment;
  readonly unsubscribe: () => void;
}

export async function followPolicy(options: PolicyFollowerOptions): Promise<FollowedSignIn> {
  const follower = new PolicyFollower(options);
  await follower.begin();
  return {
    flow: follower.flow,
    environment: () => follower.environment,
    settings: () => follower.settings,
    openAllowance: () => follower.setup.openAllowance,
    client: () => follower.setup.client,
    refresh: () => follower.refresh(),
    close: () => follower.close(),
  };
}

/** A class so that each step of following the policy is its own short method over the one current sign-in. */
class PolicyFollower {
  readonly #options: PolicyFollowerOptions;
  readonly #listeners = new Set<(state: FlowState) => void>();
  #current: Current | undefined;
  /** Shown over the new sign-in's signed-out screen until the person starts signing in again. */
  #notice: Notice | undefined;
  #refreshing: Promise<void> | undefined;
  /** Whether someone can see the window, handed on to each new sign-in (it renews an expiring code only then). */
  #visible = false;

  readonly flow: WindowFlow = {
    getState: () => this.#shown(this.setup.flow.getState()),
    subscribe: (listener) => {
      this.#listeners.add(listener);
      return () => this.#listeners.delete(listener);
    },
    start: async (startOptions) => {
      await this.refresh();
      return this.setup.flow.start(startOptions);
    },
    cancel: () => {
      this.setup.flow.cancel();
    },
    watching: (visible) => {
      this.#visible = visible;
      this.setup.flow.watching(visible);
    },
    signOut: () => this.setup.flow.signOut(),
    // The accounts of the sign-in of the moment: another issuer or client keeps others.
    accounts: {
      list: async () => (await this.setup.flow.accounts?.list()) ?? [],
      switchTo: async (account) => (await this.setup.flow.accounts?.switchTo(account)) ?? false,
      signOut: async (account) => this.setup.flow.accounts?.signOut(account),
    },
  };

  constructor(options: PolicyFollowerOptions) {
    this.#options = options;
  }

  get setup(): SignInSetup {
    return this.#now().setup;
  }

  get environment(): AppEnvironment {
    return this.#now().environment;
  }

  get settings(): AppSettings {
    return this.#now().settings;
  }

  async begin(): Promise<void> {
    this.#current = await this.#open(await this.#options.load());
  }

  refresh(): Promise<void> {
    this.#refreshing ??= this.#follow()
      .catch((error: unknown) => {
        // An unreadable or invalid policy is an invalid choice, never an exception: this is a bug, and the current sign-in stays.
        this.#options.log.warn('policy.refresh_failed', { error: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => {
        this.#refreshing = undefined;
      });
    return this.#refreshing;
  }

  async close(): Promise<void> {
    await this.#refreshing;
    this.#now().unsubscribe();
    await this.setup.close();
  }

  async #follow(): Promise<void> {
    const settings = await this.#options.load();
    const before = this.#now();
    if (connectionOf(settings) === connectionOf(before.settings)) {
      const environment = await this.#options.describe(settings, before.setup);
      this.#current = { ...before, settings, environment };
      if (JSON.stringify(environment) !== JSON.stringify(before.environment)) this.#options.onEnvironmentChanged?.();
      return;
    }
    const moved = accountMoved(before.settings, settings);
    const hadSession = before.setup.flow.getState().status === 'signed_in';
    this.#options.log.info('policy.changed', { signOut: moved !== undefined, hadSession });
    // Signed out before the new sign-in opens: both may keep their session in the same store.
    const outcome = moved === undefined ? undefined : await before.setup.flow.signOut();
    // A configured sign-in's flow answers with what its provider did (RevocationOutcome).
    const revoked = typeof outcome === 'string' ? (outcome as RevocationOutcome) : undefined;
    before.unsubscribe();
    await before.setup.close();
    this.#current = await this.#open(settings);
    this.#notice = moved !== undefined && revoked !== undefined && hadSession ? policyChanged(moved, revoked) : undefined;
    this.#publish(this.setup.flow.getState());
    this.#options.onEnvironmentChanged?.();
  }

  async #open(settings: AppSettings): Promise<Current> {
    const setup = await this.#options.open(settings);
    setup.flow.watching(this.#visible);
    const unsubscribe = setup.flow.subscribe((state) => {
      if (state.status !== 'idle' && state.status !== 'restoring') this.#notice = undefined;
      this.#publish(state);
    });
    return { settings, setup, environment: await this.#options.describe(settings, setup), unsubscribe };
  }

  #publish(state: FlowState): void {
    for (const listener of this.#listeners) listener(this.#shown(state));
  }

  #shown(state: FlowState): FlowState {
    const covered = this.#notice !== undefined && state.status === 'idle' && state.notice === undefined;
    return covered && this.#notice !== undefined ? { status: 'idle', notice: this.#notice } : state;
  }

  #now(): Current {
    if (this.#current === undefined) throw new Error('The sign-in has not been opened yet.');
    return this.#current;
  }
}

/** Everything a sign-in is opened with: a change in any of it needs a new one. */
function connectionOf(settings: AppSettings): string {
  return JSON.stringify([settings.choice, settings.resolved?.settings.tokenStorage, settings.proxy]);
}

/**
 * Where the old session was, when the new settings sign in somewhere else: another issuer or
 * client, or the demo. A policy that became invalid moves nothing: the session stays kept, to be
 * used again once the policy is fixed, as at start-up.
 */
function accountMoved(before: AppSettings, after: AppSettings): { readonly issuer: string } | undefined {
  if (before.choice.kind !== 'configured' || after.choice.kind === 'invalid') return undefined;
  const old = before.choice.config;
  const next = after.choice.kind === 'configured' ? after.choice.config : undefined;
  if (next?.issuer === old.issuer && next.clientId === old.clientId) return undefined;
  return { issuer: old.issuer };
}

function policyChanged(moved: { readonly issuer: string }, revoked: RevocationOutcome): Notice {
  return {
    code: 'policy_changed',
    previousIssuer: moved.issuer,
    ...(revoked === 'revoked' ? {} : { revocation: revoked }),
  };
}
