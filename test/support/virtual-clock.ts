import type { Clock } from '../../src/core/clock.ts';
import { CancelledError } from '../../src/core/errors.ts';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/** How long `run` waits in real time for work that no timer accounts for before it gives up. */
const realWorkLimitMs = 2_000;

/**
 * Discrete-event time for protocol tests: `sleep` registers a timer, and `run` advances time to
 * the next timer only when nothing else can happen, so minutes of polling take milliseconds and
 * every timestamp is exact.
 */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];

  constructor(start = Date.UTC(2026, 10, 23, 12, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(new CancelledError());
        return;
      }
      const timer: Timer = {
        at: this.#now + Math.max(0, ms),
        seq: this.#seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.#timers = this.#timers.filter((t) => t !== timer);
        reject(new CancelledError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#timers.push(timer);
    });
  }

  /** Lets pending promise chains (fetch bodies, JSON parsing) finish before time moves. */
  async settle(): Promise<void> {
    for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /**
   * Waits real milliseconds, up to `realWorkLimitMs`, for `done` or for a timer to be set; whether
   * either happened. Only for work outside the event loop's own queue, which `settle` cannot see.
   */
  async #realWork(done: () => boolean): Promise<boolean> {
    for (let waited = 0; waited < realWorkLimitMs; waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      await this.settle();
      if (done() || this.#timers.length > 0) return true;
    }
    return false;
  }

  /** Advances time step by step until `promise` settles; returns its result or rethrows. */
  async run<T>(promise: Promise<T>, limitMs = 48 * 60 * 60 * 1000): Promise<T> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    promise.then(
      (value) => (outcome = { ok: true, value }),
      (error: unknown) => (outcome = { ok: false, error }),
    );
    const end = this.#now + limitMs;
    for (;;) {
      await this.settle();
      if (outcome !== undefined) break;
      // Nothing waits on time: real work (WebCrypto signing a DPoP proof on the thread pool) may still be under way.
      if (this.#timers.length === 0 && (await this.#realWork(() => outcome !== undefined))) continue;
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers.shift();
      if (next === undefined) throw new Error('VirtualClock: the promise is waiting on something other than time');
      if (next.at > end) throw new Error('VirtualClock: time limit reached');
      this.#now = Math.max(this.#now, next.at);
      next.resolve();
    }
    if (outcome.ok) return outcome.value;
    throw outcome.error;
  }

  /** Moves time forward, firing timers on the way (for tests that watch a flow mid-way). */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      await this.settle();
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers[0];
      if (next === undefined || next.at > end) break;
      this.#timers.shift();
      this.#now = Math.max(this.#now, next.at);
      next.resolve();
    }
    this.#now = end;
    await this.settle();
  }
}
