/**
 * The one rule for shell.openExternal: the system browser opens only the verification page of
 * the sign-in that is showing right now, and only over https (plain http only to this machine,
 * for the embedded demo provider). The renderer never supplies the URL, so a compromised page
 * cannot turn the app into a launcher for arbitrary links or protocol handlers.
 * Plain code with no Electron import so that it is tested directly.
 */
import type { FlowState } from '../shared/flow-state.ts';
import { isLoopbackHost } from '../shared/loopback.ts';

/** The page the person is asked to visit, prefilled with the code when the server offers it. */
export function verificationPageOf(state: FlowState): string | undefined {
  if (state.status !== 'awaiting_user') return undefined;
  return state.verificationUriComplete ?? state.verificationUri;
}

/** https anywhere, http only on loopback; never credentials in the URL (a phishing favourite). */
export function isOpenableUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:') return url.hostname !== '';
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/** The URL main may open for this state, or undefined when it must refuse. */
export function externalUrlToOpen(state: FlowState): string | undefined {
  const page = verificationPageOf(state);
  return page !== undefined && isOpenableUrl(page) ? page : undefined;
}
