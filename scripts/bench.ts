/**
 * `npm run bench`: how fast and how lean the sign-in is, measured the same way every run on the
 * demo provider over loopback. Prints one markdown table and a line describing the machine. It
 * reports and never asserts: a missed target exits 0; only a measurement that could not be taken
 * exits 1. Progress goes to stderr. See docs/benchmarks.md for what each figure means.
 *
 * `npm run bench -- --only cli-start` (or any of the part names below, repeated or separated by
 * commas) measures only those parts, building the app and starting Chromium only if they need them.
 */
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { buildApp } from '../test/support/built-app.ts';
import { fullChromium, launchBrowser } from '../test/support/phone.ts';
import { measureBundles } from './bench/bundle-size.ts';
import { measureCliStart } from './bench/cli-start.ts';
import { dpopRows, measureDPoPCosts } from './bench/dpop.ts';
import { describeMachine, loadAtStart } from './bench/machine.ts';
import { measureMainImport } from './bench/main-import.ts';
import { measureRefresh, refreshRows } from './bench/refresh.ts';
import { failedRows, kib, millis, progress, renderTable, type Row, seconds, spread, spreadText } from './bench/report.ts';
import { measureSignInLatency, type SignInSample } from './bench/sign-in-latency.ts';
import { measureTimeToCode } from './bench/time-to-code.ts';

const interval = 2;
/** Even, so each client gets its code first in half the rounds (the server answers one poll at a time). */
const pairs = 6;
const timeToCodeRuns = 5;
const refreshCycles = 1_000;
const heapSampleAfter = 10;
const dpopSamples = 300;
/** The issue asks for ~4 minutes on 2 cores; past this something is stuck, not slow. */
const wholeRunBudgetMs = 6 * 60_000;

const budget = setTimeout(() => {
  process.stderr.write(`bench: gave up after ${wholeRunBudgetMs / 60_000} minutes\n`);
  process.exit(1);
}, wholeRunBudgetMs);
budget.unref();

/** Sections whose measurement could not be taken: the only reason to exit non-zero. */
const failedSections: string[] = [];

async function section(metrics: readonly string[], measure: () => Promise<Row[]>): Promise<Row[]> {
  try {
    return await measure();
  } catch (error) {
    failedSections.push(metrics.join(', '));
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return failedRows(metrics, error);
  }
}

const latencyOf = (sample: SignInSample): number => sample.signedInAt - sample.approvedAt;
/** What the client itself controls: from its token poll reaching the server to signed in. */
const clientShareOf = (sample: SignInSample): number => sample.signedInAt - sample.tokenPollAt;
const signed = (ms: number): string => `${ms > 0 ? '+' : ''}${millis(ms)}`;

function pollText(samples: readonly SignInSample[]): string {
  const { min, median, max } = spread(samples.map((sample) => sample.polls));
  const lateness = samples.flatMap((sample) => sample.pollLateness);
  const late = lateness.length === 0 ? 'no second poll' : `${millis(spread(lateness).median)} after the interval`;
  const early = samples.reduce((sum, sample) => sum + sample.earlyPolls, 0);
  return `${median} (${min}–${max}), ${late}, ${early} early`;
}

async function latencyRows(browser: Browser): Promise<Row[]> {
  const result = await measureSignInLatency(browser, { interval, pairs });
  const ours = spread(result.ours.map(latencyOf));
  const peer = spread(result.peer.map(latencyOf));
  const oursShare = spread(result.ours.map(clientShareOf));
  const peerShare = spread(result.peer.map(clientShareOf));
  const shareText = (samples: readonly SignInSample[], share: ReturnType<typeof spread>): string => {
    const answer = spread(samples.map((sample) => sample.tokensAt - sample.tokenPollAt)).median;
    const after = spread(samples.map((sample) => sample.signedInAt - sample.tokensAt)).median;
    return `${millis(share.median)} / ${millis(share.max)} (token answer ${millis(answer)}, then ${millis(after)})`;
  };
  const limitMs = (result.interval + 0.5) * 1000;
  const early = result.ours.reduce((sum, sample) => sum + sample.earlyPolls, 0);
  return [
    {
      metric: `Approval → signed in, Device Sign-In (interval ${result.interval} s, ${result.ours.length} sign-ins), min / median / max`,
      value: spreadText(result.ours.map(latencyOf), seconds),
      target: `worst ≤ ${seconds(limitMs)}`,
      verdict: ours.max <= limitMs ? 'met' : 'missed',
    },
    {
      metric: 'Approval → signed in, openid-client 6 pollDeviceAuthorizationGrant (peer, paired rounds), min / median / max',
      value:
        `${spreadText(result.peer.map(latencyOf), seconds)}; ` +
        `ours − peer: median ${signed(ours.median - peer.median)}, max ${signed(ours.max - peer.max)}`,
      target: 'reference (where the approval falls between polls dominates)',
      verdict: 'info',
    },
    {
      metric: 'Token poll reaches server → signed in (the client-controlled part), median / max: ours (+ userinfo) vs peer',
      value: `${shareText(result.ours, oursShare)} vs ${shareText(result.peer, peerShare)}`,
      target: 'never behind the peer',
      verdict: oursShare.median <= peerShare.median && oursShare.max <= peerShare.max ? 'met' : 'missed',
    },
    {
      metric: 'Polls per sign-in, median (min–max), poll lateness, early polls: ours / peer',
      value: `${pollText(result.ours)} / ${pollText(result.peer)}`,
      target: 'no early poll',
      verdict: early === 0 ? 'met' : 'missed',
    },
  ];
}

