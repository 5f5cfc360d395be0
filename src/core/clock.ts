import { CancelledError } from './errors.ts';

/**
 * Time, injected so that tests can run the polling rules in virtual time and the app can use
 * the real one. `sleep` rejects with CancelledError when the signal fires.
 */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The longest delay `setTimeout` honours (HTML §8.6 timers take a 32-bit signed integer).
 * Anything longer fires after 1 ms, so a 30-day token would refresh at once, forever.
 */
export const maxTimerDelayMs = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(new CancelledError());
        return;
      }
      const deadline = Date.now() + Math.max(0, ms);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new CancelledError());
      };
      // Sleeps in steps no longer than a timer can hold, measuring what is left after each one.
      const step = (): void => {
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
          signal?.removeEventListener('abort', onAbort);
          resolve();
          return;
        }
        timer = setTimeout(step, Math.min(remaining, maxTimerDelayMs));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(step, Math.min(Math.max(0, ms), maxTimerDelayMs));
    }),
};
