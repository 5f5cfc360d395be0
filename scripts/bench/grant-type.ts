import { type Clock, systemClock } from '../../src/core/clock.ts';
import type { Fetch } from '../../src/core/protocol/http.ts';

/**
 * The grant a token request is for: how the bench tells polls and refreshes apart at the fetch.
 * A module of its own so the refresh-cycles child loads nothing it does not measure.
 */
export function grantTypeOf(body: unknown): string | null {
  if (body instanceof URLSearchParams) return body.get('grant_type');
  if (typeof body === 'string') return new URLSearchParams(body).get('grant_type');
  return null;
}

/**
 * Node's fetch, counting the refresh grants that pass through it: what the provider would log as
 * refreshes. A DPoP nonce challenge (400 with a `DPoP-Nonce`, RFC 9449 §8) refreshed nothing: the
 * same refresh follows at once with the nonce, so it is not counted.
 */
export function refreshCountingFetch(): { readonly fetch: Fetch; readonly refreshes: () => number } {
  let refreshes = 0;
  return {
    fetch: async (url, init) => {
      const response = await globalThis.fetch(url, init);
      const challenged = response.status === 400 && response.headers.has('dpop-nonce');
      if (grantTypeOf(init.body) === 'refresh_token' && !challenged) refreshes += 1;
      return response;
    },
    refreshes: () => refreshes,
  };
}

/** The system clock, moved on at will, to make a token look expired without waiting for it. */
export function movableClock(): { readonly clock: Clock; readonly moveTo: (epochMs: number) => void } {
  let offsetMs = 0;
  return {
    clock: { now: () => Date.now() + offsetMs, sleep: (ms, signal) => systemClock.sleep(ms, signal) },
    moveTo: (epochMs) => {
      offsetMs = epochMs - Date.now();
    },
  };
}
