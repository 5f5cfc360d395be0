/**
 * "Check this computer": every check, in the report's order, for either front end. The front end
 * gathers what only it has (its settings, fetch, proxy choice, trust stores, keyring probe and
 * vault) and words the report; nothing here signs in, refreshes or revokes.
 */
import type { Clock } from '../clock.ts';
import { type IssuerInput, issuerSteps } from './issuer-checks.ts';
import type { AppFacts, KeyringInput, SessionInput, SettingsInput } from './local-checks.ts';
import { appStep, keyringStep, policyStep, sessionStep } from './local-checks.ts';
import { checkNames, type CheckName, type DiagnosticReport } from './report.ts';
import { type CheckStep, runChecks } from './run-checks.ts';

export interface DiagnosticsInput {
  readonly app: AppFacts;
  readonly settings: SettingsInput;
  /** Where to sign in and how it is reached; absent when the settings name no usable issuer. */
  readonly issuer?: IssuerInput | undefined;
  readonly keyring: KeyringInput;
  /** Reads the kept session; absent when the settings name no client to look it up for. */
  readonly session?: SessionInput | undefined;
  readonly clock: Clock;
  /** The whole report's limit (20 s unless a test shortens it) and one check's. */
  readonly deadlineMs?: number | undefined;
  readonly checkTimeoutMs?: number | undefined;
}

export function diagnose(input: DiagnosticsInput): Promise<DiagnosticReport> {
  const network = input.issuer === undefined ? withoutIssuer() : issuerSteps(input.issuer);
  const steps: CheckStep[] = [
    appStep(input.app),
    policyStep(input.settings),
    ...network,
    keyringStep(input.keyring),
    sessionStep(input.session, () => input.clock.now()),
  ];
  // The order is the report's, whatever order the steps were built in.
  const ordered = checkNames.map((name) => steps.find((step) => step.name === name)).filter((step) => step !== undefined);
  return runChecks(ordered, {
    clock: input.clock,
    ...(input.deadlineMs === undefined ? {} : { deadlineMs: input.deadlineMs }),
    ...(input.checkTimeoutMs === undefined ? {} : { checkTimeoutMs: input.checkTimeoutMs }),
  });
}

/** The issuer's checks when there is no issuer to check: each skipped after the policy check that said why. */
function withoutIssuer(): CheckStep[] {
  const names: readonly CheckName[] = ['name', 'connection', 'tls', 'discovery', 'device_endpoint', 'clock'];
  return names.map((name) => ({
    name,
    run: () => Promise.resolve({ name, status: 'skipped', code: 'after_problem', facts: { after: 'policy' } } as const),
  }));
}
