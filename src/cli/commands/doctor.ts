/**
 * `device-signin doctor`: why sign-in fails on this computer, one line per check (core/diagnostics
 * runs them; doctor-words.ts words them). It runs even where the settings cannot be used, since
 * that is one of the things it reports; it never signs in, refreshes or revokes, and it ends within
 * the core's deadline whatever the network does. Exit status 0 with no problem, 1 otherwise.
 */
import { readCaFile } from '../../core/ca-file.ts';
import { systemClock } from '../../core/clock.ts';
import { diagnose } from '../../core/diagnostics/diagnose.ts';
import type { IssuerInput } from '../../core/diagnostics/issuer-checks.ts';
import type { IssuerRoute } from '../../core/diagnostics/network-probe.ts';
import type { SettingFailure } from '../../core/diagnostics/report.ts';
import type { TrustStores } from '../../core/diagnostics/tls-trust.ts';
import { SignInError } from '../../core/errors.ts';
import type { Fetch } from '../../core/protocol/http.ts';
import type { CommandLine } from '../args.ts';
import type { Environment } from '../home.ts';
import { bypassesProxy, chooseProxy, cliFetch } from '../network.ts';
import type { Output } from '../output.ts';
import { bundledPolicyPathForCli, type CliSettings, resolveCliSettings } from '../settings.ts';
import { UsageError } from '../usage-error.ts';
import { openInvocationVault, probeCliKeyring } from '../vault.ts';
import type { Words } from '../words.ts';
import type { ExitStatus } from './command-context.ts';
import { checkLines } from './doctor-words.ts';

declare const DEVICE_SIGNIN_VERSION: string;

/** What doctor needs: less than other commands, since it runs before (and despite) the settings. */
export interface DoctorContext {
  readonly line: Extract<CommandLine, { kind: 'run' }>;
  readonly env: Environment;
  readonly home: string;
  readonly platform: NodeJS.Platform;
  readonly out: Output;
  readonly words: () => Promise<Words>;
}

export async function doctor(context: DoctorContext): Promise<ExitStatus> {
  const { env, home, platform } = context;
  const gathered = await gatherSettings(context);
  const settings = 'settings' in gathered ? gathered.settings : undefined;
  const report = await diagnose({
    app: { version: DEVICE_SIGNIN_VERSION, platform, arch: process.arch, runtime: `node ${process.versions.node}` },
    settings: 'failure' in gathered ? { failure: gathered.failure } : { resolved: gathered.settings.resolved },
    issuer: 'failure' in gathered ? undefined : issuerInput(gathered, env),
    keyring: keyringInput(settings),
    session:
      settings === undefined
        ? undefined
        : async () => {
            const opened = openInvocationVault({ home, env, settings, platform, line: { insecureStorage: settings.insecureStorage } });
            if (!opened.usable) return { record: undefined, vault: 'none' };
            return { record: await opened.keeper.read(), vault: opened.keeper.kind };
          },
    clock: systemClock,
  });
  const words = await context.words();
  for (const check of report.checks) context.out.emit({ type: 'check', ...check }, checkLines(words, check).join('\n'));
  context.out.emit({ type: 'summary', ...report.summary }, `\n${words.t('doctor.summary', report.summary)}`);
  return report.summary.problem === 0 ? 0 : 1;
}

type Gathered =
  { readonly settings: CliSettings; readonly stores: TrustStores; readonly fetch: Fetch } | { readonly failure: SettingFailure };

/** The settings as every command resolves them, and the CA file read the same way, or why not, as data. */
async function gatherSettings(context: DoctorContext): Promise<Gathered> {
  const { line, env, home, platform } = context;
  try {
    const settings = await resolveCliSettings({
      flags: line.settings,
      insecureStorage: line.insecureStorage,
      env,
      home,
      platform,
      bundledPolicyPath: bundledPolicyPathForCli(import.meta.url),
    });
    const { proxy, caFile } = settings.resolved.settings;
    const extra = caFile === undefined ? [] : await readCaFile(caFile);
    const { getCACertificates } = await import('node:tls');
    const stores = { system: getCACertificates('system'), bundled: getCACertificates('bundled'), caFile: extra };
    // The proxy setting is checked here too, so a malformed one is the policy check's problem.
    chooseProxy({ proxy, caFile }, env);
    return { settings, stores, fetch: cliFetch({ proxy, caFile }, env) };
  } catch (error) {
    if (error instanceof SignInError) {
      const { problem } = error;
      return { failure: { errorCode: error.code, detail: error.message, ...(problem === undefined ? {} : { problem }) } };
    }
    if (error instanceof UsageError) {
      const { phrase } = error;
      const own = phrase === undefined ? {} : { phrase: { id: phrase.id, values: phrase.values ?? {} } };
      return { failure: { errorCode: 'invalid_config', detail: error.message, ...own } };
    }
    throw error;
  }
}

function issuerInput({ settings, stores, fetch }: Extract<Gathered, { settings: CliSettings }>, env: Environment): IssuerInput {
  return { config: settings.config, route: routeFor(settings, env), stores, fetch, clock: systemClock };
}

/** Where https to the issuer goes, as the command line's fetch will send it (network.ts), and who set that. */
function routeFor(settings: CliSettings, env: Environment): IssuerRoute {
  const { proxy, caFile } = settings.resolved.settings;
  const choice = chooseProxy({ proxy, caFile }, env);
  if (choice.url === undefined || bypassesProxy(new URL(settings.config.issuer), choice.noProxy)) return { kind: 'direct' };
  const source = proxy === undefined ? { variable: choice.source } : { setting: settings.resolved.sourceOf('proxy') };
  return { kind: 'proxy', url: choice.url, source };
}

function keyringInput(settings: CliSettings | undefined): Parameters<typeof diagnose>[0]['keyring'] {
  if (settings?.insecureStorage === true) return { kind: 'not_used', why: 'insecure_storage' };
  if (settings?.tokenStorage === 'session-only') return { kind: 'not_used', why: 'session_only_policy' };
  return { kind: 'probe', probe: probeCliKeyring, fileAllowed: settings?.tokenStorage === 'allow-unprotected' };
}