async function timeToCodeRows(browser: Browser, rendererDir: string): Promise<Row[]> {
  const samples = await measureTimeToCode(browser, rendererDir, timeToCodeRuns);
  const row = (metric: string, values: readonly number[], extra = ''): Row => {
    const { min, median, max } = spread(values);
    return {
      metric: `${metric}, median (min–max) of ${values.length}`,
      value: `${millis(median)} (${millis(min)}–${millis(max)})${extra}`,
      target: '≤ 150 ms',
      verdict: median <= 150 ? 'met' : 'missed',
    };
  };
  const domContentLoaded = spread(samples.map((sample) => sample.loadToDomContentLoaded)).median;
  return [
    row(
      'Page load → sign-in screen interactive',
      samples.map((sample) => sample.loadToInteractive),
      `; DOMContentLoaded ${millis(domContentLoaded)}`,
    ),
    row(
      'Sign in click → code + QR visible (discovery + device authorization on loopback)',
      samples.map((sample) => sample.clickToCode),
    ),
    row(
      'Page load → code + QR visible, code already issued (window reloaded)',
      samples.map((sample) => sample.loadToIssuedCode),
      `; ${millis(spread(samples.map((sample) => sample.domContentLoadedToIssuedCode)).median)} after DOMContentLoaded`,
    ),
  ];
}

async function bundleRows(outDir: string): Promise<Row[]> {
  const sizes = await measureBundles(outDir);
  return [
    {
      metric: 'Renderer JavaScript a window loads: at start + the largest lazy chunk (one language), zlib gzip, default level',
      value:
        `${kib(sizes.rendererJsGzipBytes)} gzip ` +
        `(${kib(sizes.rendererStartGzipBytes)} at start + ${kib(sizes.rendererLargestLazyGzipBytes)} lazy; ` +
        `${kib(sizes.rendererJsBytes)} raw; all ${sizes.rendererJsFiles} file${sizes.rendererJsFiles === 1 ? '' : 's'} ` +
        `together ${kib(sizes.rendererAllJsGzipBytes)} gzip)`,
      target: '≤ 90 KB gzip',
      verdict: sizes.rendererJsGzipBytes <= 90 * 1024 ? 'met' : 'missed',
    },
    {
      metric: 'Main bundle (out/main + out/preload; node_modules dependencies external)',
      value: `${kib(sizes.mainBytes)} raw (${kib(sizes.mainGzipBytes)} gzip)`,
      target: 'reference',
      verdict: 'info',
    },
  ];
}

/** The app's build and the browser, made on the first part that needs them. */
let build: ReturnType<typeof buildApp> | undefined;
function builtApp(): ReturnType<typeof buildApp> {
  if (build === undefined) {
    progress('building the app (electron-vite) into test-output/build/bench');
    build = buildApp('bench');
  }
  return build;
}
let browser: Promise<Browser> | undefined;
function openBrowser(): Promise<Browser> {
  browser ??= launchBrowser(fullChromium);
  return browser;
}

/** The table's parts, in its order: what each row says when it could not be measured, and how it is measured. */
const parts = {
  'sign-in': { metrics: ['Approval → signed in'], measure: async () => latencyRows(await openBrowser()) },
  'time-to-code': { metrics: ['Time to code'], measure: async () => timeToCodeRows(await openBrowser(), (await builtApp()).rendererDir) },
  bundles: { metrics: ['Bundle sizes'], measure: async () => bundleRows((await builtApp()).outDir) },
  'main-import': { metrics: ['Main bundle import'], measure: async () => measureMainImport((await builtApp()).outDir) },
  refresh: {
    metrics: ['Refresh coalescing and long run'],
    measure: async () => refreshRows(await measureRefresh(await openBrowser(), { cycles: refreshCycles, sampleAfter: heapSampleAfter })),
  },
  dpop: { metrics: ['DPoP proof', 'authorizedFetch round trip'], measure: async () => dpopRows(await measureDPoPCosts(dpopSamples)) },
  'cli-start': { metrics: ['CLI start-up'], measure: measureCliStart },
} satisfies Record<string, { readonly metrics: readonly string[]; readonly measure: () => Promise<Row[]> }>;
type Part = keyof typeof parts;
const partNames = Object.keys(parts) as Part[];

/** The parts `--only` names, or all of them. */
function chosenParts(args: readonly string[]): Part[] {
  const { values } = parseArgs({ args: [...args], options: { only: { type: 'string', multiple: true } }, strict: true });
  const named = (values.only ?? []).flatMap((value) => value.split(',')).filter((name) => name !== '');
  const unknown = named.filter((name) => !(partNames as string[]).includes(name));
  if (unknown.length > 0) throw new Error(`no bench part named ${unknown.join(', ')}; the parts are ${partNames.join(', ')}`);
  return named.length === 0 ? partNames : partNames.filter((name) => named.includes(name));
}

let chosen: Part[];
try {
  chosen = chosenParts(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}

const started = performance.now();
const load = loadAtStart();
const rows: Row[] = [];
let chromiumVersion: string | undefined;
try {
  for (const name of chosen) rows.push(...(await section(parts[name].metrics, parts[name].measure)));
  chromiumVersion = browser === undefined ? undefined : (await browser.catch(() => undefined))?.version();
} finally {
  await (await browser?.catch(() => undefined))?.close();
}
progress(`done in ${seconds(performance.now() - started)}`);
console.log(renderTable(rows));
console.log('');
console.log(describeMachine(chromiumVersion, load));
process.exitCode = failedSections.length > 0 ? 1 : 0;
