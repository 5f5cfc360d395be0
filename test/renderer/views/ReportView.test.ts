/**
 * "Check this computer": every finding the core's checks can report, as main hands it to the
 * window (main's own conversion), worded in the window with a named status icon and, for each
 * warning and problem, what to do; "Copy report" and "Back" ask for what they say.
 */
import { describe, expect, it } from 'vitest';
import type { DiagnosticCheck } from '../../../src/core/diagnostics/report.ts';
import { reportOf } from '../../../src/core/diagnostics/report.ts';
import { windowReport } from '../../../src/main/computer-report.ts';
import type { anyCheckCodes } from '../../../src/shared/computer-report.ts';
import { viewsOfThisFile } from '../../support/view-harness.ts';

const opened = viewsOfThisFile();

type AnyCode = (typeof anyCheckCodes)[number];
type PairOf<C> = C extends DiagnosticCheck ? (C['code'] extends AnyCode ? C['code'] : `${C['name']}.${C['code']}`) : never;

const host = 'login.example.test';
const viaProxy = { proxy: 'http://proxy.corp.example:3128', proxySource: { setting: 'default' as const } };
const certificate = { subject: host, issuer: 'Corp Root CA', trustedBy: 'system' as const };
const session = { issuer: `https://${host}`, account: 'ada@example.test', refreshable: false, dpopKey: true, vault: 'keyring' };

/** One finding of each kind the core's types allow: a kind the core adds and this lacks does not compile. */
const everyFinding: { readonly [P in PairOf<DiagnosticCheck>]: DiagnosticCheck } = {
  'app.version': {
    name: 'app',
    status: 'ok',
    code: 'version',
    facts: { version: '1.2.3', platform: 'linux', arch: 'x64', runtime: 'electron 45' },
  },
  'policy.applied': {
    name: 'policy',
    status: 'ok',
    code: 'applied',
    facts: {
      sources: [{ kind: 'policy-file', name: '/etc/device-signin/policy.json' }],
      settings: [{ key: 'tokenStorage', source: 'policy-file', locked: true, lockedBy: '/etc/device-signin/policy.json' }],
    },
  },
  'policy.none': { name: 'policy', status: 'ok', code: 'none', facts: { sources: [], settings: [] } },
  'policy.unusable': { name: 'policy', status: 'problem', code: 'unusable', facts: { errorCode: 'invalid_config', detail: 'no client' } },
  'name.resolved': { name: 'name', status: 'ok', code: 'resolved', facts: { host, addresses: ['192.0.2.7', '2001:db8::7'] } },
  'name.by_proxy': { name: 'name', status: 'ok', code: 'by_proxy', facts: { host, ...viaProxy } },
  'name.not_found': { name: 'name', status: 'problem', code: 'not_found', facts: { host, detail: 'ENOTFOUND' } },
  'connection.direct': { name: 'connection', status: 'ok', code: 'direct', facts: { host, port: 443, address: '192.0.2.7' } },
  'connection.proxy': { name: 'connection', status: 'ok', code: 'proxy', facts: { host, port: 443, ...viaProxy } },
  'connection.refused': { name: 'connection', status: 'problem', code: 'refused', facts: { host, port: 443, detail: 'ECONNREFUSED' } },
  'connection.proxy_unreachable': { name: 'connection', status: 'problem', code: 'proxy_unreachable', facts: { ...viaProxy, detail: 'x' } },
  'connection.proxy_refused': { name: 'connection', status: 'problem', code: 'proxy_refused', facts: { ...viaProxy, detail: '403' } },
  'connection.proxy_auth': { name: 'connection', status: 'problem', code: 'proxy_auth', facts: { ...viaProxy, detail: '407' } },
  'tls.trusted': { name: 'tls', status: 'ok', code: 'trusted', facts: certificate },
  'tls.inspected': { name: 'tls', status: 'ok', code: 'inspected', facts: { ...certificate, ...viaProxy } },
  'tls.untrusted': { name: 'tls', status: 'problem', code: 'untrusted', facts: { ...certificate, trustedBy: 'none' } },
  'tls.inspected_untrusted': { name: 'tls', status: 'problem', code: 'inspected_untrusted', facts: { ...certificate, ...viaProxy } },
  'tls.hostname': { name: 'tls', status: 'problem', code: 'hostname', facts: { ...certificate, subject: 'other.example.test', host } },
  'tls.failed': { name: 'tls', status: 'problem', code: 'failed', facts: { detail: 'wrong version number' } },
  'discovery.found': {
    name: 'discovery',
    status: 'ok',
    code: 'found',
    facts: { url: `https://${host}/.well-known/openid-configuration`, status: 200, milliseconds: 84 },
  },
  'discovery.configured': { name: 'discovery', status: 'ok', code: 'configured', facts: { url: `https://${host}` } },
  'discovery.failed': {
    name: 'discovery',
    status: 'problem',
    code: 'failed',
    facts: { url: `https://${host}/x`, errorCode: 'network', detail: 'x' },
  },
  'device_endpoint.present': { name: 'device_endpoint', status: 'ok', code: 'present', facts: { url: `https://${host}/device` } },
  'device_endpoint.missing': { name: 'device_endpoint', status: 'problem', code: 'missing', facts: { issuer: `https://${host}` } },
  'clock.in_step': { name: 'clock', status: 'ok', code: 'in_step', facts: { skewSeconds: -1 } },
  'clock.skewed': { name: 'clock', status: 'warning', code: 'skewed', facts: { skewSeconds: -600, limitSeconds: 60 } },
  'clock.no_date': { name: 'clock', status: 'warning', code: 'no_date', facts: {} },
  'keyring.usable': { name: 'keyring', status: 'ok', code: 'usable', facts: {} },
  'keyring.not_used': { name: 'keyring', status: 'ok', code: 'not_used', facts: { why: 'session_only_policy' } },
  'keyring.file_instead': { name: 'keyring', status: 'warning', code: 'file_instead', facts: { problem: 'locked', detail: 'x' } },
  'keyring.unusable': { name: 'keyring', status: 'problem', code: 'unusable', facts: { problem: 'no_service', detail: 'x' } },
  'session.none': { name: 'session', status: 'ok', code: 'none', facts: {} },
  'session.kept': { name: 'session', status: 'ok', code: 'kept', facts: { ...session, expiresAt: '2026-12-01T10:00:00.000Z' } },
  'session.expired': { name: 'session', status: 'warning', code: 'expired', facts: session },
  'session.unreadable': { name: 'session', status: 'problem', code: 'unreadable', facts: { errorCode: 'storage_damaged', detail: 'x' } },
  no_answer: { name: 'connection', status: 'problem', code: 'no_answer', facts: { seconds: 5 } },
  after_problem: { name: 'tls', status: 'skipped', code: 'after_problem', facts: { after: 'connection' } },
  deadline: { name: 'clock', status: 'skipped', code: 'deadline', facts: {} },
  not_applicable: { name: 'tls', status: 'skipped', code: 'not_applicable', facts: {} },
};

