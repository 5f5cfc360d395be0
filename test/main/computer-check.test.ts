/**
 * "Check this computer" in main: the checks run with the app's own settings, one run at a time;
 * the window gets the report's facts without paths, details or tokens; "Copy report" puts the
 * whole report on the clipboard, redacted as the log is. The core's checks are a stand-in here
 * (test/core/diagnostics and the window's end-to-end test run the real ones).
 */
import { describe, expect, it } from 'vitest';
import type { DiagnosticsInput } from '../../src/core/diagnostics/diagnose.ts';
import type { DiagnosticReport } from '../../src/core/diagnostics/report.ts';
import { reportOf } from '../../src/core/diagnostics/report.ts';
import { createRedactingLog, createRedactor } from '../../src/core/log.ts';
import { computerCheck, routeTo } from '../../src/main/computer-check.ts';
import { loadAppSettings } from '../../src/main/provider-config.ts';
import { createRequestHandlers } from '../../src/main/request-handlers.ts';
import { recordingDesktop } from '../support/recording-desktop.ts';
import { createScriptedFlow } from '../support/scripted-flow.ts';

const idleFlow = createScriptedFlow();

const policyPath = '/etc/device-signin/policy.json';
const idToken = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl';

/** A report as the core makes it, with what must stay in main: file paths, an OS error's text, a JWT in a detail. */
const found: DiagnosticReport = reportOf([
  { name: 'app', status: 'ok', code: 'version', facts: { version: '1.2.3', platform: 'linux', arch: 'x64', runtime: 'electron 45.4.1' } },
  {
    name: 'policy',
    status: 'ok',
    code: 'applied',
    facts: {
      sources: [{ kind: 'policy-file', name: policyPath }],
      settings: [{ key: 'tokenStorage', source: 'policy-file', locked: true, lockedBy: policyPath }],
    },
  },
  { name: 'name', status: 'ok', code: 'resolved', facts: { host: 'login.example.test', addresses: ['192.0.2.7'] } },
  {
    name: 'connection',
    status: 'problem',
    code: 'refused',
    facts: { host: 'login.example.test', port: 443, detail: 'connect ECONNREFUSED' },
  },
  { name: 'tls', status: 'skipped', code: 'after_problem', facts: { after: 'connection' } },
  {
    name: 'discovery',
    status: 'problem',
    code: 'failed',
    facts: { url: 'https://login.example.test/.well-known/openid-configuration', errorCode: 'network', detail: `Bearer ${idToken}` },
  },
  { name: 'keyring', status: 'ok', code: 'not_used', facts: { why: 'session_only_policy' } },
  {
    name: 'session',
    status: 'ok',
    code: 'kept',
    facts: {
      issuer: 'https://login.example.test',
      account: 'ada@example.test',
      expiresAt: '2026-12-01T10:00:00.000Z',
      refreshable: true,
      dpopKey: true,
      vault: 'keyring',
    },
  },
]);

function handlersWith(checkComputer: () => Promise<DiagnosticReport>, redact?: (text: string) => string) {
  const desktop = recordingDesktop();
  const handlers = createRequestHandlers({
    flow: idleFlow,
    environment: { demo: false, issuer: 'https://login.example.test', managed: [] },
    writeClipboardText: desktop.writeClipboardText,
    openExternal: desktop.openExternal,
    reportUnexpected: () => undefined,
    appVersion: '1.2.3',
    now: () => new Date(Date.UTC(2026, 11, 1, 9, 30)),
    checkComputer,
    ...(redact === undefined ? {} : { redact }),
  });
  return { handlers, copied: desktop.copied };
}

