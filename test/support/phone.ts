import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

/*
 * Plays the user's phone in the device flow (RFC 8628 §3.3): a real Chromium opens the verification URI
 * served by the demo provider, confirms the code, signs in on oidc-provider's dev login page and grants
 * consent. Every step waits for the element of the next page, never for a fixed time.
 */

/** Who signs in on the phone. devInteractions accept any login and password; the login becomes `sub`. */
export interface PhoneUser {
  login: string;
  password?: string;
}

/** How long one step (a page load, a click's navigation) may take before the phone gives up. */
const STEP_TIMEOUT_MS = 15_000;

/** Debian's full Chromium: the browser the bench's table is measured in, and the tests' where the shell below is missing. */
export const fullChromium = '/usr/bin/chromium';

/**
 * Debian's Chromium headless shell (`apt-get install chromium-headless-shell`), the tests'
 * browser where installed: the same Blink and V8 without the full browser around them. Playwright
 * runs headless pages in it by default for that reason; here it took the screens suites' Chromium
 * CPU from about 18 to 10 CPU-seconds for the same pages, and the whole run's from about 390 to 160.
 */
export const headlessShell = '/usr/bin/chromium-headless-shell';

/** Chromium headless, with its own background traffic switched off. */
export const browserLaunchOptions = {
  executablePath: existsSync(headlessShell) ? headlessShell : fullChromium,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // Test traffic may only reach loopback: every host but 127.0.0.1 fails to resolve.
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  ],
};

/** The worker process's Chromium (vitest), launched by its first file that needs one and kept for the others. */
let workerBrowser: Promise<Browser> | undefined;

/**
 * A Chromium for this test file, or for a script (the bench, the transcript) its own, which its
 * close() ends. Under vitest, each worker process launches one and its files share it: each file
 * gets it as borrowedBrowser() gives it, so what it opens is its own and closed with it. A few
 * launches cost less than the run's one Chromium that files used to connect to, since every
 * message of every file crossed the test runner's own process twice (about 50 CPU-seconds of that
 * process in a run). Playwright is loaded here, not on import: it takes about half a second of CPU
 * to load, and many files import these helpers without a browser.
 */
export async function launchBrowser(executablePath = browserLaunchOptions.executablePath): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const launch = (): Promise<Browser> => chromium.launch({ ...browserLaunchOptions, executablePath });
  if (process.env.VITEST === undefined) return launch();
  let browser = await (workerBrowser ??= launch());
  if (!browser.isConnected()) browser = await (workerBrowser = launch());
  return borrowedBrowser(browser);
}

/**
 * The worker's browser as one file sees it: the contexts it opens (a page of its own is in a context
 * of its own, as Playwright's newPage makes it) are listed as its only ones and closed by its close();
 * the browser itself stays for the worker's next file.
 */