/** The findings as lines of one report (the view keys its lines by check, so a report holds each check once). */
function reportsOfEveryFinding() {
  const findings = Object.entries(everyFinding);
  const rounds: DiagnosticCheck[][] = [];
  for (const [, check] of findings) {
    const round = rounds.find((checks) => checks.every((other) => other.name !== check.name));
    if (round === undefined) rounds.push([check]);
    else round.push(check);
  }
  return rounds.map((checks) => windowReport(reportOf(checks)));
}

const actions = { onCopy: true, onBack: null };
const statusNames = { ok: 'OK', warning: 'Warning', problem: 'Problem', skipped: 'Not checked' } as const;

describe('ReportView', () => {
  it('has a finding for each pair it is given, named as the core names it', () => {
    for (const [pair, check] of Object.entries(everyFinding)) {
      expect([check.code, `${check.name}.${check.code}`], pair).toContain(pair);
    }
  });

  it('words every finding the checks can report: a named icon, the check, what it found, and what to do when it is not fine', async () => {
    const views = opened();
    for (const report of reportsOfEveryFinding()) {
      await views.mount({ view: 'ReportView', props: {}, actions: { ...actions, onCheck: report } });
      const lines = views.page.locator('.report-checks > li');
      await lines.first().waitFor();
      await expect(lines.count()).resolves.toBe(report.checks.length);
      for (const [index, check] of report.checks.entries()) {
        const line = lines.nth(index);
        const where = `${check.name}.${check.code}`;
        await expect(line.getByRole('img').getAttribute('aria-label'), where).resolves.toBe(statusNames[check.status]);
        const text = (await line.textContent()) ?? '';
        expect(text, where).not.toMatch(/report\.|error\.|\{|\}|undefined/);
        await expect(line.locator('p').first().textContent(), where).resolves.toMatch(/\S+ .*[.)。]$/);
        const next = line.locator('.check-next');
        await expect(next.count(), where).resolves.toBe(check.status === 'warning' || check.status === 'problem' ? 1 : 0);
      }
    }
  });

  it('shows the facts as found: hosts and addresses, the proxy and where it came from, the locked settings', async () => {
    const views = opened();
    const checks = ['policy.applied', 'name.resolved', 'connection.proxy', 'clock.skewed', 'session.kept'] as const;
    const report = windowReport(reportOf(checks.map((pair) => everyFinding[pair])));
    await views.mount({ view: 'ReportView', props: {}, actions: { ...actions, onCheck: report } });
    const { page } = views;
    await page.locator('.report-checks').waitFor();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('This computer');
    await expect(page.locator('.report-summary').textContent()).resolves.toBe('4 OK, 1 warning, 0 problems.');
    const line = (name: string) => page.locator(`li[data-check="${name}"]`).textContent();
    await expect(line('policy')).resolves.toContain("Your organization's policy comes from the policy file.");
    await expect(line('policy')).resolves.toContain('tokenStorage\u2069: set by the policy file, locked');
    await expect(line('name')).resolves.toContain('192.0.2.7, 2001:db8::7');
    await expect(line('connection')).resolves.toMatch(
      /through the proxy .*proxy\.corp\.example:3128.*, from this computer's proxy settings\./,
    );
    await expect(line('clock')).resolves.toContain("clock is 600 seconds off the provider's");
    await expect(line('session')).resolves.toContain('A sign-in is saved for \u2068ada@example.test\u2069, bound to this device.');
    await expect(page.locator('main, section').first().textContent()).resolves.not.toContain('/etc/device-signin');
  });

  it('asks main to copy the report and says it did, and goes back when asked', async () => {
    const views = opened();
    const report = windowReport(reportOf([everyFinding['app.version']]));
    await views.mount({ view: 'ReportView', props: {}, actions: { ...actions, onCheck: report } });
    const { page } = views;
    await page.getByRole('button', { name: 'Copy report' }).click();
    await page.getByRole('button', { name: 'Report copied' }).waitFor();
    await expect(page.getByTestId('live-region').textContent()).resolves.toBe('Report copied to the clipboard');
    await page.getByRole('button', { name: 'Back' }).click();
    await expect(views.calls()).resolves.toEqual(expect.arrayContaining(['onCheck', 'onCopy', 'onBack']));
  });
});
