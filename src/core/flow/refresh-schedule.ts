import type { Clock } from '../clock.ts';

/** The background refresh starts this long before expiry (at most half the token's remaining life). */
const backgroundMarginMs = 60_000;
/** Never sooner than this: a provider whose tokens expire on arrival (`expires_in: 0`) must not set off a refresh loop. */
const minimumRefreshDelayMs = 5_000;
/** After a failed background refresh (offline), try again this much later. */
const backgroundRetryMs = 30_000;

/**
 * Refreshes a session in the background shortly before `expiresAt`, so that the app, which runs
 * for days, always holds a working token. A refresh that fails (offline, the provider down) is
 * tried again after `backgroundRetryMs` while `stillWanted()`; aborting the returned controller
 * stops it all.
 */
export function scheduleBackgroundRefresh(
  clock: Clock,
  expiresAt: number,
  refresh: () => Promise<unknown>,
  stillWanted: () => boolean,
): AbortController {
  const timer = new AbortController();
  const start = (): void => {
    const remaining = expiresAt - clock.now();
    const delay = Math.max(minimumRefreshDelayMs, remaining - Math.min(backgroundMarginMs, remaining / 2));
    clock.sleep(delay, timer.signal).then(
      () =>
        refresh().catch(() => {
          if (timer.signal.aborted || !stillWanted()) return;
          clock.sleep(backgroundRetryMs, timer.signal).then(start, () => undefined);
        }),
      () => undefined,
    );
  };
  start();
  return timer;
}