function borrowedBrowser(browser: Browser): Browser {
  const own = new Set<BrowserContext>();
  const newContext: Browser['newContext'] = async (options) => {
    const context = await browser.newContext(options);
    own.add(context);
    context.once('close', () => own.delete(context));
    return context;
  };
  const overrides: Partial<Browser> = {
    newContext,
    newPage: async (options) => {
      const context = await newContext(options);
      const page = await context.newPage();
      page.once('close', () => void context.close());
      return page;
    },
    contexts: () => [...own],
    close: async () => {
      await Promise.all([...own].map((context) => context.close()));
    },
  };
  return new Proxy(browser, {
    get: (target, key): unknown => {
      if (key in overrides) return Reflect.get(overrides, key);
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value as (this: Browser, ...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Opens `verification_uri_complete` (RFC 8628 §3.3.1), confirms the code shown, signs in as `user`,
 * grants consent and waits for the success page.
 */
export async function approveOnPhone(browser: Browser, verificationUriComplete: string, user: PhoneUser): Promise<void> {
  await onFreshPhone(browser, async (page) => {
    await page.goto(verificationUriComplete);
    await confirmCode(page);
    await signInAndConsent(page, user);
  });
}

/**
 * Opens the plain `verification_uri` (RFC 8628 §3.3), types `userCode` the way a user would, then
 * confirms, signs in as `user`, grants consent and waits for the success page.
 */
export async function enterCodeOnPhone(browser: Browser, verificationUri: string, userCode: string, user: PhoneUser): Promise<void> {
  await onFreshPhone(browser, async (page) => {
    await page.goto(verificationUri);
    const codeInput = page.locator('form[id="op.deviceInputForm"] input[name=user_code]');
    await codeInput.fill(userCode);
    // No waiting for the entry page to go: a wrong code brings it back, with a message confirmCode reports.
    await page.locator('button[type=submit][form="op.deviceInputForm"]').click();
    await confirmCode(page);
    await signInAndConsent(page, user);
  });
}

/** Opens `verification_uri_complete` and presses Abort on the confirm page: the device gets `access_denied`. */
export async function denyOnPhone(browser: Browser, verificationUriComplete: string): Promise<void> {
  await onFreshPhone(browser, async (page) => {
    await page.goto(verificationUriComplete);
    const abort = page.locator('button[name=abort][form="op.deviceConfirmForm"]');
    await reach(page, abort);
    await abort.click();
    // oidc-provider answers an abort with its code entry page, saying the sign-in was interrupted.
    await reach(page, page.locator('[data-page=code-entry] [data-outcome=aborted]'));
  });
}

/**
 * The phone of one file's browser (launchBrowser): one context and one page, kept for every
 * visit. A file approves several codes, and a new context with its page costs Chromium about
 * 0.2 CPU-s in the headless shell (0.8 in the full browser), so the phone is made once; each
 * visit starts with no cookies (the provider's session is its cookies), so nothing of a previous
 * visit's sign-in carries over. Visits on one phone take turns.
 */
interface Phone {
  readonly page: Page;
  /** The visit before this one, settled or not: the next one starts after it. */
  turn: Promise<unknown>;
}

const phones = new WeakMap<Browser, Promise<Phone>>();

async function openPhone(browser: Browser): Promise<Phone> {
  // The phone trusts the company CA (as a managed phone would), so https test providers load.
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  await allowOnlyLoopback(context);
  return { page: await context.newPage(), turn: Promise.resolve() };
}

/** A visit on the phone, after the visits before it, with the cookies of none of them. */
async function onFreshPhone(browser: Browser, visit: (page: Page) => Promise<void>): Promise<void> {
  const opening = phones.get(browser) ?? openPhone(browser);
  phones.set(browser, opening);
  const phone = await opening;
  // Read and replaced with no await between, so that two visits never follow the same one.
  const mine = phone.turn
    .catch(() => undefined)
    .then(async () => {
      await phone.page.context().clearCookies();
      await visit(phone.page);
    });
  phone.turn = mine;
  await mine;
}

async function allowOnlyLoopback(context: BrowserContext): Promise<void> {
  await context.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    return isLoopback(hostname) ? route.continue() : route.abort('blockedbyclient');
  });
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * The confirm page (RFC 8628 §5.4 asks the user to check the code). Reached through an auto-submitting form
 * when the URL carried `user_code`, or after typing the code.
 */
async function confirmCode(page: Page): Promise<void> {
  const confirm = page.locator('button[type=submit][form="op.deviceConfirmForm"]:not([name=abort])');
  await reach(page, confirm);
  await submitAndLeave(confirm, confirm);
}

/**
 * Waits for `wanted`, or fails at once with the provider's message when it shows an outcome instead
 * (an unknown, expired or used code), rather than timing out.
 */
async function reach(page: Page, wanted: Locator): Promise<void> {
  const failure = page.locator('[data-outcome]');
  await wanted.or(failure).first().waitFor();
  if (!(await wanted.first().isVisible())) await throwRefusal(failure);
}

async function throwRefusal(failure: Locator): Promise<never> {
  const [outcome, text] = await Promise.all([failure.first().getAttribute('data-outcome'), failure.first().innerText()]);
  throw new Error(`phone: the provider refused the sign-in (${String(outcome)}): ${text.trim()}`);
}

/**
 * After the confirm page oidc-provider runs its interactions: login (unless a session exists), then consent
 * (unless already granted). Handles whichever page comes next until the success page, or fails with what
 * the provider said.
 */
async function signInAndConsent(page: Page, user: PhoneUser): Promise<void> {
  const loginField = page.locator('form:has(input[name=prompt][value=login]) input[name=login]');
  const consentButton = page.locator('form:has(input[name=prompt][value=consent]) button[type=submit]');
  const success = page.locator('[data-page=success]');
  const failure = page.locator('[data-outcome]');

  // login + consent, with room for one more interaction oidc-provider might add.
  for (let step = 0; step < 3; step += 1) {
    await loginField.or(consentButton).or(success).or(failure).first().waitFor();
    if (await success.isVisible()) return;
    if (await failure.isVisible()) await throwRefusal(failure);
    if (await loginField.isVisible()) {
      await loginField.fill(user.login);
      await page.locator('form:has(input[name=prompt][value=login]) input[name=password]').fill(user.password ?? 'demo');
      await submitAndLeave(page.locator('form:has(input[name=prompt][value=login]) button[type=submit]'), loginField);
    } else if (await consentButton.isVisible()) {
      await submitAndLeave(consentButton, consentButton);
    }
  }
  await success.waitFor();
}

/** Clicks `button` and waits until `marker` is gone, i.e. the browser has left the page. */
async function submitAndLeave(button: Locator, marker: Locator): Promise<void> {
  await button.click();
  await marker.waitFor({ state: 'detached' });
}
