/**
 * The admin's brand and help desk on the sign-in window, in the real built renderer in Chromium:
 * the organization in the heading under its logo, the help desk where it helps and only once, and
 * the README's pictures, taken from an organization's window.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnvironment } from '../../src/shared/ipc.ts';
import { boxOf, layoutProblems, screenFit } from '../support/layout-checks.ts';
import { awaiting, signedIn, verificationUri } from '../support/screen-states.ts';
import { type ScreenSuite, startScreens } from '../support/screen-window.ts';
import { captureScreen, readQrFromScreen, screenshotDir } from '../support/window-checks.ts';

let suite: ScreenSuite;

beforeAll(async () => {
  suite = await startScreens();
});

afterAll(async () => {
  await suite.close();
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
  it('names the organization under its logo, and fits the code screen with every action in the default window', async () => {
    const screen = await suite.open({ environment: branded });
    try {
      await screen.show(awaiting(), '[data-testid=user-code]:has-text("WDJB-MJHT")');
      const { page } = screen;
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in to Example Corp');
      const logoBox = await boxOf(page, 'img.brand-logo');
      expect(logoBox.height).toBeLessThanOrEqual(32);
      expect(logoBox.bottom).toBeLessThanOrEqual((await boxOf(page, 'h1')).top);
      await expect(page.getByTestId('issuer-note').textContent()).resolves.toBe('Your account is at login.corp.example.');
      const fit = await screenFit(page);
      expect([fit.documentHeight <= fit.windowHeight, fit.actionsOutside, fit.problems]).toEqual([true, [], []]);
      expect(await captureScreen(page, 'awaiting-user-branded')).toEqual([]);
      await screen.show(signedIn({ issuer: branded.issuer }), '[data-testid=profile-name]:has-text("Ada Lovelace")');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Signed in to Example Corp');
    } finally {
      await screen.close();
    }
  });

  it('shows the help desk in the footer, and on an admin error in the body only, keeping its extension whole', async () => {
    const screen = await suite.open({ environment: branded });
    try {
      const { page } = screen;
      await screen.show({ status: 'idle' });
      await expect(page.locator('.provider-where').textContent()).resolves.toBe(
        'Signing in with login.corp.example · managed by your organization',
      );
      await expect(page.locator('.footer-help a').getAttribute('href')).resolves.toBe('https://help.corp.example/sign-in');
      await expect(page.locator('.footer-help').textContent()).resolves.toContain('IT desk, extension\u00a04357');
      await expect(page.locator('.demo-notice').count()).resolves.toBe(0);
      await screen.show(
        { status: 'error', code: 'invalid_client', message: 'client authentication failed' },
        '.view.error[data-error-class=admin]',
      );
      const help = page.locator('.view .help-desk');
      await expect(help.getByRole('link', { name: 'Get help from your help desk' }).getAttribute('href')).resolves.toBe(
        'https://help.corp.example/sign-in',
      );
      await expect(page.getByTestId('help-desk').count(), 'the help desk once, where the error is').resolves.toBe(1);
      await expect(page.getByRole('button', { name: 'Try again' }).count()).resolves.toBe(0);
      expect(await captureScreen(page, 'error-admin-branded')).toEqual([]);
    } finally {
      await screen.close();
    }
  });

  it('names where the setting came from: Group Policy, a configuration profile, the policy file or the installer', async () => {
    const sources = {
      'group-policy': 'Group Policy',
      'configuration-profile': 'configuration profile',
      'policy-file': 'policy file',
      installer: 'installer',
    } as const;
    for (const [kind, words] of Object.entries(sources)) {
      const screen = await suite.open({ environment: { ...branded, managedBy: { issuer: kind as keyof typeof sources } } });
      await screen.show({ status: 'idle' });
      await expect(screen.page.locator('.provider-where').textContent(), kind).resolves.toBe(
        `Signing in with login.corp.example · set by your organization's ${words}`,
      );
      await screen.close();
    }
  });

  it('says nothing of management, help desk or brand where the policy sets none; warns of a sign-in kept unprotected', async () => {
    const plain = await suite.open({ environment: { demo: false, issuer: 'https://login.example.test', managed: [] } });
    await plain.show({ status: 'idle' });
    await expect(plain.page.locator('.provider-line .managed, [data-testid=help-desk], img.brand-logo').count()).resolves.toBe(0);
    await plain.close();
    const weak = await suite.open({
      environment: { demo: false, issuer: 'https://login.example.test', managed: ['tokenStorage'], storage: 'weak' },
    });
    await weak.show(signedIn(), '[data-testid=weak-storage]');
    await expect(weak.page.getByTestId('weak-storage').textContent()).resolves.toContain('without a keyring to protect it');
    await expect(weak.page.getByTestId('weak-storage').getAttribute('data-tone')).resolves.toBe('warning');
    expect(await captureScreen(weak.page, 'signed-in-weak-storage')).toEqual([]);
    await weak.close();
  });
});

/** A mark such as an admin would ship: 32 px tall, vector. */
const svgLogo = `data:image/svg+xml;base64,${Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">' +
    '<rect width="32" height="32" rx="8" fill="#1f5fd1"/>' +
    '<path d="M9 10h14v3H12.5v2H21v3h-8.5v2H23v3H9z" fill="#fff"/></svg>',
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
    const screen = await suite.open({ environment: organization });
    try {
      const { page } = screen;
      await screen.show(awaiting(), '[data-testid=user-code]:has-text("WDJB-MJHT")');
      await expect(readQrFromScreen(page)).resolves.toBe(`${verificationUri}?user_code=WDJB-MJHT`);
      await page.screenshot({ path: join(screenshotDir, 'readme-code-and-qr.png'), animations: 'disabled' });
      await screen.show(signedIn({ issuer: organization.issuer }), '[data-testid=profile-name]:has-text("Ada Lovelace")');
      await page.screenshot({ path: join(screenshotDir, 'readme-signed-in.png'), animations: 'disabled' });
      expect(await layoutProblems(page)).toEqual([]);
    } finally {
      await screen.close();
    }
  });
});
