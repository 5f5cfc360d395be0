/**
 * The code screen in the real built renderer in Chromium: what to check before approving, the
 * code as the hero in its groups, each way in labelled where it starts, the page on this computer
 * (the embedded demo) opened in the browser first, and the actions a person takes, by mouse and
 * by keyboard. The states are scripted, so every one is shown at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxOf, probe, styleOf } from '../support/layout-checks.ts';
import { awaiting, awaitingOnThisComputer, loopbackPage, verificationUri } from '../support/screen-states.ts';
import { type ScreenPage, type ScreenSuite, startScreens } from '../support/screen-window.ts';
import { captureScreen, readQrFromScreen } from '../support/window-checks.ts';

let suite: ScreenSuite;
let screen: ScreenPage;

beforeAll(async () => {
  suite = await startScreens();
  screen = await suite.open();
});

afterAll(async () => {
  await screen.close();
  await suite.close();
});

/** The phone's code screen showing `code`: the page on this computer shows the same code differently laid out. */
const shown = (code: string): string => `.view.awaiting[data-path=phone] [data-testid=user-code]:has-text("${code}")`;

describe('the code screen: each way in, labelled where it starts', () => {
  it('says "Scan with your phone\'s camera" at the QR and "Or go to … and enter" at the code, at body size in full colour', async () => {
    await screen.show(awaiting(), shown('WDJB-MJHT'));
    const { page } = screen;
    await expect(page.locator('.qr-side .path-label').textContent()).resolves.toBe("Scan with your phone's camera");
    await expect(page.locator('.steps-side .path-label').textContent()).resolves.toBe('Or go to login.example.test/device and enter:');
    for (const label of ['.qr-side .path-label', '.steps-side .path-label']) {
      expect(Number.parseFloat(await styleOf(page, label, 'font-size')), label).toBe(16);
      expect(await styleOf(page, label, 'color'), label).toBe(await styleOf(page, 'h1', 'color'));
    }
    expect((await boxOf(page, '.qr-side .path-label')).bottom).toBeLessThanOrEqual((await boxOf(page, '.qr-frame')).top);
    expect((await boxOf(page, '.steps-side .path-label')).bottom).toBeLessThanOrEqual((await boxOf(page, '.user-code-value')).top);
    await expect(readQrFromScreen(page)).resolves.toBe(`${verificationUri}?user_code=WDJB-MJHT`);
  });

  it('asks to approve only if the phone shows this host and this code, under the code, in two lines at most', async () => {
    const { page } = screen;
    await expect(page.getByTestId('trust-line').textContent()).resolves.toBe(
      'Approve only if your phone shows login.example.test and WDJB-MJHT, and you started this sign-in here.',
    );
    expect((await boxOf(page, '[data-testid=trust-line]')).top).toBeGreaterThanOrEqual((await boxOf(page, '.user-code-value')).bottom);
    const [line] = await probe<{ lines: number; height: number; fontSize: number }[]>(page, 'lineBoxes', '[data-testid=trust-line]');
    expect(line?.height).toBeLessThan(3 * 1.4 * (line?.fontSize ?? 0));
    await expect(page.getByTestId('issuer-note').textContent()).resolves.toBe('Your account is at 127.0.0.1:3000.');
  });

  it('groups the code in the trust line as the big code is grouped, while both copy as the raw code', async () => {
    await screen.show(awaiting({ userCode: 'BCDFGHJKLMNP' }), shown('BCDFGHJKLMNP'));
    const { page } = screen;
    const groups = ['BCDF', 'GHJK', 'LMNP'];
    await expect(page.locator('[data-testid=user-code] .code-group').allTextContents()).resolves.toEqual(groups);
    await expect(page.locator('.trust-line .code-inline .code-group').allTextContents()).resolves.toEqual(groups);
    const gap = Number.parseFloat(await styleOf(page, '.trust-line .code-group.gap', 'margin-inline-start'));
    expect(gap).toBeGreaterThan(3);
    const { selected } = await probe<{ selected: string }>(page, 'selectAndCopy', '.trust-line .code-inline');
    expect(selected).toBe('BCDFGHJKLMNP');
  });

  it('shows the code as the server grouped it, spelled out for screen readers, the largest text, never broken', async () => {
    await screen.show(awaiting(), shown('WDJB-MJHT'));
    const { page } = screen;
    await expect(page.locator('.user-code .sr-only').first().textContent()).resolves.toBe('Your code: W D J B dash M J H T');
    const codeSize = Number.parseFloat(await styleOf(page, '.user-code-value', 'font-size'));
    expect(codeSize).toBeGreaterThanOrEqual(48);
    expect(Number(await styleOf(page, '.user-code-value', 'font-weight'))).toBeGreaterThanOrEqual(700);
    await expect(styleOf(page, '.user-code-value', 'font-variant-numeric')).resolves.toContain('slashed-zero');
    await expect(styleOf(page, '.user-code-value', 'white-space')).resolves.toBe('nowrap');
    expect(await probe<number>(page, 'largestFontSizeOutside', '.user-code-value')).toBeLessThan(codeSize);
    await expect(probe<number>(page, 'elementsWithBreakAll')).resolves.toBe(0);
    for (const [code, groups] of [
      ['WDJBMJHT', ['WDJB', 'MJHT']],
      ['012345678', ['012', '345', '678']],
    ] as const) {
      await screen.show(awaiting({ userCode: code }), shown(code));
      await expect(page.locator('[data-testid=user-code] .code-group').allTextContents()).resolves.toEqual(groups);
      await expect(probe<{ selected: string }>(page, 'selectAndCopy', '[data-testid=user-code]')).resolves.toMatchObject({
        selected: code,
      });
    }
  });

  it('shows the page host first, without https://, the host semibold and the path muted, and copies the whole URL', async () => {
    await screen.show(awaiting(), shown('WDJB-MJHT'));
    const { page } = screen;
    await expect(page.getByTestId('verification-uri').textContent()).resolves.toBe('login.example.test/device');
    expect(Number(await styleOf(page, '.uri-host', 'font-weight'))).toBeGreaterThanOrEqual(600);
    expect(await styleOf(page, '.uri-path', 'color')).not.toBe(await styleOf(page, '.uri-host', 'color'));
    await expect(probe<{ copied: string }>(page, 'selectAndCopy', '[data-testid=verification-uri]')).resolves.toMatchObject({
      copied: verificationUri,
    });
  });

  it('breaks a long URL only after a "/", each piece whole', async () => {
    const long = 'https://login.example.test/realms/staff-and-contractors/protocol/openid-connect/auth/device';
    const longPage = awaiting({ userCode: 'MNPQ-RSTV', verificationUri: long, verificationUriComplete: `${long}?user_code=MNPQ-RSTV` });
    await screen.show(longPage, shown('MNPQ-RSTV'));
    const pieces = await probe<{ text: string; height: number; fontSize: number }[]>(screen.page, 'lineBoxes', '.uri-piece');
    expect(pieces.map((piece) => piece.text).join('')).toBe(long.slice('https://'.length));
    for (const piece of pieces.slice(0, -1)) expect(piece.text).toMatch(/\/$/);
    for (const piece of pieces) expect(piece.height, piece.text).toBeLessThan(2 * piece.fontSize);
  });

  it('says under the QR that it opens only the page where the provider gave no complete URL', async () => {
    const { verificationUriComplete: _none, ...plain } = awaiting({ userCode: 'BCDF-GHJK' });
    await screen.show(plain, '.qr-note[data-note=type-code]');
    const note = await boxOf(screen.page, '.qr-note[data-note=type-code]');
    expect(note.top - (await boxOf(screen.page, '.qr-frame')).bottom).toBeLessThan(16);
    await expect(readQrFromScreen(screen.page)).resolves.toBe(verificationUri);
  });
});

