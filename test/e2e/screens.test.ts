/**
 * Every screen of the sign-in window, rendered by the real built renderer in Chromium through
 * the bridge, driven by a scripted flow so that brief or rare states (requesting, slowed down,
 * each retry reason, errors) can be looked at: screenshots in light and dark, axe in both,
 * and the promises the layout makes (no jumping, a readable QR, a code read out letter by letter).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowState } from '../../src/shared/flow-state.ts';
import { errorCodes } from '../../src/shared/flow-state.ts';
import { buildApp } from '../support/built-app.ts';
import { launchBrowser } from '../support/phone.ts';
import { serveRenderer, type RendererBridge } from '../support/renderer-bridge.ts';
import { createScriptedFlow } from '../support/scripted-flow.ts';
import { captureScreen, readQrFromScreen } from '../support/window-checks.ts';

const flow = createScriptedFlow();
let browser: Browser;
let context: BrowserContext;
let page: Page;
let bridge: RendererBridge;

const verificationUri = 'https://login.example.test/device';
const awaiting = (extra: Partial<Extract<FlowState, { status: 'awaiting_user' }>> = {}): FlowState => ({
  status: 'awaiting_user',
  userCode: 'WDJB-MJHT',
  verificationUri,
  verificationUriComplete: `${verificationUri}?user_code=WDJB-MJHT`,
  expiresAt: Date.now() + 9 * 60_000 + 41_000,
  interval: 5,
  slowedDown: false,
  ...extra,
});

let builtRendererDir: string;

async function show(state: FlowState): Promise<void> {
  flow.show(state);
  await page.locator(`main[data-status="${state.status}"]`).waitFor();
}

beforeAll(async () => {
  const [{ rendererDir }, launched] = await Promise.all([buildApp('screens'), launchBrowser()]);
  browser = launched;
  builtRendererDir = rendererDir;
  bridge = await serveRenderer({ flow, environment: { demo: true, issuer: 'http://127.0.0.1:3000', managed: [] }, rendererDir });
  context = await browser.newContext({ viewport: { width: 460, height: 720 } });
  page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(bridge.url);
  await page.locator('main[data-status="idle"]').waitFor();
  expect(pageErrors, 'no CSP violation or script error while loading').toEqual([]);
});

afterAll(async () => {
  await context.close();
  await browser.close();
  await bridge.close();
});

describe('the sign-in window before a code', () => {
  it('offers to sign in, says it is a demo, and names the provider', async () => {
    await show({ status: 'idle' });
    await expect(page.getByRole('button', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('.demo-notice').textContent()).resolves.toContain('Demo.');
    // The demo runs on 127.0.0.1 here: a phone cannot open that QR code, and the window says how to fix it.
    await expect(page.locator('.demo-notice').textContent()).resolves.toContain('DEVICE_SIGNIN_DEMO_LAN=1');
    await expect(page.locator('.provider-line').textContent()).resolves.toBe('Signing in with 127.0.0.1:3000');
    expect(await captureScreen(page, 'idle')).toEqual([]);
  });

  it('asks the flow to start when "Sign in" is pressed with the keyboard', async () => {
    await show({ status: 'idle' });
    const before = flow.calls.length;
    await page.keyboard.press('Tab');
    await expect(page.locator('button:focus').textContent()).resolves.toBe('Sign in');
    await page.keyboard.press('Enter');
    await expect.poll(() => flow.calls.slice(before)).toEqual(['start']);
  });

  it('shows a quiet spinner while getting a code', async () => {
    await show({ status: 'requesting' });
    await expect(page.locator('.spinner').isVisible()).resolves.toBe(true);
    expect(await captureScreen(page, 'requesting')).toEqual([]);
  });
});

describe('the sign-in window showing a code', () => {
  it('shows the code as the server grouped it, spelled out for screen readers, and a QR of the complete URL', async () => {
    await show(awaiting());
    await expect(page.getByTestId('user-code').textContent()).resolves.toBe('WDJB-MJHT');
    await expect(page.locator('.user-code .sr-only').first().textContent()).resolves.toBe(
      'Your code: W D J B dash M J H T',
    );
    await expect(page.getByTestId('verification-uri').textContent()).resolves.toBe(verificationUri);
    await expect(page.locator('.countdown').textContent()).resolves.toMatch(/^Code expires in 9:[34]\d$/);
    await expect(readQrFromScreen(page)).resolves.toBe(`${verificationUri}?user_code=WDJB-MJHT`);
    // Modules as drawn on screen: the rendered width over the modules across (quiet zone included).
    const qr = page.locator('svg.qr');
    const modulesAcross = Number((await qr.getAttribute('viewBox'))?.split(' ')[2]);
    const drawnWidth = (await qr.boundingBox())?.width ?? 0;
    expect(drawnWidth / modulesAcross).toBeGreaterThanOrEqual(4);
    expect(await captureScreen(page, 'awaiting-user')).toEqual([]);
  });

  it('falls back to a QR of the plain verification URL when there is no complete one', async () => {
    const { verificationUriComplete: _none, ...plain } = awaiting() as Extract<FlowState, { status: 'awaiting_user' }>;
    await show({ ...plain, userCode: 'BCDF-GHJK' });
    await page.getByTestId('user-code').filter({ hasText: 'BCDF-GHJK' }).waitFor();
    await expect(readQrFromScreen(page)).resolves.toBe(verificationUri);
  });

  it('keeps the QR dark on light in dark mode', async () => {
    await show(awaiting());
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(readQrFromScreen(page)).resolves.toBe(`${verificationUri}?user_code=WDJB-MJHT`);
    await expect(page.locator('svg.qr rect').getAttribute('fill')).resolves.toBe('#ffffff');
    await expect(page.locator('svg.qr path').getAttribute('fill')).resolves.toBe('#000000');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});

describe('the sign-in window while the user approves', () => {
  it('can be worked with the keyboard alone: copy, open, cancel, in that order', async () => {
    await show(awaiting());
    await page.locator('h1:focus').waitFor();
    const focusedButton = async (): Promise<string | null> => {
      await page.keyboard.press('Tab');
      return page.locator('button:focus').textContent();
    };
    await expect(focusedButton()).resolves.toBe('Copy code');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    await expect(focusedButton()).resolves.toBe('Open in browser');
    await expect(focusedButton()).resolves.toBe('Cancel');
    const before = flow.calls.length;
    await page.keyboard.press('Space');
    await expect.poll(() => flow.calls.slice(before)).toEqual(['cancel']);
  });

  it('confirms a copy with "Copied" and copies the code through main', async () => {
    await show(awaiting());
    await page.getByRole('button', { name: 'Copy code' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(bridge.copied.at(-1)).toBe('WDJB-MJHT');
  });

  it('opens only the verification page in the browser', async () => {
    await show(awaiting());
    await page.getByRole('button', { name: 'Open in browser' }).click();
    await expect.poll(() => bridge.opened.at(-1)).toBe(`${verificationUri}?user_code=WDJB-MJHT`);
  });

  it('switches between waiting, slowed down and retrying without moving the code or the QR', async () => {
    const boxes = async (): Promise<unknown[]> =>
      Promise.all(['svg.qr', '[data-testid=user-code]', '.polling-status', '.actions'].map((s) => page.locator(s).boundingBox()));
    const statusText = (): Promise<string | null> => page.locator('.polling-status [role=status]').textContent();

    await show(awaiting());
    const layout = await boxes();
    await expect(statusText()).resolves.toBe('Waiting for you to approve on your phone…');

    await show(awaiting({ slowedDown: true, interval: 10 }));
    await expect.poll(statusText).toContain('check less often (every 10 seconds)');
    expect(await boxes()).toEqual(layout);
    expect(await captureScreen(page, 'awaiting-slowed-down')).toEqual([]);

    const retryingSentences = {
      network: "Can't reach the sign-in server. Retrying automatically.",
      timeout: 'The sign-in server is not answering. Retrying automatically.',
      server_error: 'The sign-in server had a problem. Retrying automatically.',
      rate_limited: 'The sign-in server is busy. Retrying automatically.',
    } as const;
    for (const [reason, sentence] of Object.entries(retryingSentences)) {
      await show(awaiting({ retrying: { reason: reason as keyof typeof retryingSentences, attempt: 3, nextAttemptAt: Date.now() + 8_000 } }));
      await expect.poll(statusText).toBe(sentence);
      await expect(page.locator('.retry-in').textContent()).resolves.toMatch(/Next try in \d s \(attempt 3\)/);
      expect(await boxes()).toEqual(layout);
    }
    await show(awaiting({ retrying: { reason: 'network', attempt: 2, nextAttemptAt: Date.now() + 8_000 } }));
    expect(await captureScreen(page, 'awaiting-offline-retrying')).toEqual([]);
  });
});

describe('the sign-in window when the sign-in does not happen', () => {
  it('offers a new code in one click when the code expired', async () => {
    await show({ status: 'expired' });
    const before = flow.calls.length;
    await page.getByRole('button', { name: 'Get a new code' }).click();
    await expect.poll(() => flow.calls.slice(before)).toEqual(['start']);
    expect(await captureScreen(page, 'expired')).toEqual([]);
  });

  it('says the sign-in was declined, with what the server said, and offers to try again', async () => {
    await show({ status: 'denied', description: 'End-User aborted interaction' });
    await expect(page.locator('.server-said').textContent()).resolves.toContain('End-User aborted interaction');
    await expect(page.getByRole('button', { name: 'Try again' }).isVisible()).resolves.toBe(true);
    expect(await captureScreen(page, 'denied')).toEqual([]);
  });

  it('turns every error code into one sentence, with details on demand', async () => {
    for (const code of errorCodes) {
      await show({ status: 'error', code, message: `technical message for ${code}` });
      await page.locator('.view.error').waitFor();
      const sentence = await page.locator('.view.error > p').first().textContent();
      expect(sentence, code).toMatch(/^[A-Z].+\.$/);
      expect(sentence, code).not.toContain(code);
      await expect(page.locator('details').getAttribute('open')).resolves.toBeNull();
    }
    await show({
      status: 'error',
      code: 'network',
      message: 'The discovery request failed: connect ECONNREFUSED 127.0.0.1:3000',
    });
    await page.getByText('Details').click();
    await expect(page.locator('details dd').nth(1).textContent()).resolves.toContain('ECONNREFUSED');
    expect(await captureScreen(page, 'error')).toEqual([]);
  });
});

describe('the sign-in window once signed in', () => {
  it('shows who is signed in, with initials and the hardware-verified badge', async () => {
    await show({
      status: 'signed_in',
      profile: {
        issuer: 'http://127.0.0.1:3000',
        sub: 'ada',
        name: 'Ada Lovelace',
        email: 'ada@example.test',
        hardware_verified: true,
      },
      persistence: 'stored',
    });
    await expect(page.getByTestId('profile-name').textContent()).resolves.toBe('Ada Lovelace');
    await expect(page.locator('.avatar').textContent()).resolves.toBe('AL');
    await expect(page.locator('.badge').textContent()).resolves.toContain('Hardware-verified');
    await expect(page.locator('.sr-only[role=status]').last().textContent()).resolves.toBe('Signed in as Ada Lovelace.');
    expect(await captureScreen(page, 'signed-in-hardware')).toEqual([]);
    const before = flow.calls.length;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => flow.calls.slice(before)).toEqual(['signOut']);
  });

  it('leaves the badge out when the provider does not assert hardware', async () => {
    await show({
      status: 'signed_in',
      profile: { issuer: 'http://127.0.0.1:3000', sub: 'bob', email: 'bob@example.test' },
      persistence: 'stored',
    });
    // The screen before was signed in too, so wait for this profile before judging what is missing.
    await expect.poll(() => page.getByTestId('profile-name').textContent()).toBe('bob@example.test');
    await expect(page.locator('.badge').count()).resolves.toBe(0);
    await expect(page.locator('.notice').count()).resolves.toBe(0);
  });

  it('says when the sign-in will last only until the app quits', async () => {
    await show({
      status: 'signed_in',
      profile: { issuer: 'http://127.0.0.1:3000', sub: 'bob', name: 'Bob Stone' },
      persistence: 'session_only',
    });
    await expect(page.locator('.notice').textContent()).resolves.toContain('lasts until you quit the app');
    expect(await captureScreen(page, 'signed-in-session-only')).toEqual([]);
  });

  it('shows a quiet spinner while opening a saved sign-in and while signing out', async () => {
    await show({ status: 'restoring' });
    await page.getByRole('heading', { name: 'Opening your saved sign-in…' }).waitFor();
    expect(await captureScreen(page, 'restoring')).toEqual([]);
    await show({ status: 'signing_out' });
    await page.getByRole('heading', { name: 'Signing out…' }).waitFor();
    await expect(page.getByRole('button').count()).resolves.toBe(0);
    expect(await captureScreen(page, 'signing-out')).toEqual([]);
    // Signed out while offline: local data is gone, and the window says the provider was not told.
    await show({ status: 'idle', notice: { code: 'revocation_failed', message: 'offline' } });
    await page.locator('.notice[data-notice="revocation_failed"]').waitFor();
    expect(await captureScreen(page, 'idle-signed-out-offline')).toEqual([]);
  });
});

describe('the sign-in window once signed out', () => {
  it('tells a signed-out person why, in words, next to "Sign in"', async () => {
    for (const code of ['session_ended', 'storage_damaged', 'revocation_failed', 'storage_unavailable'] as const) {
      await show({ status: 'idle', notice: { code, message: `technical message for ${code}` } });
      const notice = page.locator(`.notice[data-notice="${code}"]`);
      await notice.waitFor();
      await expect(notice.textContent()).resolves.toMatch(/^[A-Z].+\.$/);
    }
    await show({ status: 'idle', notice: { code: 'session_ended', message: 'refresh token revoked' } });
    await page.locator('.notice[data-notice="session_ended"]').waitFor();
    expect(await captureScreen(page, 'idle-session-ended')).toEqual([]);
  });

  it('says truly what the provider did at sign-out: refused, unreachable, failing, or offering no way', async () => {
    const validUntil = Date.UTC(2026, 11, 1, 15, 30);
    const expected = {
      refused: /refused to end the session there/,
      unreachable: /couldn't be reached/,
      server_error: /had a problem/,
      unsupported: /offers no way to end the session/,
    } as const;
    for (const [revocation, words] of Object.entries(expected) as [keyof typeof expected, RegExp][]) {
      await show({ status: 'idle', notice: { code: 'revocation_failed', message: 'technical', revocation, validUntil } });
      const notice = page.locator(`.notice[data-notice="revocation_failed"]`);
      await expect.poll(() => notice.textContent()).toMatch(words);
      await expect(notice.textContent()).resolves.toMatch(/valid until .*2026/);
    }
    await show({ status: 'idle', notice: { code: 'revocation_failed', message: 'technical', revocation: 'refused', validUntil } });
    await expect.poll(() => page.locator('.notice').textContent()).not.toMatch(/couldn't be reached/);
    expect(await captureScreen(page, 'idle-signed-out-refused')).toEqual([]);
  });

  it('never stores silently where tokens cannot be protected: signing in is then an explicit session-only choice', async () => {
    await show({ status: 'idle', notice: { code: 'storage_unavailable', message: 'This desktop has no keyring.' } });
    const before = flow.calls.length;
    await page.getByRole('button', { name: 'Stay signed in for this session only' }).click();
    await expect.poll(() => flow.calls.slice(before)).toEqual(['startSessionOnly']);
    expect(await captureScreen(page, 'idle-storage-unavailable')).toEqual([]);
    await show({ status: 'error', code: 'storage_unavailable', message: 'No keyring.' });
    await page.getByRole('button', { name: 'Stay signed in for this session only' }).click();
    await expect.poll(() => flow.calls.slice(before)).toEqual(['startSessionOnly', 'startSessionOnly']);
  });
});

describe('the sign-in window on every screen', () => {
  it('shows a provider the organization locked as managed, and says nothing of the kind otherwise', async () => {
    await expect(page.locator('.provider-line .managed').count()).resolves.toBe(0);
    const managed = await serveRenderer({
      flow,
      environment: { demo: false, issuer: 'https://login.corp.example', managed: ['issuer', 'clientId'] },
      rendererDir: builtRendererDir,
    });
    const other = await context.newPage();
    try {
      await other.goto(managed.url);
      await expect(other.locator('.provider-line').textContent()).resolves.toBe('Signing in with login.corp.example · managed by your organization');
      await expect(other.locator('.demo-notice').count()).resolves.toBe(0);
    } finally {
      await other.close();
      await managed.close();
    }
  });

  it('moves focus to the new screen and shows where it is', async () => {
    await show({ status: 'expired' });
    await expect(page.locator('h1:focus').textContent()).resolves.toBe('This code has expired');
    await page.keyboard.press('Tab');
    await expect(page.locator('button:focus').textContent()).resolves.toBe('Get a new code');
    await expect(page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle')).resolves.toBe('solid');
  });
});
