/**
 * Approval → signed-in latency for our core and for openid-client 6 as the peer, on the demo
 * provider behind the strict RFC 8628 server (which announces the interval and logs every poll).
 *
 * Any compliant client learns of an approval only at its next poll, so the latency is mostly where
 * the approval falls in the polling cycle: anywhere from 0 to one interval. To compare the clients
 * rather than that luck, each round runs them as a pair: both get their codes within a few
 * milliseconds (so they poll on the same beat; which one goes first alternates) and two phones
 * approve both codes at once. The phone takes a nearly constant time, so left alone it would
 * approve at the same point of the cycle every round; each round therefore waits a different
 * fraction of the interval before the phone starts, spreading approvals over the whole cycle.
 * What a client itself controls is measured apart from the beat: how long after the interval it
 * polls, and how long after its token poll it is signed in.
 */
import * as client from 'openid-client';
import type { Browser } from 'playwright-core';
import { createSignInFlow } from '../../src/core/flow/sign-in-flow.ts';
import type { Fetch } from '../../src/core/protocol/http.ts';
import { defaultScope } from '../../src/core/config.ts';
import { type PollRecord, startStrictServer, type StrictServer } from '../../test/support/strict-server.ts';
import { grantTypeOf } from './grant-type.ts';
import { approve, nextCode, verificationPageOf } from './sign-in.ts';
import { progress, withDeadline } from './report.ts';

const deviceCodeGrant = 'urn:ietf:params:oauth:grant-type:device_code';
const signInDeadlineMs = 30_000;

/** One client's sign-in; instants in ms since the epoch, as the strict server logs polls. */
export interface SignInSample {
  readonly approvedAt: number;
  /** When the poll that got the tokens reached the server. */
  readonly tokenPollAt: number;
  /** When the token response carrying the tokens reached the client's fetch. */
  readonly tokensAt: number;
  /** Ours: the flow entered signed_in (after userinfo). Peer: pollDeviceAuthorizationGrant resolved. */
  readonly signedInAt: number;
  readonly polls: number;
  /** Polls the strict server found early (it answers them slow_down). */
  readonly earlyPolls: number;
  /** For each poll after the first: ms between it and the one before, beyond the interval. */
  readonly pollLateness: readonly number[];
}

export interface LatencyResult {
  readonly interval: number;
  readonly ours: readonly SignInSample[];
  readonly peer: readonly SignInSample[];
}

/** Records when a successful device-code token response arrives, whatever client sends it. */
function timingTokens(): { fetch: Fetch; tokensAt: () => number } {
  let at: number | undefined;
  const fetch: Fetch = async (url, init) => {
    const response = await globalThis.fetch(url, init);
    if (response.status === 200 && grantTypeOf(init.body) === deviceCodeGrant) at ??= Date.now();
    return response;
  };
  return {
    fetch,
    tokensAt: () => {
      if (at === undefined) throw new Error('no token response was seen');
      return at;
    },
  };
}

async function peerConfiguration(server: StrictServer): Promise<client.Configuration> {
  return client.discovery(new URL(server.issuer), server.clientId, undefined, client.None(), {
    // Loopback http issuer: the demo provider has no TLS.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    execute: [client.allowInsecureRequests],
  });
}

function sampleOf(
  polls: readonly PollRecord[],
  interval: number,
  times: { approvedAt: number; tokensAt: number; signedInAt: number },
): SignInSample {
  const tokenPoll = polls.find((poll) => poll.answer === 'tokens');
  if (tokenPoll === undefined) throw new Error('the strict server saw no poll answered with tokens');
  return {
    ...times,
    tokenPollAt: tokenPoll.at,
    polls: polls.length,
    earlyPolls: polls.filter((poll) => poll.early).length,
    pollLateness: polls.slice(1).map((poll, index) => poll.at - (polls[index]?.at ?? poll.at) - interval * 1000),
  };
}

