/**
 * Runs the checks in order, each within its own time limit and all within one deadline, so a
 * report comes back whatever the network does: a check that does not answer in time is a
 * problem (`no_answer`), and a check the deadline leaves no time for is `skipped`. A check that
 * needs an earlier one (the TLS handshake needs a connection) is skipped when that one failed.
 */
import type { Clock } from '../clock.ts';
import { type CheckName, type DiagnosticCheck, type DiagnosticReport, reportOf } from './report.ts';

/** Whatever the network does, the whole report is ready within this (issue: "finishes within 20 s"). */
export const defaultDeadlineMs = 20_000;
/** One check's limit: long enough for a slow proxy, short enough that a dead one leaves time for the rest. */
export const defaultCheckTimeoutMs = 5_000;

export interface CheckStep {
  readonly name: CheckName;
  /** Earlier checks this one builds on: when one of them did not pass, this one is skipped. */
  readonly needs?: readonly CheckName[];
  /** Runs the check; `signal` fires when its time is up (sockets and requests stop then). */
  run(signal: AbortSignal): Promise<DiagnosticCheck>;
}

export interface RunOptions {
  readonly clock: Clock;
  readonly deadlineMs?: number;
  readonly checkTimeoutMs?: number;
}

export async function runChecks(steps: readonly CheckStep[], options: RunOptions): Promise<DiagnosticReport> {
  const { clock } = options;
  const end = clock.now() + (options.deadlineMs ?? defaultDeadlineMs);
  const checkTimeoutMs = options.checkTimeoutMs ?? defaultCheckTimeoutMs;
  const done = new Map<CheckName, DiagnosticCheck>();
  for (const step of steps) {
    done.set(step.name, await runStep(step, done, Math.min(checkTimeoutMs, end - clock.now()), clock));
  }
  return reportOf([...done.values()]);
}

async function runStep(
  step: CheckStep,
  done: ReadonlyMap<CheckName, DiagnosticCheck>,
  limitMs: number,
  clock: Clock,
): Promise<DiagnosticCheck> {
  const failed = step.needs?.find((name) => {
    const earlier = done.get(name);
    return earlier === undefined || earlier.status === 'problem' || earlier.status === 'skipped';
  });
  if (failed !== undefined) return { name: step.name, status: 'skipped', code: 'after_problem', facts: { after: failed } };
  if (limitMs <= 0) return { name: step.name, status: 'skipped', code: 'deadline', facts: {} };
  const stop = new AbortController();
  const timerDone = new AbortController();
  const timeUp = clock.sleep(limitMs, timerDone.signal).then(
    (): DiagnosticCheck => {
      stop.abort();
      return { name: step.name, status: 'problem', code: 'no_answer', facts: { seconds: Math.round(limitMs / 100) / 10 } };
    },
    // Cancelled once the check answered: this side of the race never settles then.
    () => new Promise<never>(() => undefined),
  );
  try {
    return await Promise.race([step.run(stop.signal), timeUp]);
  } finally {
    timerDone.abort();
  }
}
