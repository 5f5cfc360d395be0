/**
 * What the suite needs from the machine: a Secret Service (gnome-keyring), Chromium, plistutil.
 * Where one is missing, a developer's run skips those cases and says why; on CI (`CI=true`) the
 * run fails instead, since a CI that silently skips some twenty keyring cases proves nothing.
 */

/** Says why `what` is missing; throws on CI, where it must not be. Returns whether to go on (false: skip). */
export function requirement(what: string, missing: string | undefined): boolean {
  if (missing === undefined) return true;
  if (process.env.CI === 'true') throw new Error(`${what} is required on CI (CI=true), and ${missing}.`);
  console.warn(`skipped: ${what} is missing: ${missing}`);
  return false;
}