async function runPair(
  server: StrictServer,
  browser: Browser,
  peer: client.Configuration,
  options: { interval: number; peerFirst: boolean; approvalDelayMs: number },
): Promise<{ ours: SignInSample; peer: SignInSample }> {
  const firstPoll = server.polls.length;
  const ourTiming = timingTokens();
  const flow = createSignInFlow({
    config: { issuer: server.issuer, clientId: server.clientId, scope: defaultScope },
    fetch: ourTiming.fetch,
    proactiveRefresh: false,
  });
  let ourSignedInAt: number | undefined;
  const unsubscribe = flow.subscribe((state) => {
    if (state.status === 'signed_in') ourSignedInAt ??= Date.now();
  });
  const peerTiming = timingTokens();
  peer[client.customFetch] = (url, options) => peerTiming.fetch(url, options as RequestInit);
  const peerPolling = new AbortController();
  try {
    let peerSignedInAt: number | undefined;
    const startPeer = async (): Promise<{ code: client.DeviceAuthorizationResponse; run: Promise<void> }> => {
      const code = await client.initiateDeviceAuthorization(peer, { scope: defaultScope });
      const run = client.pollDeviceAuthorizationGrant(peer, code, undefined, { signal: peerPolling.signal }).then(() => {
        peerSignedInAt = Date.now();
      });
      // Settled here too, so that a failure before it is awaited is never an unhandled rejection.
      run.catch(() => undefined);
      return { code, run };
    };
    const startOurs = async (): Promise<{ page: string; run: Promise<void> }> => {
      const code = nextCode(flow);
      const run = flow.start();
      return { page: verificationPageOf(await code), run };
    };
    // One right after the other: the two clients then poll on the same beat, a few ms apart.
    let ours: { page: string; run: Promise<void> };
    let peerStarted: { code: client.DeviceAuthorizationResponse; run: Promise<void> };
    if (options.peerFirst) {
      peerStarted = await startPeer();
      ours = await startOurs();
    } else {
      ours = await startOurs();
      peerStarted = await startPeer();
    }
    const { code: peerCode, run: peerRun } = peerStarted;
    const { page: ourPage, run: ourRun } = ours;
    if (peerCode.verification_uri_complete === undefined) throw new Error('the provider sent the peer no verification_uri_complete');
    await new Promise((resolve) => setTimeout(resolve, options.approvalDelayMs));
    // The phone started first tends to finish first; the same alternation keeps that from favouring a client.
    const peerPage = peerCode.verification_uri_complete;
    let ourApproval: Promise<number>;
    let peerApproval: Promise<number>;
    if (options.peerFirst) {
      peerApproval = approve(browser, peerPage);
      ourApproval = approve(browser, ourPage);
    } else {
      ourApproval = approve(browser, ourPage);
      peerApproval = approve(browser, peerPage);
    }
    const [ourApprovedAt, peerApprovedAt] = await Promise.all([ourApproval, peerApproval]);
    await withDeadline(Promise.all([ourRun, peerRun]), signInDeadlineMs, 'signing in after approval');
    if (ourSignedInAt === undefined) throw new Error(`our sign-in ended as ${flow.getState().status}`);
    if (peerSignedInAt === undefined) throw new Error('the peer did not finish');

    const polls = server.polls.slice(firstPoll);
    const peerPolls = polls.filter((poll) => poll.deviceCode === peerCode.device_code);
    const ourPolls = polls.filter((poll) => poll.deviceCode !== peerCode.device_code);
    return {
      ours: sampleOf(ourPolls, options.interval, {
        approvedAt: ourApprovedAt,
        tokensAt: ourTiming.tokensAt(),
        signedInAt: ourSignedInAt,
      }),
      peer: sampleOf(peerPolls, options.interval, {
        approvedAt: peerApprovedAt,
        tokensAt: peerTiming.tokensAt(),
        signedInAt: peerSignedInAt,
      }),
    };
  } finally {
    unsubscribe();
    flow.dispose();
    peerPolling.abort();
  }
}

export async function measureSignInLatency(browser: Browser, options: { interval: number; pairs: number }): Promise<LatencyResult> {
  const server = await startStrictServer({ interval: options.interval });
  try {
    const peer = await peerConfiguration(server);
    const ours: SignInSample[] = [];
    const peers: SignInSample[] = [];
    for (let round = 1; round <= options.pairs; round += 1) {
      progress(`sign-in pair ${round}/${options.pairs}`);
      const pair = await runPair(server, browser, peer, {
        interval: options.interval,
        peerFirst: round % 2 === 0,
        // Rounds 1…n start the phone 0, 1/n, 2/n… of an interval late: every part of the cycle is sampled.
        approvalDelayMs: Math.round(((round - 1) / options.pairs) * options.interval * 1000),
      });
      ours.push(pair.ours);
      peers.push(pair.peer);
    }
    return { interval: options.interval, ours, peer: peers };
  } finally {
    await server.close();
  }
}
