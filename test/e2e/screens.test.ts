/**
 * Every screen of the sign-in window, rendered by the real built renderer in Chromium through
 * the bridge, driven by a scripted flow so that brief or rare states (requesting, slowed down,
 * each retry reason, errors) can be looked at: screenshots in light and dark, axe in both,
 * the layout at four window sizes (the minimum, the default, a large one and 200 % zoom), and
 * the promises the screens make (a code that is the hero and never wraps, a readable QR, what
 * to check before approving, the right way out of each failure, the admin's brand).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHeading } from '../../src/renderer/src/error-messages.ts';
import { isolated } from '../../src/shared/i18n/translate.ts';
import { translateIn } from '../support/catalogs.ts';
import type { FlowState } from '../../src/shared/flow-state.ts';
import { errorCodes } from '../../src/shared/flow-state.ts';
import type { AppEnvironment } from '../../src/shared/ipc.ts';
import { buildApp } from '../support/built-app.ts';
import {
  boxOf,
  defaultWindow,
  largeWindow,
  layoutProblems,
  minimumWindow,
  probe,
  styleOf,
  windowSizes,
  type WindowSize,
} from '../support/layout-checks.ts';
import { launchBrowser } from '../support/phone.ts';
import { serveRenderer, type RendererBridge } from '../support/renderer-bridge.ts';
import { accountIdOnly, awaiting, everyScreen, issuer, signedIn, verificationUri, type NamedScreen } from '../support/screen-states.ts';
import { createScriptedFlow } from '../support/scripted-flow.ts';
import { captureScreen, readQrFromScreen, screenshotDir } from '../support/window-checks.ts';

const flow = createScriptedFlow();
const english = translateIn('en');
let browser: Browser;
let context: BrowserContext;
let page: Page;
let bridge: RendererBridge;
let builtRendererDir: string;
const pageErrors: string[] = [];

async function show(state: FlowState, ready = `main[data-status="${state.status}"]`, on: Page = page): Promise<void> {
  flow.show(state);
  await on.locator(ready).first().waitFor();
}

/** A second window on its own bridge, for an environment the main one does not have (a brand, a managed issuer). */
async function withWindow(environment: AppEnvironment, look: (other: Page) => Promise<void>): Promise<void> {
  const served = await serveRenderer({ flow, environment, rendererDir: builtRendererDir });
  const other = await context.newPage();
  try {
    await other.goto(served.url);
    await other.locator('main:not([data-status=loading])').waitFor();
    await look(other);
  } finally {
    await other.close();
    await served.close();
  }
}

const calledSince = (before: number): readonly string[] => flow.calls.slice(before);

beforeAll(async () => {
  const [{ rendererDir }, launched] = await Promise.all([buildApp('screens'), launchBrowser()]);
  browser = launched;
  builtRendererDir = rendererDir;
  bridge = await serveRenderer({ flow, environment: { demo: true, issuer, managed: [] }, rendererDir });
  context = await browser.newContext({ viewport: { width: 460, height: 720 } });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(bridge.url);
  await page.locator('main[data-status="idle"]').waitFor();
  expect(pageErrors, 'no CSP violation or script error while loading').toEqual([]);
});

afterAll(async () => {
  expect(pageErrors, 'no CSP violation or script error on any screen').toEqual([]);
  await context.close();
  await browser.close();
  await bridge.close();
});

