/**
 * Builds the sign-in flow main serves: against the configured provider, or against the embedded
 * demo provider when nothing is configured (so that `npm start` works out of the box and the
 * window can say it is a demo). No Electron import: main passes its fetch in.
 */
import type { ClientConfig } from '../core/config.ts';
import type { DPoPMode } from '../core/protocol/dpop-mode.ts';
import type { Fetch } from '../core/protocol/http.ts';
import type { HttpAllowance } from '../core/protocol/uri-safety.ts';
import type { Log } from '../core/log.ts';
import type { OpenedVault } from '../core/vault/open-vault.ts';
import { createSignInFlow } from '../core/flow/sign-in-flow.ts';
import type { FlowState } from '../shared/flow-state.ts';
import type { AppEnvironment } from '../shared/ipc.ts';
import type { ProviderChoice } from './provider-config.ts';
import type { CheckedClient } from './computer-check.ts';
import type { WindowFlow } from './request-handlers.ts';

export interface SignInSetup {
  readonly flow: WindowFlow;
  readonly environment: AppEnvironment;
  /** Hosts this configuration reaches over plain http (the LAN demo), which the opening rule must allow too. */
  readonly openAllowance: HttpAllowance;
  /** The client it signs in as and how its kept session is read, for "Check this computer"; absent when the settings name none. */
  readonly client?: CheckedClient;
  /** Stops the flow's timers and the demo provider, if one was started. */
  close(): Promise<void>;
}

export interface SignInSetupOptions {
  readonly choice: ProviderChoice;
  readonly fetch: Fetch;
  /** Where a configured provider's session is kept, or why nowhere; without one it lives in memory only. */
  readonly vault?: OpenedVault;
  /** Settings the policy locked, for the window to show as managed. */
  readonly managed?: readonly string[];
  readonly log?: Log;
  /** Several accounts side by side (policy `multipleAccounts`, default true). */
  readonly multipleAccounts?: boolean;
}

export async function setUpSignIn(options: SignInSetupOptions): Promise<SignInSetup> {
  const { choice, fetch, vault, managed = [] } = options;
  const stored = {
    ...(vault === undefined ? {} : vault.usable ? { keeper: vault.keeper, refreshLock: vault.lock } : { storageUnavailable: vault.why }),
    ...(options.log === undefined ? {} : { log: options.log }),
    ...(options.multipleAccounts === undefined ? {} : { multipleAccounts: options.multipleAccounts }),
  };
  switch (choice.kind) {
    case 'configured': {
      const flow = createSignInFlow({ config: choice.config, fetch, ...stored });
      // Opens the saved session, if any; the window shows "restoring" meanwhile, never a code.
      void flow.restore();
      return {
        flow,
        environment: {
          demo: false,
          issuer: choice.config.issuer,
          managed,
          ...(vault?.usable === true && vault.weak ? { storage: 'weak' as const } : {}),
        },
        openAllowance: { allowHttpHosts: choice.config.allowHttpHosts },
        client: { config: choice.config, kept: keptIn(vault) },
        close: () => {
          flow.dispose();
          return Promise.resolve();
        },
      };
    }
    case 'demo': {
      // Imported only here: oidc-provider is most of what main would otherwise load on every launch.
      const { startDemoProvider } = await import('../demo-provider/provider.ts');
      const demo = await startDemoProvider({ lan: choice.lan });
      // The demo provider is new on every run (fresh keys, in-memory grants): a stored session from
      // an earlier run could never be refreshed there, so demo sessions stay in memory.
      const config = demoClientConfig(demo, choice);
      const flow = createSignInFlow({
        config,
        fetch,
        ...(options.log === undefined ? {} : { log: options.log }),
      });
      return {
        flow,
        environment: { demo: true, issuer: demo.issuer, managed },
        openAllowance: { allowHttpHosts: config.allowHttpHosts },
        // Nothing is kept between runs of the demo: its session lives in memory only.
        client: { config, kept: () => Promise.resolve({ record: undefined, vault: 'memory' }) },
        close: async () => {
          flow.dispose();
          await demo.close();
        },
      };
    }
    case 'invalid':
      return {
        flow: stuckFlow({ status: 'error', code: 'invalid_config', message: choice.message }),
        environment: { demo: false, issuer: '', managed },
        openAllowance: {},
        close: () => Promise.resolve(),
      };
  }
}

/**
 * The client for the embedded demo provider. On the LAN its URLs are plain http to this
 * machine's LAN address, which the core refuses unless that one host is allowed explicitly.
 */
export function demoClientConfig(
  demo: { readonly issuer: string; readonly clientId: string },
  choice: { readonly scope: string; readonly lan: boolean; readonly dpop?: DPoPMode | undefined },
): ClientConfig {
  return {
    issuer: demo.issuer,
    clientId: demo.clientId,
    scope: choice.scope,
    ...(choice.dpop === undefined ? {} : { dpop: choice.dpop }),
    ...(choice.lan ? { allowHttpHosts: [new URL(demo.issuer).hostname] } : {}),
  };
}

/** The record as the vault holds it (read once, never refreshed), or none where no vault keeps one. */
function keptIn(vault: OpenedVault | undefined): CheckedClient['kept'] {
  return async () =>
    vault?.usable === true ? { record: await vault.keeper.read(), vault: vault.keeper.kind } : { record: undefined, vault: 'none' };
}

/** A flow that can only show why it cannot run: "Try again" cannot fix a missing setting. */
function stuckFlow(state: FlowState): WindowFlow {
  return {
    getState: () => state,
    subscribe: () => () => undefined,
    start: () => Promise.resolve(),
    cancel: () => undefined,
    watching: () => undefined,
    signOut: () => Promise.resolve(),
  };
}
