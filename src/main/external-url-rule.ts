/**
 * The one rule for shell.openExternal: the system browser opens only the verification page of
 * the sign-in that is showing right now, and only over https (plain http only to this machine,
 * for the embedded demo provider). The renderer never supplies the URL, so a compromised page
 * cannot turn the app into a launcher for arbitrary links or protocol handlers.
 * Plain code with no Electron import so that it is tested directly.
 */
import type { FlowState } from '../shared/flow-state.ts';
import { pageToVisit } from '../shared/verification-page.ts';
import { type HttpAllowance, openableUrl } from '../core/protocol/uri-safety.ts';

/** The page the person is asked to visit, prefilled with the code when the server offers it. */
export function verificationPageOf(state: FlowState): string | undefined {
  return state.status === 'awaiting_user' ? pageToVisit(state) : undefined;
}

/** https anywhere, http only on loopback or an allowed host; never credentials in the URL (the core's rule). */
export function isOpenableUrl(value: string, allowance: HttpAllowance = {}): boolean {
  return openableUrl(value, allowance) !== undefined;
}

/**
 * The help-desk link the window may hand to the system browser: exactly the admin's
 * `support.url`, and only over https. Any other link the page tries to open stays closed.
 */
export function helpDeskLinkToOpen(url: string, support: { readonly url?: string } | undefined): string | undefined {
  if (support?.url === undefined || url !== support.url) return undefined;
  return openableUrl(url)?.protocol === 'https:' ? url : undefined;
}

/**
 * The URL main may open for this state, or undefined when it must refuse. `allowance` is the
 * configuration's own (the LAN demo's host), so a page the core accepted is never refused here.
 */
export function externalUrlToOpen(state: FlowState, allowance: HttpAllowance = {}): string | undefined {
  const page = verificationPageOf(state);
  return page !== undefined && isOpenableUrl(page, allowance) ? page : undefined;
}
