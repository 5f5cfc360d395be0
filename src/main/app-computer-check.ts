/**
 * Electron's side of "Check this computer" (computer-check.ts gathers, the core checks): the
 * network as the sign-in uses it (net.fetch, and the proxy the default session resolves for the
 * issuer), the OS's certificates, the keyring's probe item and the app's version and runtime.
 */
import { getCACertificates } from 'node:tls';
import { app, net, session } from 'electron';
import { systemClock } from '../core/clock.ts';
import type { DiagnosticReport } from '../core/diagnostics/report.ts';
import { keyringEntryName } from '../core/vault/keyring-names.ts';
import { keyringProblemOf, type KeyringProbeOutcome, probeKeyring } from '../core/vault/keyring-probe.ts';
import { systemKeyringEntry } from '../core/vault/system-keyring.ts';
import { computerCheck } from './computer-check.ts';
import { fetchRefusingRedirects } from './electron-fetch.ts';
import type { FollowedSignIn } from './policy-follower.ts';

export function appComputerCheck(followed: FollowedSignIn): () => Promise<DiagnosticReport> {
  return computerCheck({
    settings: () => followed.settings(),
    client: () => followed.client(),
    fetch: fetchRefusingRedirects((url, init) => net.fetch(url, init)),
    resolveProxy: (url) => session.defaultSession.resolveProxy(url),
    certificates: () => ({ system: getCACertificates('system'), bundled: getCACertificates('bundled') }),
    probeKeyring: probeAppKeyring,
    app: { version: app.getVersion(), platform: process.platform, arch: process.arch, runtime: `electron ${process.versions.electron}` },
  });
}

/** The app's probe item (the one its vault choice writes), written, read back and deleted. */
async function probeAppKeyring(): Promise<KeyringProbeOutcome> {
  try {
    return await probeKeyring(systemKeyringEntry(keyringEntryName('app', 'probe')), systemClock);
  } catch (error) {
    // Where no Secret Service runs, making the entry already throws: that is the keyring's answer too.
    const detail = error instanceof Error ? error.message : String(error);
    return { usable: false, problem: keyringProblemOf(detail), detail };
  }
}
