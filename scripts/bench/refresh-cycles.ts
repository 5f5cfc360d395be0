/**
 * The long-run half of the refresh bench, run in a child process started with --expose-gc so the
 * heap can be measured after a forced collection, and so that nothing but the flow lives in this
 * heap: the demo provider (which keeps every token it issues) stays in the parent.
 *
 * It restores a session handed over by the parent, then runs refresh cycles: each one moves an
 * injected clock past the access token's expiry and calls getAccessToken(), which must send
 * exactly one refresh. Background refresh stays on, as in the app, so every cycle also arms a new
 * refresh timer and aborts the old one: a leak there would show in the handles left behind.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { createSignInFlow } from '../../src/core/flow/sign-in-flow.ts';
import { createRedactingLog } from '../../src/core/log.ts';
import { createMemoryVault } from '../../test/support/memory-vault.ts';
import type { SessionRecord } from '../../src/core/vault/session-record.ts';
import { defaultScope } from '../../src/core/config.ts';
import { movableClock, refreshCountingFetch } from './grant-type.ts';

export interface RefreshCyclesRequest {
  readonly issuer: string;
  readonly clientId: string;
  readonly session: SessionRecord;
  readonly cycles: number;
  /** The early heap sample is taken after this many cycles (the issue compares 1,000 with 10). */
  readonly sampleAfter: number;
}

export interface RefreshCyclesResult {
  readonly cycles: number;
  readonly sampleAfter: number;
  readonly refreshes: number;
  readonly elapsedMs: number;
  readonly heapAfterSample: HeapSample;
  /** Halfway: growth that continues through the second half is a leak, not warm-up. */
  readonly heapAtHalf: HeapSample;
  readonly heapAfterAll: HeapSample;
  /** Active resources (by type) beyond those before the flow existed, just before dispose(): the check can see a timer. */
  readonly activeBeforeDispose: Readonly<Record<string, number>>;
  /** The same right after dispose(). */
  readonly leftAtDispose: Readonly<Record<string, number>>;
  /** The same once idle keep-alive connections have had time to close. */
  readonly leftAfterSettle: Readonly<Record<string, number>>;
  readonly settleMs: number;
}

export interface HeapSample {
  /** process.memoryUsage().heapUsed after forced collections. */
  readonly used: number;
  /** The part that is compiled code and bytecode: it grows while V8 optimises hot paths, then stops. */
  readonly codeAndBytecode: number;
}

export type RefreshCyclesReply =
  { readonly ok: true; readonly result: RefreshCyclesResult } | { readonly ok: false; readonly error: string };

/** Whole run, so a stalled provider cannot keep the child alive. */
const runBudgetMs = 150_000;
/** Node's http server drops idle keep-alive connections after 5 s; wait a little past that. */
const settleBudgetMs = 7_000;
const settleStepMs = 250;

function resourceCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

function beyond(baseline: ReadonlyMap<string, number>): Record<string, number> {
  const extra: Record<string, number> = {};
  for (const [type, count] of resourceCounts()) {
    const more = count - (baseline.get(type) ?? 0);
    if (more > 0) extra[type] = more;
  }
  return extra;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const codeSpaces = new Set(['code_space', 'code_large_object_space', 'trusted_space', 'trusted_large_object_space']);

async function collectedHeap(): Promise<HeapSample> {
  const collect = globalThis.gc;
  if (collect === undefined) throw new Error('run with --expose-gc');
  // A few rounds: finalizers and weak callbacks run between them and free more.
  for (let round = 0; round < 3; round += 1) {
    collect();
    await nextTurn();
  }
  const codeAndBytecode = getHeapSpaceStatistics()
    .filter((space) => codeSpaces.has(space.space_name))
    .reduce((sum, space) => sum + space.space_used_size, 0);
  return { used: process.memoryUsage().heapUsed, codeAndBytecode };
}

export async function runRefreshCycles(request: RefreshCyclesRequest): Promise<RefreshCyclesResult> {
  const baseline = resourceCounts();
  const { clock, moveTo } = movableClock();
  const { fetch, refreshes } = refreshCountingFetch();
  const vault = createMemoryVault();
  await vault.save(request.session);
  const flow = createSignInFlow({
    config: { issuer: request.issuer, clientId: request.clientId, scope: defaultScope },
    fetch,
    clock,
    vault,
    // The app's log, minus the file: it keeps recent secrets to scrub, a set that must stay bounded.
    log: createRedactingLog(() => undefined),
  });
  const started = performance.now();
  let activeBeforeDispose: Record<string, number>;
  let heapAfterSample: HeapSample | undefined;
  let heapAtHalf: HeapSample | undefined;
  const half = Math.floor(request.cycles / 2);
  try {
    await flow.restore();
    if (flow.getState().status !== 'signed_in') throw new Error(`restore ended as ${flow.getState().status}`);
    for (let cycle = 1; cycle <= request.cycles; cycle += 1) {
      if (performance.now() - started > runBudgetMs) throw new Error(`only ${cycle - 1} cycles within ${runBudgetMs / 1000} s`);
      const expiresAt = flow.getSession()?.tokens.expiresAt;
      if (expiresAt === undefined) throw new Error('the session has no expiry to step past');
      moveTo(expiresAt + 1_000);
      const before = refreshes();
      await flow.getAccessToken();
      if (refreshes() !== before + 1) throw new Error(`cycle ${cycle} sent ${refreshes() - before} refreshes`);
      if (cycle === request.sampleAfter) heapAfterSample = await collectedHeap();
      if (cycle === half) heapAtHalf = await collectedHeap();
    }
    activeBeforeDispose = beyond(baseline);
  } finally {
    flow.dispose();
  }
  const elapsedMs = performance.now() - started;
  const heapAfterAll = await collectedHeap();
  if (heapAfterSample === undefined || heapAtHalf === undefined) throw new Error('too few cycles to sample the heap');
  const leftAtDispose = beyond(baseline);
  const settling = performance.now();
  while (Object.keys(beyond(baseline)).length > 0 && performance.now() - settling < settleBudgetMs) await pause(settleStepMs);
  return {
    cycles: request.cycles,
    sampleAfter: request.sampleAfter,
    refreshes: refreshes(),
    elapsedMs,
    heapAfterSample,
    heapAtHalf,
    heapAfterAll,
    activeBeforeDispose,
    leftAtDispose,
    leftAfterSettle: beyond(baseline),
    settleMs: performance.now() - settling,
  };
}

if (import.meta.main) {
  process.once('message', (message) => {
    const send = (reply: RefreshCyclesReply): void => {
      process.send?.(reply, () => {
        process.disconnect();
      });
    };
    runRefreshCycles(message as RefreshCyclesRequest).then(
      (result) => {
        send({ ok: true, result });
      },
      (error: unknown) => {
        send({ ok: false, error: error instanceof Error ? error.message : String(error) });
      },
    );
  });
}
