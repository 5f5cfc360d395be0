/**
 * "Check this computer" end to end through the bridge: the built window in Chromium asks main's
 * request handlers, which run the core's real checks against a real provider on loopback (the
 * embedded oidc-provider demo) with the settings a policy file gives, the way the app's main
 * wires them (src/main/app-computer-check.ts; Node's fetch stands in for Chromium's, and the
 * proxy resolver answers DIRECT, since plain http on loopback never asks it). In English from an
 * error's Details, in Arabic from the signed-in screen with the issuer gone; axe-clean both times.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { getCACertificates } from 'node:tls';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLog } from '../../src/core/log.ts';
import { readPolicyFileIfPresent } from '../../src/core/policy/policy.ts';
import { type DemoProvider, startDemoProvider } from '../../src/demo-provider/provider.ts';
import { openLogoFile, windowEnvironment } from '../../src/main/branding.ts';
import { computerCheck } from '../../src/main/computer-check.ts';
import { type FollowedSignIn, followPolicy } from '../../src/main/policy-follower.ts';
import { loadAppSettings } from '../../src/main/provider-config.ts';
import { setUpSignIn } from '../../src/main/sign-in-setup.ts';
import { buildApp } from '../support/built-app.ts';
import { createMemoryVault } from '../support/memory-vault.ts';
import { openedVault } from '../support/opened-vault.ts';
import { launchBrowser } from '../support/phone.ts';
import { type RendererBridge, serveRenderer } from '../support/renderer-bridge.ts';
import { signedIn } from '../support/screen-states.ts';
import { createScriptedFlow } from '../support/scripted-flow.ts';
import { captureScreen } from '../support/window-checks.ts';

let demo: DemoProvider;
let browser: Browser;
let bridge: RendererBridge;
let followed: FollowedSignIn;
let policyPath: string;
const flow = createScriptedFlow({ status: 'error', code: 'network', message: 'fetch failed' });
const pageErrors: string[] = [];

/** The system policy file: the issuer and client, and sessions kept for this session only, locked. */
async function writePolicy(issuer: string, clientId: string): Promise<void> {
  await writeFile(policyPath, JSON.stringify({ issuer, clientId, tokenStorage: 'session-only', locked: ['tokenStorage'] }));
  await followed.refresh();
}

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemoProvider(), launchBrowser()]);
  policyPath = join(await mkdtemp(join(tmpdir(), 'device-signin-check-')), 'policy.json');
  await writeFile(
    policyPath,
    JSON.stringify({ issuer: demo.issuer, clientId: demo.clientId, tokenStorage: 'session-only', locked: ['tokenStorage'] }),
  );
  followed = await followPolicy({
    load: () => loadAppSettings({ env: {}, systemPolicyPath: policyPath, bundledPolicyPath: undefined, read: readPolicyFileIfPresent }),
    open: (settings) => setUpSignIn({ choice: settings.choice, fetch: globalThis.fetch, vault: openedVault(createMemoryVault()) }),
    describe: (settings, setup) => windowEnvironment(settings, setup, openLogoFile),
    log: silentLog,
  });
  const check = computerCheck({
    settings: () => followed.settings(),
    client: () => followed.client(),
    fetch: globalThis.fetch,
    resolveProxy: () => Promise.resolve('DIRECT'),
    certificates: () => ({ system: getCACertificates('system'), bundled: getCACertificates('bundled') }),
    probeKeyring: () => Promise.reject(new Error('the policy keeps sessions for this session only: no probe')),
    app: { version: '1.2.3', platform: process.platform, arch: process.arch, runtime: `node ${process.versions.node}` },
  });
  const { rendererDir } = await buildApp('computer-check');
  bridge = await serveRenderer({ flow, environment: followed.environment(), rendererDir, checkComputer: check });
});

afterAll(async () => {
  expect(pageErrors, 'no script error or CSP violation').toEqual([]);
  await bridge.close();
  await followed.close();
  await browser.close();
  await demo.close();
});

async function openWindow(locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 460, height: 900 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${locale}: ${error.message}`));
  await page.goto(bridge.url);
  await page.locator('main:not([data-status=loading])').waitFor();
  return page;
}

/** Each check's status, by name, as its icon names it. */
async function statuses(page: Page): Promise<Record<string, string | null>> {
  const lines = page.locator('.report-checks > li');
  const found: Record<string, string | null> = {};
  for (let index = 0; index < (await lines.count()); index += 1) {
    const line = lines.nth(index);
    found[(await line.getAttribute('data-check')) ?? ''] = await line.getByRole('img').getAttribute('aria-label');
  }
  return found;
}

describe('"Check this computer" in the window', () => {
  it("from an error's Details, checks this computer against the provider, says each finding, and copies the report", async () => {
    const page = await openWindow('en-US');
    await page.locator('.view.error details summary').click();
    await page.getByRole('button', { name: 'Check this computer' }).click();
    await page.locator('.report-checks').waitFor({ timeout: 30_000 });
    const host = new URL(demo.issuer).host;
    await expect(statuses(page)).resolves.toEqual({
      app: 'OK',
      policy: 'OK',
      name: 'OK',
      connection: 'OK',
      tls: 'Not checked',
      discovery: 'OK',
      device_endpoint: 'OK',
      clock: 'OK',
      keyring: 'OK',
      session: 'OK',
    });
    const text = await page.locator('.report-checks').innerText();
    expect(text).toContain("Your organization's policy comes from the policy file.");
    expect(text).toContain('tokenStorage\u2069: set by the policy file, locked');
    expect(text).toContain(`Connected to \u2066${host}\u2069 directly.`);
    expect(text).toContain('Not used: your organization keeps sign-ins for this session only.');
    expect(text, "the page never holds the policy file's path").not.toContain(policyPath);
    expect(await captureScreen(page, 'computer-check-en')).toEqual([]);
    await page.getByRole('button', { name: 'Copy report' }).click();
    await page.getByRole('button', { name: 'Report copied' }).waitFor();
    const copied = bridge.copied.at(-1) ?? '';
    expect(copied).toMatch(/^ok {7}discovery: found \{"url":"http:\/\/127\.0\.0\.1:\d+\/\.well-known\/openid-configuration","status":200/m);
    expect(copied, 'the help desk gets the file that locks the setting').toContain(`"lockedBy":"${policyPath}"`);
    await page.getByRole('button', { name: 'Back' }).click();
    await page.locator('.view.error').waitFor();
    await page.context().close();
  });

  it('in Arabic, from the signed-in screen, says what stands in the way when the provider cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await writePolicy(`http://127.0.0.1:${String(deadPort)}`, demo.clientId);
    flow.show(signedIn());
    const page = await openWindow('ar');
    await expect(page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
    await page.getByRole('button', { name: 'فحص هذا الكمبيوتر' }).click();
    await page.locator('.report-checks').waitFor({ timeout: 30_000 });
    await expect(statuses(page)).resolves.toMatchObject({ name: 'سليم', connection: 'مشكلة', discovery: 'لم يُفحص', clock: 'لم يُفحص' });
    const connection = page.locator('li[data-check="connection"]');
    await expect(connection.textContent()).resolves.toContain(`تعذّر الاتصال بـ`);
    await expect(connection.locator('.check-next').textContent()).resolves.toContain('فريق تكنولوجيا المعلومات');
    await expect(page.locator('.report-summary').textContent()).resolves.toMatch(/مشكلة واحدة/);
    expect(await captureScreen(page, 'computer-check-ar')).toEqual([]);
    await page.getByRole('button', { name: 'رجوع' }).click();
    await page.locator('.view.signed-in').waitFor();
    await page.context().close();
  });
});