describe('the code screen when the page is on this computer (the embedded demo)', () => {
  it('opens the page in the browser as its first, filled action, dims the QR under its note, and says "browser"', async () => {
    await screen.show(awaitingOnThisComputer(), '.view.awaiting[data-path=browser]');
    const { page } = screen;
    const first = page.locator('.view.awaiting .actions button').first();
    await expect(first.textContent()).resolves.toBe('Open in browser');
    await expect(first.getAttribute('class')).resolves.toBe('primary');
    await expect(page.locator('.view.awaiting button.primary').count()).resolves.toBe(1);
    await expect(page.locator('.qr-frame').getAttribute('class')).resolves.toBe('qr-frame dimmed');
    expect(Number(await styleOf(page, '.qr-frame', 'opacity'))).toBeLessThan(0.6);
    await expect(page.locator('.qr-note[data-note=loopback]').textContent()).resolves.toBe(
      'This QR code opens only on this computer, not on a phone.',
    );
    await expect(page.locator('.qr-side .path-label').count()).resolves.toBe(0);
    await expect(page.getByTestId('trust-line').textContent()).resolves.toContain('Approve only if your browser shows 127.0.0.1:3000');
    await expect(page.locator('main').innerText()).resolves.not.toContain('your phone');
    await expect(page.getByTestId('verification-uri').textContent()).resolves.toBe('http://127.0.0.1:3000/device');
    expect(await styleOf(page, '.uri-insecure', 'color')).not.toBe(await styleOf(page, '.uri-path', 'color'));
    const opened = screen.bridge.opened.length;
    await first.click();
    await expect.poll(() => screen.bridge.opened.slice(opened)).toEqual([`${loopbackPage}?user_code=WDJB-MJHT`]);
    expect(await captureScreen(page, 'awaiting-on-this-computer')).toEqual([]);
  });
});

