/**
 * What DPoP (RFC 9449) costs a request: one proof (sign + serialize, through oauth4webapi as every
 * request makes it, with a fetch that answers at once), and one `authorizedFetch` round trip on
 * loopback for a bound session next to a bearer one. The server answers 200 without looking at
 * the proof: what is measured is the client's side of the bill.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oauth from 'oauth4webapi';
import { defaultScope } from '../../src/core/config.ts';
import { createSignInFlow, type SignInFlow } from '../../src/core/flow/sign-in-flow.ts';
import { DPoPKey } from '../../src/core/protocol/dpop.ts';
import { createMemoryVault } from '../../test/support/memory-vault.ts';
import { type Row, spread } from './report.ts';

export interface DPoPCosts {
  /** Milliseconds per request through oauth4webapi with an instant fetch: with a proof, and without. */
  readonly proof: { readonly withProof: readonly number[]; readonly bearer: readonly number[] };
  /** Milliseconds per authorizedFetch round trip on loopback: a bound session, and a bearer one. */
  readonly roundTrip: { readonly dpop: readonly number[]; readonly bearer: readonly number[] };
}

const accessToken = 'bench-access-token-0123456789abcdefghijklmnopqrstuvwxyz';

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function proofCosts(key: DPoPKey, samples: number): Promise<DPoPCosts['proof']> {
  const url = new URL('https://api.example.test/items');
  const instant = { [oauth.customFetch]: () => Promise.resolve(new Response(null, { status: 204 })) };
  const withProof: number[] = [];
  const bearer: number[] = [];
  const proved = (): Promise<Response> =>
    oauth.protectedResourceRequest(accessToken, 'GET', url, new Headers(), undefined, { ...instant, DPoP: key.handle });
  const unproved = (): Promise<Response> => oauth.protectedResourceRequest(accessToken, 'GET', url, new Headers(), undefined, instant);
  for (let sample = 0; sample < samples; sample += 1) {
    withProof.push(await timed(proved));
    bearer.push(await timed(unproved));
  }
  return { withProof, bearer };
}

/** A signed-in flow opened from a vault, as the app opens one at start-up: no provider is asked. */
async function openedFlow(issuer: string, key: DPoPKey | undefined): Promise<SignInFlow> {
  const vault = createMemoryVault();
  await vault.save({
    version: 1,
    issuer,
    clientId: 'bench',
    profile: { issuer, sub: 'bench' },
    tokens: { accessToken, tokenType: key === undefined ? 'Bearer' : 'DPoP', expiresAt: Date.now() + 3_600_000 },
    ...(key === undefined ? {} : { dpop: key.toStored() }),
  });
  const flow = createSignInFlow({
    config: { issuer, clientId: 'bench', scope: defaultScope },
    fetch: globalThis.fetch,
    vault,
    proactiveRefresh: false,
  });
  await flow.restore({ refresh: false });
  if (flow.getState().status !== 'signed_in') throw new Error('the bench session did not open');
  return flow;
}

export async function measureDPoPCosts(samples: number): Promise<DPoPCosts> {
  const key = await DPoPKey.generate('ES256', { client_id: 'bench' });
  const proof = await proofCosts(key, samples);
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const bound = await openedFlow(issuer, key);
  const plain = await openedFlow(issuer, undefined);
  try {
    const dpop: number[] = [];
    const bearer: number[] = [];
    // Alternating, after a warm-up, so both see the same machine and the same open connections.
    for (let sample = -20; sample < samples; sample += 1) {
      const d = await timed(async () => (await bound.authorizedFetch(`${issuer}/items`)).arrayBuffer());
      const b = await timed(async () => (await plain.authorizedFetch(`${issuer}/items`)).arrayBuffer());
      if (sample >= 0) {
        dpop.push(d);
        bearer.push(b);
      }
    }
    return { proof, roundTrip: { dpop, bearer } };
  } finally {
    bound.dispose();
    plain.dispose();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** The table's rows: what one proof adds to a request, and a bound round trip next to a bearer one. */
export function dpopRows(costs: DPoPCosts): Row[] {
  const { proof, roundTrip } = costs;
  const micro = (ms: number): string => `${(ms * 1000).toFixed(0)} µs`;
  const withProof = spread(proof.withProof).median;
  const bearer = spread(proof.bearer).median;
  const p95 = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)] ?? 0;
  return [
    {
      metric: `One DPoP proof (ES256 sign + serialize, through oauth4webapi with an instant fetch), median of ${proof.withProof.length}`,
      value: `${micro(withProof - bearer)} added (${micro(withProof)} with the proof vs ${micro(bearer)} without)`,
      target: 'reference',
      verdict: 'info',
    },
    {
      metric: `authorizedFetch round trip on loopback, DPoP-bound vs bearer session, median / p95 of ${roundTrip.dpop.length}`,
      value:
        `${micro(spread(roundTrip.dpop).median)} / ${micro(p95(roundTrip.dpop))} vs ` +
        `${micro(spread(roundTrip.bearer).median)} / ${micro(p95(roundTrip.bearer))}`,
      target: 'reference',
      verdict: 'info',
    },
  ];
}