describe('the sign-in window before a code', () => {
  it('offers to sign in, names the provider, and says it is a demo in one line with the rest behind "More"', async () => {
    await show({ status: 'idle' });
    await expect(page.getByRole('button', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in to 127.0.0.1:3000');
    await expect(page.locator('.provider-line').textContent()).resolves.toBe('Signing in with 127.0.0.1:3000');
    const banner = page.locator('.demo-notice');
    await expect(banner.textContent()).resolves.toContain('Demo');
    const line = await boxOf(page, '.demo-line');
    expect(line.height, 'the demo line is one line').toBeLessThan(2 * Number.parseFloat(await styleOf(page, '.demo-line', 'font-size')));
    // The demo runs on 127.0.0.1 here: how to reach it from a phone is behind "More".
    await expect(banner.getByText(/DEVICE_SIGNIN_DEMO_LAN=1/).isVisible()).resolves.toBe(false);
    await banner.getByText('More').click();
    await expect(banner.getByText(/DEVICE_SIGNIN_DEMO_LAN=1/).isVisible()).resolves.toBe(true);
    await banner.locator('summary').click();
    expect(await captureScreen(page, 'idle')).toEqual([]);
  });

  it('asks the flow to start when "Sign in" is pressed with the keyboard', async () => {
    await show({ status: 'requesting' });
    await show({ status: 'idle' });
    await page.locator('h1:focus').waitFor();
    const before = flow.calls.length;
    await page.keyboard.press('Tab');
    await expect(page.locator('button:focus').textContent()).resolves.toBe('Sign in');
    await page.keyboard.press('Enter');
    await expect.poll(() => calledSince(before)).toEqual(['start']);
  });

  it('shows a quiet spinner while getting a code', async () => {
    await show({ status: 'requesting' });
    await expect(page.locator('.spinner').isVisible()).resolves.toBe(true);
    expect(await captureScreen(page, 'requesting')).toEqual([]);
  });
});

describe('the code screen: what to check before approving', () => {
  it('names the site in the heading and asks to approve only if the phone shows this host and this code', async () => {
    await show(awaiting());
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in to login.example.test');
    await expect(page.getByTestId('trust-line').textContent()).resolves.toBe(
      'Approve only if your phone shows login.example.test and the code WDJB-MJHT, and you started this sign-in on this computer.',
    );
    // The trust line sits under the code.
    expect((await boxOf(page, '[data-testid=trust-line]')).top).toBeGreaterThanOrEqual((await boxOf(page, '.user-code-value')).bottom);
  });

  it('names the issuer only where it is not the host the phone shows', async () => {
    await show(awaiting());
    await expect(page.getByTestId('issuer-note').textContent()).resolves.toBe('Your account is at 127.0.0.1:3000.');
    await withWindow({ demo: false, issuer: 'https://login.example.test/realms/staff', managed: [] }, async (other) => {
      await other.getByTestId('trust-line').waitFor();
      await expect(other.getByTestId('issuer-note').count()).resolves.toBe(0);
    });
  });

  it('shows the code as the server grouped it, spelled out for screen readers, and a QR of the complete URL', async () => {
    await show(awaiting());
    await expect(page.getByTestId('user-code').textContent()).resolves.toBe('WDJB-MJHT');
    await expect(page.locator('.user-code .sr-only').first().textContent()).resolves.toBe('Your code: W D J B dash M J H T');
    await expect(page.locator('.countdown').textContent()).resolves.toMatch(/^Code expires in 10 minutes, at /);
    await expect(readQrFromScreen(page)).resolves.toBe(`${verificationUri}?user_code=WDJB-MJHT`);
    expect(await captureScreen(page, 'awaiting-user')).toEqual([]);
  });

  it('makes the code the largest text, bold, with slashed zeros, never broken anywhere on the screen', async () => {
    await show(awaiting());
    const codeSize = Number.parseFloat(await styleOf(page, '.user-code-value', 'font-size'));
    expect(codeSize).toBeGreaterThanOrEqual(48);
    expect(Number(await styleOf(page, '.user-code-value', 'font-weight'))).toBeGreaterThanOrEqual(700);
    await expect(styleOf(page, '.user-code-value', 'font-variant-numeric')).resolves.toContain('slashed-zero');
    await expect(styleOf(page, '.user-code-value', 'white-space')).resolves.toBe('nowrap');
    expect(await probe<number>(page, 'largestFontSizeOutside', '.user-code-value')).toBeLessThan(codeSize);
    const breakAll = await probe<number>(page, 'elementsWithBreakAll');
    expect(breakAll).toBe(0);
  });

  it('shows long or ungrouped codes in groups of three or four, yet copies and selects the raw code', async () => {
    for (const [code, groups] of [
      ['WDJBMJHT', ['WDJB', 'MJHT']],
      ['BCDFGHJKLMNP', ['BCDF', 'GHJK', 'LMNP']],
      ['012345678', ['012', '345', '678']],
    ] as const) {
      await show(awaiting({ userCode: code }), `[data-testid=user-code]:has-text("${code}")`);
      await expect(page.locator('[data-testid=user-code] .code-group').allTextContents()).resolves.toEqual(groups);
      const gap = Number.parseFloat(await styleOf(page, '.code-group.gap', 'margin-inline-start'));
      expect(gap, code).toBeGreaterThan(8);
      const { selected } = await probe<{ selected: string }>(page, 'selectAndCopy', '[data-testid=user-code]');
      expect(selected, code).toBe(code);
      await page.getByRole('button', { name: 'Copy code' }).click();
      await page.getByRole('button', { name: 'Copied' }).waitFor();
      expect(bridge.copied.at(-1), code).toBe(code);
    }
  });

  it('puts "Copy code" under the code, never squeezing it', async () => {
    await show(awaiting({ userCode: 'BCDFGHJKLMNP' }), '[data-testid=user-code]:has-text("BCDFGHJKLMNP")');
    const code = await boxOf(page, '[data-testid=user-code]');
    const copy = await boxOf(page, '.copy-button');
    expect(copy.top).toBeGreaterThanOrEqual(code.bottom);
  });

  it('shows the page host first, without https://, the host semibold and the path muted, and copies the whole URL', async () => {
    await show(awaiting());
    const url = page.getByTestId('verification-uri');
    await expect(url.textContent()).resolves.toBe('login.example.test/device');
    await expect(page.locator('.uri-host').textContent()).resolves.toBe('login.example.test');
    expect(Number(await styleOf(page, '.uri-host', 'font-weight'))).toBeGreaterThanOrEqual(600);
    expect(Number.parseFloat(await styleOf(page, '.uri-host', 'font-size'))).toBeGreaterThanOrEqual(16);
    expect(await styleOf(page, '.uri-path', 'color')).not.toBe(await styleOf(page, '.uri-host', 'color'));
    const { copied } = await probe<{ copied: string }>(page, 'selectAndCopy', '[data-testid=verification-uri]');
    expect(copied).toBe(verificationUri);
  });

  it('keeps a plain http:// in sight as a warning, and says a loopback QR opens only on this computer, under the QR', async () => {
    const local = 'http://127.0.0.1:3000/device';
    await show(awaiting({ userCode: 'KLMN-PQRS', verificationUri: local, verificationUriComplete: `${local}?user_code=KLMN-PQRS` }), '.uri-insecure');
    await expect(page.getByTestId('verification-uri').textContent()).resolves.toBe('http://127.0.0.1:3000/device');
    expect(await styleOf(page, '.uri-insecure', 'color')).not.toBe(await styleOf(page, '.uri-path', 'color'));
    const note = await boxOf(page, '.qr-note[data-note=loopback]');
    const qr = await boxOf(page, '.qr-frame');
    expect(note.top).toBeGreaterThanOrEqual(qr.bottom);
    expect(note.top - qr.bottom).toBeLessThan(24);
    expect(await captureScreen(page, 'awaiting-loopback')).toEqual([]);
  });

  it('breaks a long URL only after a "/"', async () => {
    const long = 'https://login.example.test/realms/staff-and-contractors/protocol/openid-connect/auth/device';
    await show(awaiting({ userCode: 'MNPQ-RSTV', verificationUri: long, verificationUriComplete: `${long}?user_code=MNPQ-RSTV` }), '[data-testid=user-code]:has-text("MNPQ-RSTV")');
    await page.setViewportSize({ width: 360, height: 560 });
    try {
      const pieces = await probe<{ text: string; height: number; fontSize: number }[]>(page, 'lineBoxes', '.uri-piece');
      expect(pieces.map((piece) => piece.text).join('')).toBe(long.slice('https://'.length));
      for (const piece of pieces.slice(0, -1)) expect(piece.text).toMatch(/\/$/);
      for (const piece of pieces) expect(piece.height, piece.text).toBeLessThan(2 * piece.fontSize);
      const urlBox = await boxOf(page, '[data-testid=verification-uri]');
      expect(urlBox.height, 'the URL wraps at this width').toBeGreaterThan(2 * (pieces[0]?.fontSize ?? 0));
    } finally {
      await page.setViewportSize({ width: 460, height: 720 });
    }
  });

  it('says the code must be typed where the provider gave no complete URL, and the QR opens the plain page', async () => {
    const { verificationUriComplete: _none, ...plain } = awaiting({ userCode: 'BCDF-GHJK' });
    await show(plain, '.qr-note[data-note=type-code]');
    await expect(page.locator('.qr-note[data-note=type-code]').textContent()).resolves.toBe('This QR code opens the page only: type the code there.');
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

/** The main page at one size, or, for the zoomed size, a page in a context at device scale 2. */
async function pageAt(size: WindowSize, zoomed: { page?: Page }): Promise<Page> {
  if (size.scale === 1) {
    await page.setViewportSize({ width: size.width, height: size.height });
    return page;
  }
  if (zoomed.page === undefined) {
    const zoomedContext = await browser.newContext({ viewport: { width: size.width, height: size.height }, deviceScaleFactor: size.scale });
    zoomed.page = await zoomedContext.newPage();
    await zoomed.page.goto(bridge.url);
    await zoomed.page.locator('main:not([data-status=loading])').waitFor();
  }
  return zoomed.page;
}

async function showScreen(screen: NamedScreen, on: Page): Promise<void> {
  const state = screen.state();
  await show(state, screen.ready ?? `main[data-status="${state.status}"]`, on);
}

describe('the window at every size: the minimum, the default, a large one, and 200 % zoom', () => {
  const zoomed: { page?: Page } = {};
  afterAll(async () => {
    await zoomed.page?.context().close();
    await page.setViewportSize({ width: 460, height: 720 });
  });

  it('never scrolls sideways, keeps every box inside the window and no two overlapping, on every screen', async () => {
    await mkdir(screenshotDir, { recursive: true });
    for (const size of windowSizes) {
      const on = await pageAt(size, zoomed);
      for (const screen of everyScreen) {
        await showScreen(screen, on);
        await on.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
        await on.screenshot({ path: join(screenshotDir, `${screen.name}-${size.name}.png`), animations: 'disabled' });
        expect(await layoutProblems(on), `${screen.name} at ${size.name}`).toEqual([]);
      }
      await show(signedIn(), '[data-testid=profile-name]:has-text("Ada Lovelace")', on);
      await on.getByRole('button', { name: 'Sign out' }).click();
      await on.locator('dialog[open]').waitFor();
      await on.screenshot({ path: join(screenshotDir, `sign-out-confirm-${size.name}.png`), animations: 'disabled' });
      expect(await layoutProblems(on), `the sign-out dialog at ${size.name}`).toEqual([]);
      await on.keyboard.press('Escape');
    }
  });

  it('keeps the code on one line, the QR readable from the screen, with at least 4 px a module, at every size', async () => {
    for (const size of windowSizes) {
      const on = await pageAt(size, zoomed);
      for (const code of ['WDJB-MJHT', 'BCDFGHJKLMNP']) {
        await show(awaiting({ userCode: code }), `[data-testid=user-code]:has-text("${code}")`, on);
        const box = await boxOf(on, '.user-code-value');
        const fontSize = Number.parseFloat(await styleOf(on, '.user-code-value', 'font-size'));
        expect(box.height, `${code} at ${size.name} is one line`).toBeLessThan(1.5 * fontSize);
        await expect(readQrFromScreen(on), `${code} at ${size.name}`).resolves.toBe(`${verificationUri}?user_code=${code}`);
        const modulesAcross = Number((await on.locator('svg.qr').getAttribute('viewBox'))?.split(' ')[2]);
        const drawn = await boxOf(on, 'svg.qr');
        expect(drawn.width / modulesAcross, `px a module at ${size.name}`).toBeGreaterThanOrEqual(4);
      }
    }
  });

  it('keeps the QR, the URL and the code inside the minimum window, demo banner and all', async () => {
    const on = await pageAt(minimumWindow, zoomed);
    await show(awaiting(), '[data-testid=user-code]:has-text("WDJB-MJHT")', on);
    for (const selector of ['.qr-frame', '[data-testid=verification-uri]', '.user-code-value']) {
      const box = await boxOf(on, selector);
      expect(box.bottom, selector).toBeLessThanOrEqual(560);
      expect(box.top, selector).toBeGreaterThanOrEqual(0);
    }
  });

  it('puts the QR beside the steps in a wide window, above them in a narrow one, and grows it with the window', async () => {
    const wide = await pageAt(largeWindow, zoomed);
    await show(awaiting(), '[data-testid=user-code]:has-text("WDJB-MJHT")', wide);
    const qr = await boxOf(wide, '.qr-frame');
    const code = await boxOf(wide, '.user-code-value');
    expect(qr.width).toBeGreaterThanOrEqual(300);
    expect(qr.right).toBeLessThanOrEqual(code.left);
    expect(code.top).toBeLessThan(qr.bottom);
    expect(await captureScreen(wide, 'awaiting-user-wide')).toEqual([]);

    const narrow = await pageAt(defaultWindow, zoomed);
    const narrowQr = await boxOf(narrow, '.qr-frame');
    expect(narrowQr.bottom).toBeLessThanOrEqual((await boxOf(narrow, '.user-code-value')).top);
    expect(narrowQr.width).toBeLessThan(qr.width);
  });
});

describe('the code screen while the user approves', () => {
  it('has no filled button: the phone comes first, this computer second, Cancel quiet', async () => {
    await show(awaiting());
    await expect(page.locator('.view.awaiting button.primary').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /browser/i }).count()).resolves.toBe(0);
    const instead = page.getByRole('button', { name: 'Sign in on this computer instead' });
    await expect(instead.isVisible()).resolves.toBe(true);
    await expect(styleOf(page, '.view.awaiting .actions button.secondary', 'background-color')).resolves.toBe('rgba(0, 0, 0, 0)');
    await expect(styleOf(page, '.view.awaiting .actions button.quiet', 'border-top-color')).resolves.toBe('rgba(0, 0, 0, 0)');
    await expect(page.locator('.view.awaiting .actions button.quiet').textContent()).resolves.toBe('Cancel');
  });

  it('can be worked with the keyboard alone: copy, this computer, cancel, in that order, and Escape cancels', async () => {
    await show(awaiting());
    await page.locator('h1:focus').waitFor();
    const focusedButton = async (): Promise<string | null> => {
      await page.keyboard.press('Tab');
      return page.locator('button:focus').textContent();
    };
    await expect(focusedButton()).resolves.toBe('Copy code');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    await expect(focusedButton()).resolves.toBe('Sign in on this computer instead');
    await expect(focusedButton()).resolves.toBe('Cancel');
    const before = flow.calls.length;
    await page.keyboard.press('Space');
    await expect.poll(() => calledSince(before)).toEqual(['cancel']);
    await page.keyboard.press('Escape');
    await expect.poll(() => calledSince(before)).toEqual(['cancel', 'cancel']);
  });

  it('confirms a copy with "Copied" and copies the code through main', async () => {
    await show(awaiting({ userCode: 'PQRS-TVWX' }), '[data-testid=user-code]:has-text("PQRS-TVWX")');
    await page.getByRole('button', { name: 'Copy code' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(bridge.copied.at(-1)).toBe('PQRS-TVWX');
  });

  it('opens only the verification page in the browser when the user signs in on this computer instead', async () => {
    await show(awaiting());
    await page.getByRole('button', { name: 'Sign in on this computer instead' }).click();
    await expect.poll(() => bridge.opened.at(-1)).toBe(`${verificationUri}?user_code=WDJB-MJHT`);
  });

  it('says so beside the button when main refuses the page or no browser starts, and nothing when it opens', async () => {
    const lanPage = 'http://192.168.1.20:3000/device';
    await show(awaiting({ verificationUri: lanPage, verificationUriComplete: `${lanPage}?user_code=WDJB-MJHT` }));
    const opened = bridge.opened.length;
    await page.getByRole('button', { name: 'Sign in on this computer instead' }).click();
    await expect(page.getByTestId('open-note').textContent()).resolves.toContain('Scan the QR code with your phone instead');
    expect(bridge.opened).toHaveLength(opened);

    // The status stays awaiting_user, so show() cannot wait for it: the new state's push is awaited by polling.
    await show(awaiting());
    await expect.poll(() => page.getByTestId('open-note').count()).toBe(0);
    bridge.withoutBrowser(true);
    try {
      await page.getByRole('button', { name: 'Sign in on this computer instead' }).click();
      await expect(page.getByTestId('open-note').textContent()).resolves.toContain("Couldn't start a browser on this computer");
    } finally {
      bridge.withoutBrowser(false);
    }
    await page.getByRole('button', { name: 'Sign in on this computer instead' }).click();
    await expect.poll(() => page.getByTestId('open-note').count()).toBe(0);
  });

  it('says in plain words that it is still waiting or reconnecting, the reason behind Details, without moving the code or the QR', async () => {
    const boxes = async (): Promise<unknown[]> =>
      Promise.all(['svg.qr', '[data-testid=user-code]', '.polling-status', '.actions'].map((s) => page.locator(s).boundingBox()));
    const statusText = (): Promise<string | null> => page.locator('.polling-status .status-sentence').textContent();

    await show(awaiting());
    const layout = await boxes();
    await expect(statusText()).resolves.toBe('Waiting for you to approve on your phone…');
    await expect(page.locator('.status-details').count()).resolves.toBe(0);

    await show(awaiting({ slowedDown: true, interval: 10 }), '.polling-status.slow');
    await expect(statusText()).resolves.toBe('Still waiting for approval…');
    await expect(page.locator('.status-details').textContent()).resolves.toContain('check less often (every 10 seconds)');
    expect(await boxes()).toEqual(layout);
    expect(await captureScreen(page, 'awaiting-slowed-down')).toEqual([]);

    const reasons = {
      network: "Can't reach the sign-in server.",
      timeout: 'The sign-in server is not answering.',
      server_error: 'The sign-in server had a problem.',
      rate_limited: 'The sign-in server is busy.',
    } as const;
    for (const [reason, words] of Object.entries(reasons)) {
      await show(awaiting({ retrying: { reason: reason as keyof typeof reasons, attempt: 3, nextAttemptAt: Date.now() + 8_000 } }), '.polling-status.retrying');
      await expect(statusText()).resolves.toBe('Reconnecting…');
      await expect.poll(() => page.locator('.status-details').textContent()).toContain(words);
      await expect(page.locator('.retry-in').textContent()).resolves.toMatch(/Next try in \d seconds? \(attempt 3\)/);
      await expect(page.locator('.status-details').getAttribute('open')).resolves.toBeNull();
      expect(await boxes()).toEqual(layout);
    }
    await show(awaiting({ retrying: { reason: 'network', attempt: 2, nextAttemptAt: Date.now() + 8_000 } }), '.polling-status.retrying');
    expect(await captureScreen(page, 'awaiting-offline-retrying')).toEqual([]);
  });
});

describe('the code screen as the code runs out', () => {
  it('counts down in minutes, and in seconds only in the last two', async () => {
    await show(awaiting({ expiresAt: Date.now() + 5 * 60_000 + 10_000 }), '[data-testid=user-code]:has-text("WDJB-MJHT")');
    await expect.poll(() => page.locator('.countdown').textContent()).toMatch(/^Code expires in 6 minutes, at \d{1,2}:\d\d\s[AP]M$/);
    await show(awaiting({ userCode: 'RSTV-WXZB', expiresAt: Date.now() + 100_000 }), '[data-testid=user-code]:has-text("RSTV-WXZB")');
    await expect(page.locator('.countdown').textContent()).resolves.toMatch(/^Code expires in 01:[34]\d$/);
    await expect(page.getByRole('button', { name: 'Get a new code' }).count()).resolves.toBe(0);
  });

  it('offers "Get a new code" beside the countdown in the last minute', async () => {
    await show(awaiting({ userCode: 'QRST-VWXZ', expiresAt: Date.now() + 45_000 }), '.countdown.ending');
    const button = page.getByRole('button', { name: 'Get a new code' });
    const countdown = await boxOf(page, '.countdown p');
    const buttonBox = await boxOf(page, '.countdown button');
    expect(Math.abs(buttonBox.top + buttonBox.height / 2 - (countdown.top + countdown.height / 2))).toBeLessThan(8);
    const before = flow.calls.length;
    await button.click();
    await expect.poll(() => calledSince(before)).toEqual(['start']);
    expect(await captureScreen(page, 'awaiting-last-minute')).toEqual([]);
  });

  it('dims an expired QR and hides it from screen readers', async () => {
    await show(awaiting({ userCode: 'HJKL-MNPQ', expiresAt: Date.now() - 1_000 }), '.qr-frame.expired');
    await expect(page.locator('.qr-frame').getAttribute('aria-hidden')).resolves.toBe('true');
    expect(Number(await styleOf(page, '.qr-frame', 'opacity'))).toBeLessThan(0.5);
    await expect(page.getByRole('img', { name: english('qr.label') }).count()).resolves.toBe(0);
    await expect(page.locator('.countdown').textContent()).resolves.toContain('This code has expired.');
    await expect(page.getByRole('button', { name: 'Get a new code' }).isVisible()).resolves.toBe(true);
    expect(await captureScreen(page, 'awaiting-code-expired')).toEqual([]);
  });

  it('shows a new code in place when the core renews it: same screen, new code and QR', async () => {
    await show(awaiting({ userCode: 'BCDF-GHJK' }), '[data-testid=user-code]:has-text("BCDF-GHJK")');
    await show(awaiting({ userCode: 'LMNP-QRST' }), '[data-testid=user-code]:has-text("LMNP-QRST")');
    // The last test pressed a button further down; the QR is at the top.
    await page.evaluate('window.scrollTo(0, 0)');
    await expect(readQrFromScreen(page)).resolves.toBe(`${verificationUri}?user_code=LMNP-QRST`);
    await expect(page.getByTestId('trust-line').textContent()).resolves.toContain('LMNP-QRST');
  });
});

describe('the sign-in window when the sign-in does not happen', () => {
  it('offers a new code in one click when the code expired', async () => {
    await show({ status: 'expired' });
    await expect(page.locator('.view .status-mark').count()).resolves.toBe(1);
    const before = flow.calls.length;
    await page.getByRole('button', { name: 'Get a new code' }).click();
    await expect.poll(() => calledSince(before)).toEqual(['start']);
    expect(await captureScreen(page, 'expired')).toEqual([]);
  });

  it('says the sign-in was declined and offers to try again, with what the server said behind Details', async () => {
    await show({ status: 'denied', description: 'End-User aborted interaction' });
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign-in was declined');
    await expect(page.locator('.view .status-mark').count()).resolves.toBe(1);
    await expect(page.locator('.server-said').isVisible()).resolves.toBe(false);
    await page.locator('.view details summary').click();
    await expect(page.locator('.server-said').textContent()).resolves.toContain('End-User aborted interaction');
    await expect(page.getByRole('button', { name: 'Try again' }).isVisible()).resolves.toBe(true);
    expect(await captureScreen(page, 'denied')).toEqual([]);
  });

  it('gives every error its own heading, a status mark and one sentence, with details on demand', async () => {
    for (const code of errorCodes) {
      await show({ status: 'error', code, message: `technical message for ${code}` }, `.view.error:has(code:has-text("${code}"))`);
      await expect(page.getByRole('heading', { level: 1 }).textContent(), code).resolves.toBe(errorHeading(english, code));
      await expect(page.locator('.view .status-mark').count(), code).resolves.toBe(1);
      const sentence = await page.locator('.error-sentence').textContent();
      expect(sentence, code).toMatch(/^[A-Z].+\.$/);
      // No code as an identifier in the words; `proxy` alone is also the word a person uses.
      if (code !== 'proxy') expect(sentence, code).not.toContain(code);
      await expect(page.locator('.view details').getAttribute('open')).resolves.toBeNull();
    }
    await show({ status: 'error', code: 'network', message: 'The discovery request failed: connect ECONNREFUSED 127.0.0.1:3000' }, '.view.error:has-text("ECONNREFUSED")');
    await expect(page.getByRole('button', { name: 'Try again' }).count()).resolves.toBe(1);
    await page.locator('.view details summary').click();
    await expect(page.locator('.view details dd').nth(1).textContent()).resolves.toContain('ECONNREFUSED');
    expect(await captureScreen(page, 'error')).toEqual([]);
  });

  it('offers no "Try again" where only an admin can fix it, but the details to copy for the help desk', async () => {
    const admin = ['discovery_unsupported', 'insecure_uri', 'invalid_client', 'invalid_config', 'invalid_scope', 'request_rejected'] as const;
    for (const code of admin) {
      await show({ status: 'error', code, message: `technical message for ${code}` }, `.view.error[data-error-class=admin]:has(code:has-text("${code}"))`);
      await expect(page.getByRole('button', { name: 'Try again' }).count(), code).resolves.toBe(0);
      await expect(page.getByRole('button', { name: 'Copy details' }).count(), code).resolves.toBe(1);
    }
    await page.getByRole('button', { name: 'Copy details' }).click();
    await page.getByRole('button', { name: 'Details copied' }).waitFor();
    // Main wrote the text from its own record; the page only asked.
    expect(bridge.copied.at(-1)).toContain('Error: request_rejected');
    expect(bridge.copied.at(-1)).toContain(`Issuer: ${issuer}`);
    expect(await captureScreen(page, 'error-admin')).toEqual([]);
  });
});

describe('the sign-in window once signed in', () => {
  it('says where the person is signed in and as whom, with initials, the badge, and what to do next', async () => {
    await show(signedIn({ hardware_verified: true }), '.badge');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Signed in to 127.0.0.1:3000');
    await expect(page.getByTestId('profile-name').textContent()).resolves.toBe('Ada Lovelace');
    await expect(page.locator('.avatar').textContent()).resolves.toBe('AL');
    await expect(page.locator('.badge').textContent()).resolves.toContain('Hardware-verified');
    await expect(page.locator('.next-step').textContent()).resolves.toBe('You can close this window.');
    await expect(page.locator('.provider-line').textContent()).resolves.toBe('Signed in with 127.0.0.1:3000');
    await expect(page.getByTestId('live-region').textContent()).resolves.toBe(`Signed in as ${isolated('Ada Lovelace')}.`);
    expect(await captureScreen(page, 'signed-in-hardware')).toEqual([]);
  });

  it('asks before signing out, and signs out only when confirmed', async () => {
    await show(signedIn(), '[data-testid=profile-name]:has-text("Ada Lovelace")');
    const before = flow.calls.length;
    await page.getByRole('button', { name: 'Sign out' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign out of 127.0.0.1:3000?' });
    await dialog.waitFor();
    expect(await captureScreen(page, 'sign-out-confirm')).toEqual([]);
    await dialog.getByRole('button', { name: 'Stay signed in' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(calledSince(before)).toEqual([]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await dialog.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => calledSince(before)).toEqual(['signOut']);
  });

  it('shows a labelled, shortened account id and a figure, never the raw id as a name or a digit as initials', async () => {
    await show({ status: 'signed_in', profile: { issuer, sub: accountIdOnly }, persistence: 'stored' }, '[data-testid=account-id]');
    await expect(page.getByTestId('profile-name').textContent()).resolves.toBe('Your account');
    await expect(page.getByTestId('account-id').textContent()).resolves.toBe('Account ID 248289…2d9e');
    await expect(page.locator('.avatar').textContent()).resolves.toBe('');
    await expect(page.locator('.avatar[data-generic=true] svg').count()).resolves.toBe(1);
    await expect(page.locator('main').innerText()).resolves.not.toContain(accountIdOnly);
    await expect(page.getByTestId('live-region').textContent()).resolves.toBe('Signed in.');
    expect(await captureScreen(page, 'signed-in-account-id-only')).toEqual([]);
  });

  it('says at which host, and that the provider does not say who, for a plain OAuth 2.0 server that names nobody', async () => {
    await show({ status: 'signed_in', profile: { issuer }, persistence: 'stored' }, '[data-testid=account-unnamed]');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('127.0.0.1:3000');
    await expect(page.getByTestId('profile-name').textContent()).resolves.toBe('Your account');
    await expect(page.getByTestId('account-unnamed').textContent()).resolves.toBe('The provider does not say who signed in.');
    await expect(page.getByTestId('account-id').count()).resolves.toBe(0);
    expect(await captureScreen(page, 'signed-in-unnamed')).toEqual([]);
  });

  it('leaves the badge out when the provider does not assert hardware', async () => {
    await show(
      { status: 'signed_in', profile: { issuer, sub: 'bob', email: 'bob@example.test' }, persistence: 'stored' },
      '[data-testid=profile-name]:has-text("bob@example.test")',
    );
    await expect(page.locator('.badge').count()).resolves.toBe(0);
    await expect(page.locator('.notice').count()).resolves.toBe(0);
    await expect(page.locator('.avatar').textContent()).resolves.toBe('B');
  });

  it('says whether the session is bound to this device, and says nothing of it when the flow does not know', async () => {
    await show({ ...signedIn(), deviceBound: true } as FlowState, '[data-testid=device-binding]');
    await expect(page.getByTestId('device-binding').textContent()).resolves.toContain('Bound to this device');
    expect(await captureScreen(page, 'signed-in-bound')).toEqual([]);
    await show({ ...signedIn({ name: 'Bob Stone' }), deviceBound: false } as FlowState, '[data-testid=device-binding]:has-text("Not bound")');
    await expect(page.getByTestId('device-binding').textContent()).resolves.toContain('work wherever they are copied');
    await show(signedIn({ name: 'Cleo Park' }), '[data-testid=profile-name]:has-text("Cleo Park")');
    await expect(page.getByTestId('device-binding').count()).resolves.toBe(0);
  });

  it('says when the sign-in will last only until the app quits', async () => {
    await show({ status: 'signed_in', profile: { issuer, sub: 'bob', name: 'Bob Stone' }, persistence: 'session_only' }, '.notice');
    await expect(page.locator('.notice').textContent()).resolves.toContain('lasts until you quit the app');
    expect(await captureScreen(page, 'signed-in-session-only')).toEqual([]);
  });

  it('says when a saved sign-in has no keyring to protect it, where the admin allowed that', async () => {
    await show({ status: 'signed_in', profile: { issuer, sub: 'bob', name: 'Bob Stone' }, persistence: 'stored' });
    await expect(page.getByTestId('weak-storage').count()).resolves.toBe(0);
    await withWindow({ demo: false, issuer: 'https://login.example.test', managed: ['tokenStorage'], storage: 'weak' }, async (other) => {
      await other.getByTestId('weak-storage').waitFor();
      await expect(other.getByTestId('weak-storage').textContent()).resolves.toContain('without a keyring to protect it');
      expect(await captureScreen(other, 'signed-in-weak-storage')).toEqual([]);
    });
  });

  it('shows a quiet spinner while opening a saved sign-in and while signing out, and the footer says which', async () => {
    await show({ status: 'restoring' });
    await page.getByRole('heading', { name: 'Opening your saved sign-in…' }).waitFor();
    expect(await captureScreen(page, 'restoring')).toEqual([]);
    await show({ status: 'signing_out' });
    await page.getByRole('heading', { name: 'Signing out…' }).waitFor();
    await expect(page.locator('.provider-line').textContent()).resolves.toBe('Signing out of 127.0.0.1:3000');
    await expect(page.locator('main button').count()).resolves.toBe(0);
    expect(await captureScreen(page, 'signing-out')).toEqual([]);
    // Signed out while offline: local data is gone, and the window says the provider was not told.
    await show({ status: 'idle', notice: { code: 'revocation_failed' } }, '.notice[data-notice="revocation_failed"]');
    expect(await captureScreen(page, 'idle-signed-out-offline')).toEqual([]);
  });
});

describe('the sign-in window once signed out', () => {
  it('tells a signed-out person why, in words, next to "Sign in"', async () => {
    for (const code of ['session_ended', 'storage_damaged', 'revocation_failed', 'storage_unavailable'] as const) {
      await show({ status: 'idle', notice: { code } });
      const notice = page.locator(`.notice[data-notice="${code}"]`);
      await notice.waitFor();
      await expect(notice.textContent()).resolves.toMatch(/^[A-Z].+\.$/);
    }
    await show({ status: 'idle', notice: { code: 'session_ended' } });
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
      await show({ status: 'idle', notice: { code: 'revocation_failed', revocation, validUntil } });
      const notice = page.locator(`.notice[data-notice="revocation_failed"]`);
      await expect.poll(() => notice.textContent()).toMatch(words);
      await expect(notice.textContent()).resolves.toMatch(/valid until .*2026/);
    }
    await show({ status: 'idle', notice: { code: 'revocation_failed', revocation: 'refused', validUntil } });
    await expect.poll(() => page.locator('.notice').textContent()).not.toMatch(/couldn't be reached/);
    expect(await captureScreen(page, 'idle-signed-out-refused')).toEqual([]);
  });

  it('never stores silently where tokens cannot be protected: signing in is then an explicit session-only choice', async () => {
    await show({ status: 'idle', notice: { code: 'storage_unavailable' } });
    const before = flow.calls.length;
    await page.getByRole('button', { name: 'Stay signed in for this session only' }).click();
    await expect.poll(() => flow.calls.slice(before)).toEqual(['startSessionOnly']);
    expect(await captureScreen(page, 'idle-storage-unavailable')).toEqual([]);
    await show({ status: 'error', code: 'storage_unavailable', message: 'No keyring.' });
    await page.getByRole('button', { name: 'Stay signed in for this session only' }).click();
    await expect.poll(() => flow.calls.slice(before)).toEqual(['startSessionOnly', 'startSessionOnly']);
  });
});

/** A 1×1 PNG, as main would send the admin's logo file. */
const logo = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const branded: AppEnvironment = {
  demo: false,
  issuer: 'https://login.corp.example',
  managed: ['issuer', 'clientId'],
  branding: { organizationName: 'Example Corp', logo },
  support: { url: 'https://help.corp.example/sign-in', contact: 'IT desk, extension 4357' },
};

describe("the admin's brand and help desk", () => {
  it('names the organization in the heading, with its logo above it at most 32 px tall', async () => {
    await withWindow(branded, async (other) => {
      await show(awaiting(), '[data-testid=user-code]:has-text("WDJB-MJHT")', other);
      await expect(other.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in to Example Corp');
      const logoBox = await boxOf(other, 'img.brand-logo');
      expect(logoBox.height).toBeLessThanOrEqual(32);
      expect(logoBox.bottom).toBeLessThanOrEqual((await boxOf(other, 'h1')).top);
      await expect(other.getByTestId('issuer-note').textContent()).resolves.toBe('Your account is at login.corp.example.');
      await other.setViewportSize({ width: 460, height: 720 });
      expect(await captureScreen(other, 'awaiting-user-branded')).toEqual([]);
      await show(signedIn({ issuer: 'https://login.corp.example' }), '[data-testid=profile-name]:has-text("Ada Lovelace")', other);
      await expect(other.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Signed in to Example Corp');
    });
  });

  it('shows the help desk in the footer and on an admin error, and how the provider is managed', async () => {
    await withWindow(branded, async (other) => {
      await show({ status: 'idle' }, 'main[data-status=idle]', other);
      await expect(other.locator('.provider-where').textContent()).resolves.toBe('Signing in with login.corp.example · managed by your organization');
      await expect(other.locator('.footer-help a').getAttribute('href')).resolves.toBe('https://help.corp.example/sign-in');
      await expect(other.locator('.footer-help').textContent()).resolves.toContain('IT desk, extension 4357');
      await expect(other.locator('.demo-notice').count()).resolves.toBe(0);
      await show({ status: 'error', code: 'invalid_client', message: 'client authentication failed' }, '.view.error[data-error-class=admin]', other);
      const help = other.locator('.view .help-desk');
      await expect(help.getByRole('link', { name: 'Get help from your help desk' }).getAttribute('href')).resolves.toBe('https://help.corp.example/sign-in');
      await expect(help.textContent()).resolves.toContain('IT desk, extension 4357');
      await expect(other.getByRole('button', { name: 'Try again' }).count()).resolves.toBe(0);
      expect(await captureScreen(other, 'error-admin-branded')).toEqual([]);
    });
  });

  it('names where the setting came from when main says: Group Policy, a configuration profile, the policy file or the installer', async () => {
    const sources = { 'group-policy': 'Group Policy', 'configuration-profile': 'configuration profile', 'policy-file': 'policy file', installer: 'installer' } as const;
    for (const [kind, words] of Object.entries(sources)) {
      await withWindow({ ...branded, managedBy: { issuer: kind as keyof typeof sources } }, async (other) => {
        await show({ status: 'idle' }, 'main[data-status=idle]', other);
        await expect(other.locator('.provider-where').textContent(), kind).resolves.toBe(
          `Signing in with login.corp.example · set by your organization's ${words}`,
        );
      });
    }
  });

  it('says nothing of management or a help desk where the policy sets neither', async () => {
    await show({ status: 'idle' });
    await expect(page.locator('.provider-line .managed').count()).resolves.toBe(0);
    await expect(page.locator('[data-testid=help-desk]').count()).resolves.toBe(0);
    await expect(page.locator('img.brand-logo').count()).resolves.toBe(0);
  });
});

/** A mark such as an admin would ship: 32 px tall, vector. */
const svgLogo = `data:image/svg+xml;base64,${Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#1f5fd1"/><path d="M9 10h14v3H12.5v2H21v3h-8.5v2H23v3H9z" fill="#fff"/></svg>',
).toString('base64')}`;

describe('the pictures in the README', () => {
  it('are the code screen and the signed-in screen of an organization that set its brand', async () => {
    const organization: AppEnvironment = {
      demo: false,
      issuer: 'https://login.example.test',
      managed: ['issuer'],
      branding: { organizationName: 'Example Corp', logo: svgLogo },
      support: { contact: 'IT desk, extension 4357' },
    };
    await withWindow(organization, async (other) => {
      await other.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
      await show(awaiting(), '[data-testid=user-code]:has-text("WDJB-MJHT")', other);
      await expect(readQrFromScreen(other)).resolves.toBe(`${verificationUri}?user_code=WDJB-MJHT`);
      await other.screenshot({ path: join(screenshotDir, 'readme-code-and-qr.png'), animations: 'disabled' });
      await show(signedIn({ issuer: organization.issuer }), '[data-testid=profile-name]:has-text("Ada Lovelace")', other);
      await other.screenshot({ path: join(screenshotDir, 'readme-signed-in.png'), animations: 'disabled' });
      expect(await layoutProblems(other)).toEqual([]);
    });
  });
});

describe('the sign-in window on every screen', () => {
  it('moves focus to the new screen and shows where it is', async () => {
    await show({ status: 'expired' });
    await expect(page.locator('h1:focus').textContent()).resolves.toBe('This code has expired');
    await page.keyboard.press('Tab');
    await expect(page.locator('button:focus').textContent()).resolves.toBe('Get a new code');
    await expect(page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle')).resolves.toBe('solid');
  });
});