describe('the code screen while the user approves', () => {
  it('has no filled button where a phone can scan: copy, open, then a quiet Cancel, in one row', async () => {
    await screen.show(awaiting(), shown('WDJB-MJHT'));
    const { page } = screen;
    await expect(page.locator('.view.awaiting button.primary').count()).resolves.toBe(0);
    await expect(page.locator('.view.awaiting .actions button').allTextContents()).resolves.toEqual([
      'Copy code',
      'Open in browser',
      'Cancel',
    ]);
    const tops = await page.evaluate<number[]>(
      `[...document.querySelectorAll('.view.awaiting .actions button')].map((button) => button.getBoundingClientRect().top)`,
    );
    expect(new Set(tops).size, 'one row in English').toBe(1);
    await expect(styleOf(page, '.view.awaiting .actions button.quiet', 'border-top-color')).resolves.toBe('rgba(0, 0, 0, 0)');
  });

  it('can be worked with the keyboard alone: copy, open, cancel, in that order, and Escape cancels', async () => {
    await screen.show({ status: 'requesting' });
    await screen.show(awaiting(), shown('WDJB-MJHT'));
    const { page } = screen;
    await page.locator('h1:focus').waitFor();
    const next = async (): Promise<string | null> => {
      await page.keyboard.press('Tab');
      return page.locator('button:focus').textContent();
    };
    await expect(next()).resolves.toBe('Copy code');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(screen.bridge.copied.at(-1)).toBe('WDJB-MJHT');
    await expect(next()).resolves.toBe('Open in browser');
    await expect(next()).resolves.toBe('Cancel');
    const before = suite.flow.calls.length;
    await page.keyboard.press('Space');
    await expect.poll(() => suite.calledSince(before)).toEqual(['cancel']);
    await page.keyboard.press('Escape');
    await expect.poll(() => suite.calledSince(before)).toEqual(['cancel', 'cancel']);
  });

  it('says right under "Open in browser" when main refuses the page or no browser starts, and nothing when it opens', async () => {
    const lanPage = 'http://192.168.1.20:3000/device';
    const lanCode = awaiting({
      userCode: 'KLMN-PQRS',
      verificationUri: lanPage,
      verificationUriComplete: `${lanPage}?user_code=KLMN-PQRS`,
    });
    await screen.show(lanCode, shown('KLMN-PQRS'));
    const { page, bridge } = screen;
    const open = page.getByRole('button', { name: 'Open in browser' });
    await open.click();
    await expect(page.getByTestId('open-note').textContent()).resolves.toContain('Scan the QR code with your phone instead');
    expect((await boxOf(page, '[data-testid=open-note]')).top - (await boxOf(page, '.view.awaiting .actions')).bottom).toBeLessThan(16);
    await screen.show(awaiting(), shown('WDJB-MJHT'));
    await expect.poll(() => page.getByTestId('open-note').count()).toBe(0);
    bridge.withoutBrowser(true);
    try {
      await open.click();
      await expect(page.getByTestId('open-note').textContent()).resolves.toContain("Couldn't start a browser on this computer");
    } finally {
      bridge.withoutBrowser(false);
    }
    // The note goes as the click is handled, before main's answer: the page opened is waited for, and must be this click's.
    const openedBefore = bridge.opened.length;
    await open.click();
    await expect.poll(() => page.getByTestId('open-note').count()).toBe(0);
    await expect.poll(() => bridge.opened.slice(openedBefore)).toEqual([`${verificationUri}?user_code=WDJB-MJHT`]);
  });
});
