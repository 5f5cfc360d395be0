/**
 * What the end-to-end tests do to the sign-in window besides clicking: read the QR code back
 * from the screen's pixels, run axe, and save screenshots of a screen in light and dark.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import axe, { type Result } from 'axe-core';
// jsqr is CommonJS whose typings declare an ES default export: under NodeNext that is `.default`.
import jsqr from 'jsqr';
import type { Page } from 'playwright-core';
import { decodePng } from './png.ts';

export const screenshotDir = resolve(import.meta.dirname, '../../test-output/screenshots');

/** The text of the QR code visible in the window, decoded from a screenshot as a phone camera would. */
export async function readQrFromScreen(page: Page): Promise<string> {
  const image = decodePng(await page.screenshot({ animations: 'disabled' }));
  const found = jsqr.default(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
  if (found === null) throw new Error('No QR code could be read from the window.');
  return found.data;
}

const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * The rules of those whose outcome a colour scheme can change. The dark scheme changes colours
 * and nothing else (test/renderer/styles/dark-scheme.test.ts keeps it so), so in dark only these
 * run again: the others would give what they gave in light.
 */
export const colourRules: readonly string[] = ['color-contrast', 'link-in-text-block'];

const describeViolations = (violations: readonly Result[]): string[] =>
  violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);

/**
 * axe's violations on the page as it is now, one readable line each (empty when clean). axe is
 * put into the page once (over the DevTools protocol, so the page's CSP does not apply) instead
 * of before every run, which is most of a run's time.
 */
export async function axeViolationsOnce(page: Page, rules?: readonly string[]): Promise<string[]> {
  const present = await page.evaluate('typeof window.axe === "object"');
  if (present !== true) await page.evaluate(axe.source);
  const runOnly = rules === undefined ? { type: 'tag', values: axeTags } : { type: 'rule', values: rules };
  // Only the violations are wanted: axe then keeps one node per rule of the other kinds.
  const options = `{ runOnly: ${JSON.stringify(runOnly)}, resultTypes: ['violations'] }`;
  const run = `axe.run(document, ${options}).then((results) => results.violations)`;
  const violations = await page.evaluate<Result[]>(run);
  return describeViolations(violations);
}

/**
 * Saves `<name>-light.png` and `<name>-dark.png` and returns axe's violations: every rule in
 * light, the colour rules again in dark (their contrasts differ).
 */
export async function captureScreen(page: Page, name: string): Promise<string[]> {
  await mkdir(screenshotDir, { recursive: true });
  const violations: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    await writeFile(join(screenshotDir, `${name}-${colorScheme}.png`), await page.screenshot({ animations: 'disabled' }));
    const rules = colorScheme === 'dark' ? colourRules : undefined;
    violations.push(...(await axeViolationsOnce(page, rules)).map((line) => `[${colorScheme}] ${line}`));
  }
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  return violations;
}
