/**
 * "Check this computer" for the app: the core's checks (core/diagnostics, the same ones as
 * `device-signin doctor`) with what the app itself uses: its settings as main last read them
 * (policy-follower.ts), the proxy Chromium picks for the issuer, the OS's store and `caFile`
 * (as app-sign-in.ts trusts them), the keyring and the kept session. No Electron import:
 * app-computer-check.ts passes in what only Electron has.
 */
import { readCaFile } from '../core/ca-file.ts';
import { type Clock, systemClock } from '../core/clock.ts';
import type { ClientConfig } from '../core/config.ts';
import { diagnose, type DiagnosticsInput } from '../core/diagnostics/diagnose.ts';
import type { IssuerRoute } from '../core/diagnostics/network-probe.ts';
import type { AppFacts, KeyringInput, SessionInput, SettingsInput } from '../core/diagnostics/local-checks.ts';
import type { DiagnosticReport, ProxySource } from '../core/diagnostics/report.ts';
import type { TrustStores } from '../core/diagnostics/tls-trust.ts';
import { SignInError } from '../core/errors.ts';
import type { Fetch } from '../core/protocol/http.ts';
import type { KeyringProbeOutcome } from '../core/vault/keyring-probe.ts';
import type { ResolvedSettings } from '../core/policy/settings-resolution.ts';
import type { AppSettings } from './provider-config.ts';

/** The client the app signs in as right now, and how its kept session is read (without refreshing it). */
export interface CheckedClient {
  readonly config: ClientConfig;
  readonly kept: SessionInput;
}

export interface ComputerCheckOptions {
  /** The settings as last read (the follower re-reads them when the window is shown). */
  readonly settings: () => AppSettings;
  /** Absent when the settings name no client (they are the policy check's problem then). */
  readonly client: () => CheckedClient | undefined;
  /** The app's own fetch: discovery travels as a sign-in's would. */
  readonly fetch: Fetch;
  /** How Chromium reaches a URL, in its PAC form (session.resolveProxy: `PROXY host:8080; DIRECT`). */
  readonly resolveProxy: (url: string) => Promise<string>;
  /** The OS's and the runtime's certificates, as PEM (tls.getCACertificates). */
  readonly certificates: () => Omit<TrustStores, 'caFile'>;
  /** A test write, read and delete in the OS keyring (core/vault/keyring-probe.ts). */
  readonly probeKeyring: () => Promise<KeyringProbeOutcome>;
  readonly app: AppFacts;
  readonly clock?: Clock;
  /** The core's diagnose; tests of the wiring give a stand-in. */
  readonly diagnose?: (input: DiagnosticsInput) => Promise<DiagnosticReport>;
}

/** The report's run, within the core's deadline; request-handlers.ts makes it one at a time. */
export function computerCheck(options: ComputerCheckOptions): () => Promise<DiagnosticReport> {
  return async () => {
    const clock = options.clock ?? systemClock;
    const appSettings = options.settings();
    const gathered = await gatherSettings(appSettings);
    const client = options.client();
    const issuer =
      'failure' in gathered || client === undefined
        ? undefined
        : {
            config: client.config,
            route: await routeTo(new URL(client.config.issuer), options.resolveProxy, { setting: gathered.resolved.sourceOf('proxy') }),
            stores: { ...options.certificates(), caFile: gathered.caFile },
            fetch: options.fetch,
            clock,
          };
    return (options.diagnose ?? diagnose)({
      app: options.app,
      settings: 'failure' in gathered ? { failure: gathered.failure } : { resolved: gathered.resolved },
      issuer,
      keyring: keyringInput(appSettings, options.probeKeyring),
      session: client?.kept,
      clock,
    });
  };
}

type Gathered = Extract<SettingsInput, { failure: unknown }> | { readonly resolved: ResolvedSettings; readonly caFile: readonly string[] };

/** The settings as the app uses them, or why it cannot: an unreadable policy, half a configuration, an unusable caFile. */
async function gatherSettings(settings: AppSettings): Promise<Gathered> {
  const { resolved, choice } = settings;
  if (resolved === undefined || choice.kind === 'invalid') {
    return {
      failure: { errorCode: 'invalid_config', detail: choice.kind === 'invalid' ? choice.message : 'The policy could not be read.' },
    };
  }
  const { caFile } = resolved.settings;
  try {
    return { resolved, caFile: caFile === undefined ? [] : await readCaFile(caFile) };
  } catch (error) {
    if (!(error instanceof SignInError)) throw error;
    const { problem } = error;
    return { failure: { errorCode: error.code, detail: error.message, ...(problem === undefined ? {} : { problem }) } };
  }
}

/**
 * Where https to the issuer goes, as Chromium resolves it for this URL (the `proxy` setting, or
 * the system's settings and PAC when it is unset): the first entry of its answer. A SOCKS proxy
 * cannot be probed with CONNECT, so the probe then goes direct, as the report's connection says.
 */
export async function routeTo(issuer: URL, resolveProxy: (url: string) => Promise<string>, source: ProxySource): Promise<IssuerRoute> {
  if (issuer.protocol !== 'https:') return { kind: 'direct' };
  const first = (await resolveProxy(issuer.href)).split(';')[0]?.trim() ?? '';
  const match = /^(PROXY|HTTPS)\s+(\S+)$/i.exec(first);
  if (match === null) return { kind: 'direct' };
  const scheme = match[1]?.toUpperCase() === 'HTTPS' ? 'https' : 'http';
  return { kind: 'proxy', url: new URL(`${scheme}://${match[2] ?? ''}`), source };
}

function keyringInput(settings: AppSettings, probe: () => Promise<KeyringProbeOutcome>): KeyringInput {
  const tokenStorage = settings.resolved?.settings.tokenStorage;
  if (tokenStorage === 'session-only') return { kind: 'not_used', why: 'session_only_policy' };
  return { kind: 'probe', probe, fileAllowed: tokenStorage === 'allow-unprotected' };
}
