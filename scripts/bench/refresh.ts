/**
 * Refresh coalescing and the long run. One real sign-in (Chromium as the phone) on the demo
 * provider behind the strict server; then an injected clock makes the access token look expired
 * whenever the bench wants, so no run waits out a real token lifetime.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { createSignInFlow, type SignInFlow } from '../../src/core/flow/sign-in-flow.ts';
import type { SessionRecord } from '../../src/core/vault/session-record.ts';
import { defaultScope } from '../../src/core/config.ts';
import { startStrictServer } from '../../test/support/strict-server.ts';
import type { RefreshCyclesReply, RefreshCyclesRequest, RefreshCyclesResult } from './refresh-cycles.ts';
import { mib, progress, type Row, seconds, withDeadline } from './report.ts';
import { movableClock, refreshCountingFetch } from './grant-type.ts';
import { signInWithPhone } from './sign-in.ts';

export interface BurstOutcome {
  readonly callers: number;
  readonly refreshes: number;
  readonly distinctTokens: number;
  readonly failures: number;
}

export interface RefreshResult {
  readonly bursts: readonly BurstOutcome[];
  readonly longRun: RefreshCyclesResult;
}

const callers = 100;
/** Callers arrive over this many event-loop turns: before, while and after the refresh is in flight. */
const arrivalTurns = 10;
const bursts = 3;
const childDeadlineMs = 180_000;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function burst(flow: SignInFlow, countRefreshes: () => number): Promise<BurstOutcome> {
  const before = countRefreshes();
  const calls: Promise<string | undefined>[] = [];
  for (let caller = 0; caller < callers; caller += 1) {
    if (caller > 0 && caller % (callers / arrivalTurns) === 0) await nextTurn();
    // Settled at once: a rejection must not go unhandled while later callers are still arriving.
    calls.push(flow.getAccessToken().catch(() => undefined));
  }
  const tokens = await Promise.all(calls);
  return {
    callers,
    refreshes: countRefreshes() - before,
    distinctTokens: new Set(tokens.filter((token) => token !== undefined)).size,
    failures: tokens.filter((token) => token === undefined).length,
  };
}

function runChild(request: RefreshCyclesRequest): Promise<RefreshCyclesResult> {
  const child = fork(fileURLToPath(new URL('./refresh-cycles.ts', import.meta.url)), [], {
    execArgv: ['--expose-gc'],
    // stdout is the table's; the child says nothing there.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const reply = new Promise<RefreshCyclesResult>((resolve, reject) => {
    child.once('message', (message) => {
      const answer = message as RefreshCyclesReply;
      if (answer.ok) resolve(answer.result);
      else reject(new Error(answer.error));
    });
    child.once('exit', (code) => {
      reject(new Error(`the refresh-cycles process exited (${String(code)}) without an answer`));
    });
    child.once('error', reject);
  });
  child.send(request);
  return withDeadline(reply, childDeadlineMs, 'the refresh cycles').finally(() => {
    if (child.exitCode === null) child.kill();
  });
}

export async function measureRefresh(browser: Browser, options: { cycles: number; sampleAfter: number }): Promise<RefreshResult> {
  // Interval 1 s: the one sign-in this needs is over soon after the phone approves.
  const server = await startStrictServer({ interval: 1 });
  const { clock, moveTo } = movableClock();
  const { fetch, refreshes } = refreshCountingFetch();
  const config = { issuer: server.issuer, clientId: server.clientId, scope: defaultScope };
  const flow = createSignInFlow({ config, fetch, clock, proactiveRefresh: false });
  try {
    progress('refresh: signing in');
    await signInWithPhone(flow, browser);
    const outcomes: BurstOutcome[] = [];
    for (let round = 1; round <= bursts; round += 1) {
      const expiresAt = flow.getSession()?.tokens.expiresAt;
      if (expiresAt === undefined) throw new Error('the demo provider sent no expires_in');
      moveTo(expiresAt + 1_000);
      outcomes.push(await burst(flow, refreshes));
    }
    const session = flow.getSession();
    if (session === undefined) throw new Error('signed out during the bursts');
    // A DPoP-bound session goes with its key, as the vault keeps it: its tokens are useless without it.
    const key = session.key === undefined ? {} : { dpop: session.key.toStored() };
    const stored: SessionRecord = {
      version: 1,
      issuer: config.issuer,
      clientId: config.clientId,
      profile: session.profile,
      tokens: session.tokens,
      ...key,
    };
    // From here the child owns the refresh token: refresh tokens rotate, so this flow must not use it again.
    flow.dispose();
    progress(`refresh: ${options.cycles} refresh cycles in a child process`);
    const longRun = await runChild({
      issuer: config.issuer,
      clientId: config.clientId,
      session: stored,
      cycles: options.cycles,
      sampleAfter: options.sampleAfter,
    });
    return { bursts: outcomes, longRun };
  } finally {
    flow.dispose();
    await server.close();
  }
}

/** The table's rows: one refresh per burst, heap growth over the long run, and nothing left running after dispose(). */
export function refreshRows(result: RefreshResult): Row[] {
  const { bursts: outcomes, longRun } = result;
  const exact = outcomes.every((outcome) => outcome.refreshes === 1 && outcome.distinctTokens === 1 && outcome.failures === 0);
  const perBurst = outcomes[0]?.callers ?? 0;
  const failures = outcomes.reduce((sum, outcome) => sum + outcome.failures, 0);
  const growth = longRun.heapAfterAll.used - longRun.heapAfterSample.used;
  const codeGrowth = longRun.heapAfterAll.codeAndBytecode - longRun.heapAfterSample.codeAndBytecode;
  const secondHalf = longRun.heapAfterAll.used - longRun.heapAtHalf.used;
  const sign = (bytes: number): string => `${bytes >= 0 ? '+' : ''}${mib(bytes)}`;
  const leftTimers = Object.keys(longRun.leftAfterSettle).length > 0;
  return [
    {
      metric: `Refresh requests for ${perBurst} concurrent getAccessToken() on an expired token (${outcomes.length} bursts)`,
      value:
        `${outcomes.map((outcome) => outcome.refreshes).join(' / ')}; ` +
        `callers got ${outcomes.map((outcome) => outcome.distinctTokens).join(' / ')} distinct token(s), ${failures} failures`,
      target: 'exactly 1',
      verdict: exact ? 'met' : 'missed',
    },
    {
      metric: `Heap after ${longRun.cycles.toLocaleString('en')} refresh cycles vs after ${longRun.sampleAfter} (after gc)`,
      value:
        `${sign(growth)} (${mib(longRun.heapAfterSample.used)} → ${mib(longRun.heapAfterAll.used)}), ` +
        `of which compiled code and bytecode ${sign(codeGrowth)}; ` +
        `second half ${sign(secondHalf)}; ${longRun.refreshes} refreshes in ${seconds(longRun.elapsedMs)}`,
      target: '< 2 MB growth',
      verdict: growth < 2 * 1024 * 1024 ? 'met' : 'missed',
    },
    {
      metric: 'Timers / handles (ref’d, from process.getActiveResourcesInfo) left after dispose()',
      value:
        `${describeResources(longRun.leftAfterSettle)} (before dispose: ${describeResources(longRun.activeBeforeDispose)}; ` +
        `right after: ${describeResources(longRun.leftAtDispose)})`,
      target: 'none',
      verdict: leftTimers ? 'missed' : 'met',
    },
  ];
}

function describeResources(counts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? 'none' : entries.map(([type, count]) => `${type} ×${count}`).join(', ');
}