describe('"Check this computer" through main', () => {
  it('gives the window the facts it words, and no file path, OS detail or token', async () => {
    const { handlers } = handlersWith(() => Promise.resolve(found));
    const report = await handlers['sign-in:check-computer']();
    const sent = JSON.stringify(report);
    for (const secret of [policyPath, 'ECONNREFUSED', idToken, '.well-known']) expect(sent).not.toContain(secret);
    expect(report.checks.map((check) => `${check.status} ${check.name}.${check.code}`)).toEqual(
      found.checks.map((check) => `${check.status} ${check.name}.${check.code}`),
    );
    expect(report.checks[1]?.facts).toEqual({
      sources: ['policy-file'],
      settings: [{ key: 'tokenStorage', source: 'policy-file', locked: true }],
    });
    expect(report.checks[5]?.facts).toEqual({ host: 'login.example.test', errorCode: 'network' });
    expect(report.checks[7]?.facts).toMatchObject({
      account: 'ada@example.test',
      expiresAt: Date.UTC(2026, 11, 1, 10),
      dpopKey: true,
      vault: 'keyring',
    });
    expect(report.summary).toEqual({ ok: 5, warning: 0, problem: 2, skipped: 1 });
  });

  it('copies nothing before a report, then the whole report with its paths, redacted as the log is', async () => {
    const redactor = createRedactor();
    const logged: string[] = [];
    const log = createRedactingLog((line) => logged.push(line), undefined, redactor);
    log.secret('ada@example.test');
    const { handlers, copied } = handlersWith(() => Promise.resolve(found), redactor.scrub);
    await expect(handlers['sign-in:copy-report']()).resolves.toBe(false);
    await handlers['sign-in:check-computer']();
    await expect(handlers['sign-in:copy-report']()).resolves.toBe(true);
    const text = copied.at(-1) ?? '';
    expect(text.split('\n').slice(0, 2)).toEqual(['Device Sign-In 1.2.3: check this computer', 'Time: 2026-12-01T09:30:00.000Z']);
    expect(text).toContain(`problem  connection: refused {"host":"login.example.test","port":443,"detail":"connect ECONNREFUSED"}`);
    expect(text).toContain(`"lockedBy":"${policyPath}"`);
    expect(text).not.toContain(idToken);
    expect(text).toContain('Bearer [redacted]');
    // The secret the log was told of is gone from the report as from the log.
    expect(text).not.toContain('ada@example.test');
    expect(text.split('\n').at(-1)).toBe('Summary: 5 ok, 0 warning, 2 problem, 1 skipped');
  });

  it('runs one check at a time: a second request while one runs gets its report, a later one runs again', async () => {
    let runs = 0;
    let finish: (report: DiagnosticReport) => void = () => undefined;
    const { handlers } = handlersWith(() => {
      runs += 1;
      return new Promise((resolve) => (finish = resolve));
    });
    const first = handlers['sign-in:check-computer']();
    const second = handlers['sign-in:check-computer']();
    finish(found);
    await expect(Promise.all([first, second]).then(([a, b]) => a === b || JSON.stringify(a) === JSON.stringify(b))).resolves.toBe(true);
    expect(runs).toBe(1);
    const third = handlers['sign-in:check-computer']();
    finish(reportOf([]));
    await expect(third).resolves.toEqual({ checks: [], summary: { ok: 0, warning: 0, problem: 0, skipped: 0 } });
    expect(runs).toBe(2);
  });

  it('fails the request where main was given no way to check', async () => {
    const handlers = createRequestHandlers({
      flow: idleFlow,
      environment: { demo: true, issuer: 'http://127.0.0.1:1', managed: [] },
      writeClipboardText: () => Promise.resolve(),
      openExternal: () => Promise.resolve(),
      reportUnexpected: () => undefined,
      appVersion: '1.2.3',
    });
    await expect(handlers['sign-in:check-computer']()).rejects.toThrow('no way to check');
  });
});

