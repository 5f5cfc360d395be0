/**
 * The promises the window's layout makes at every size, measured in the page by
 * test/support/browser/layout-probe.ts: nothing scrolls sideways, nothing sticks out of the
 * viewport, no block's content spills out of its box, and no two blocks overlap. Also computed
 * styles and what a selection or a copy gives, which only the page can say.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { transformWithOxc } from 'vite';

export interface WindowSize {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly scale: number;
}

export const minimumWindow: WindowSize = { name: '360x560', width: 360, height: 560, scale: 1 };
export const defaultWindow: WindowSize = { name: '460x720', width: 460, height: 720, scale: 1 };
export const largeWindow: WindowSize = { name: '1280x860', width: 1280, height: 860, scale: 1 };
/** The default window at 200 % zoom: half the CSS pixels, each drawn twice as large. */
export const zoomedWindow: WindowSize = { name: '230x360@2x', width: 230, height: 360, scale: 2 };

export const windowSizes: readonly WindowSize[] = [minimumWindow, defaultWindow, largeWindow, zoomedWindow];

/** The blocks a screen is made of; the containers that only arrange them are left out. */
const blocks = [
  '.demo-notice',
  '.brand-logo',
  '.status-mark',
  'h1',
  '.view > p',
  '.view > button',
  '.view > .details',
  '.view > .profile',
  '.other-accounts > h2',
  '.account',
  '.account > *',
  '.account-actions > *',
  '.qr-frame',
  '.qr-note',
  '.qr-side > p',
  '.steps-side > *',
  '.status-row > *',
  '.view.awaiting .actions > *',
  '.user-code-value',
  '.copy-button',
  '.provider-line',
  'dialog[open]',
  'dialog[open] > *',
].join(', ');

const probeFile = join(import.meta.dirname, 'browser/layout-probe.ts');
let probeScript: Promise<string> | undefined;

/**
 * The probe as a script that defines `layoutProbe` in the page (evaluated over the DevTools
 * protocol, so the page's CSP does not apply).
 */
async function loadProbe(): Promise<string> {
  const { code } = await transformWithOxc(await readFile(probeFile, 'utf8'), probeFile);
  const body = code.replace(/^export /gm, '');
  const names = [...body.matchAll(/^function (\w+)/gm)].map((match) => match[1]).join(', ');
  return `globalThis.layoutProbe = (() => {\n${body}\nreturn { ${names} };\n})();`;
}

/** What the page answers to a call when its document has no probe yet. */
const probeMissing = 'layout probe missing';

/**
 * Calls one of the probe's functions in the page, installing the probe first where it is missing.
 * The call goes alone, and the probe (about 10 KB) only to a document that lacks it: sent with
 * every call, it was most of what the suites sent Chromium, and compiled again on each.
 */
export async function probe<Result>(page: Page, name: string, ...args: readonly unknown[]): Promise<Result> {
  const call = `layoutProbe.${name}(${args.map((arg) => JSON.stringify(arg)).join(', ')})`;
  const answer = await page.evaluate<unknown>(`typeof layoutProbe === 'undefined' ? ${JSON.stringify(probeMissing)} : ${call}`);
  if (answer !== probeMissing) return answer as Result;
  probeScript ??= loadProbe();
  const script = await probeScript;
  return page.evaluate<Result>(`(() => { if (typeof layoutProbe === 'undefined') { ${script} } return ${call}; })()`);
}

/** One line per broken promise; empty when the layout holds. */
export function layoutProblems(page: Page): Promise<string[]> {
  return probe<string[]>(page, 'layoutProblems', blocks);
}

/** A computed style property of the first element matching `selector`. */
export function styleOf(page: Page, selector: string, property: string): Promise<string> {
  return probe<string>(page, 'styleOf', selector, property);
}

export interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly width: number;
  readonly height: number;
}

/** The element's box in CSS pixels, or a failed test naming what was missing. */
export async function boxOf(page: Page, selector: string): Promise<Box> {
  const box = await page.locator(selector).first().boundingBox();
  if (box === null) throw new Error(`${selector} is not on the screen`);
  return { left: box.x, top: box.y, right: box.x + box.width, bottom: box.y + box.height, width: box.width, height: box.height };
}

/** What fits and what does not, measured in the page in one round trip (layout-probe.ts's screenFit). */
export interface ScreenFit {
  readonly documentHeight: number;
  readonly windowHeight: number;
  readonly actionsOutside: readonly string[];
  readonly trustLineInside: boolean | undefined;
  readonly problems: readonly string[];
}

export function screenFit(page: Page): Promise<ScreenFit> {
  return probe<ScreenFit>(page, 'screenFit', blocks);
}

/** Where Japanese must break between phrases, never inside a word: headings, buttons, path labels, the status. */
export const phraseBroken = 'h1, button, .path-label, .status-row';

/** Words of `selector`'s text that a line break cut in two (layout-probe.ts's wordsSplitAcrossLines). */
export function wordsSplitAcrossLines(page: Page, selector: string): Promise<string[]> {
  return probe<string[]>(page, 'wordsSplitAcrossLines', selector);
}

/** Text that a box cuts off (overflow hidden or an ellipsis), one line each. */
export function clippedText(page: Page): Promise<string[]> {
  return probe<string[]>(page, 'clippedText');
}

/** On a page in the pseudo-locale: visible words that did not come through the catalog. */
export function textOutsideCatalog(page: Page): Promise<string[]> {
  return probe<string[]>(page, 'textOutsideCatalog');
}

/** The left edge of each character of the first element matching `selector`, in DOM order. */
export function characterLefts(page: Page, selector: string): Promise<number[]> {
  return probe<number[]>(page, 'characterLefts', selector);
}

/** What has the keyboard's focus, and whether its focus ring is drawn. */
export function focusedElement(page: Page): Promise<{ readonly name: string; readonly ring: boolean }> {
  return probe(page, 'focusedElement');
}