describe("what the checks are given: the app's own settings", () => {
  const read = (files: Record<string, string>) => (path: string) => Promise.resolve(files[path]);
  const settingsFrom = (policy: object) =>
    loadAppSettings({
      env: {},
      systemPolicyPath: policyPath,
      bundledPolicyPath: undefined,
      read: read({ [policyPath]: JSON.stringify(policy) }),
    });

  function checkWith(settings: Awaited<ReturnType<typeof settingsFrom>>, proxyAnswer = 'DIRECT') {
    const given: DiagnosticsInput[] = [];
    const config = settings.choice.kind === 'configured' ? settings.choice.config : undefined;
    const run = computerCheck({
      settings: () => settings,
      client: () => (config === undefined ? undefined : { config, kept: () => Promise.resolve({ record: undefined, vault: 'keyring' }) }),
      fetch: () => Promise.reject(new Error('not called by the stand-in')),
      resolveProxy: () => Promise.resolve(proxyAnswer),
      certificates: () => ({ system: ['system PEM'], bundled: [] }),
      probeKeyring: () => Promise.resolve({ usable: true }),
      app: { version: '1.2.3', platform: 'linux', arch: 'x64', runtime: 'electron 45.4.1' },
      diagnose: (input) => {
        given.push(input);
        return Promise.resolve(reportOf([]));
      },
    });
    return { run, given };
  }

  it("checks the configured issuer through the proxy Chromium resolves for it, the system's when no setting chose it", async () => {
    const settings = await settingsFrom({
      issuer: 'https://login.example.test',
      clientId: 'desktop',
      tokenStorage: 'session-only',
      locked: ['tokenStorage'],
    });
    const { run, given } = checkWith(settings, 'PROXY proxy.corp.example:3128; DIRECT');
    await run();
    const input = given[0];
    expect(input?.issuer?.config.issuer).toBe('https://login.example.test');
    expect(input?.issuer?.route).toEqual({ kind: 'proxy', url: new URL('http://proxy.corp.example:3128'), source: { setting: 'default' } });
    expect(input?.issuer?.stores).toEqual({ system: ['system PEM'], bundled: [], caFile: [] });
    expect(input?.keyring).toEqual({ kind: 'not_used', why: 'session_only_policy' });
    expect(input && 'resolved' in input.settings ? input.settings.resolved.lockedBy('tokenStorage') : undefined).toBe(policyPath);
    await expect(input?.session?.()).resolves.toEqual({ record: undefined, vault: 'keyring' });
  });

  it("reports settings the app cannot use as the policy check's problem, and checks no issuer then", async () => {
    const settings = await settingsFrom({ issuer: 'https://login.example.test', clientId: 'desktop', caFile: '/nowhere/ca.pem' });
    const { run, given } = checkWith(settings);
    await run();
    expect(given[0]?.settings).toMatchObject({ failure: { errorCode: 'invalid_config', problem: { rule: 'config.caFileUnreadable' } } });
    expect(given[0]?.issuer).toBeUndefined();
    const halfConfigured = await settingsFrom({ issuer: 'https://login.example.test' });
    const second = checkWith(halfConfigured);
    await second.run();
    expect(second.given[0]?.settings).toMatchObject({ failure: { errorCode: 'invalid_config' } });
    expect(second.given[0]?.keyring).toMatchObject({ kind: 'probe', fileAllowed: false });
  });

  it("reads Chromium's answer for the route: an https proxy, direct, and plain http never through a proxy", async () => {
    const source = { setting: 'policy-file' } as const;
    const issuer = new URL('https://login.example.test');
    await expect(routeTo(issuer, () => Promise.resolve('HTTPS gw.corp.example:443'), source)).resolves.toEqual({
      kind: 'proxy',
      url: new URL('https://gw.corp.example:443'),
      source,
    });
    await expect(routeTo(issuer, () => Promise.resolve('DIRECT'), source)).resolves.toEqual({ kind: 'direct' });
    await expect(routeTo(new URL('http://127.0.0.1:3000'), () => Promise.resolve('PROXY p:1'), source)).resolves.toEqual({
      kind: 'direct',
    });
  });
});
