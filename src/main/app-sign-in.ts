/**
 * Electron's side of opening a sign-in for one reading of the policy (src/main/policy-follower.ts
 * decides when): the sessions' proxy, the extra authorities of `caFile`, the vault in the OS
 * keychain, Chromium's network stack, and the window's environment with the admin's logo read
 * from disk.
 */
import { net, session } from 'electron';
import { readCaFile } from '../core/ca-file.ts';
import type { ClientConfig } from '../core/config.ts';
import { SignInError } from '../core/errors.ts';
import type { Log } from '../core/log.ts';
import { openLogoFile, windowEnvironment } from './branding.ts';
import { fetchRefusingRedirects } from './electron-fetch.ts';
import { verifierTrusting } from './extra-authorities.ts';
import type { PolicyFollowerOptions } from './policy-follower.ts';
import type { AppSettings } from './provider-config.ts';
import { setUpSignIn } from './sign-in-setup.ts';

/**
 * electron-updater downloads through a session of its own, this partition, made with these
 * options (electron-updater/out/electronHttpExecutor.js): the admin's proxy must reach it too.
 */
export const updaterPartition = { name: 'electron-updater', options: { cache: false } } as const;

export function electronSignInOpener(log: Log): Pick<PolicyFollowerOptions, 'open' | 'describe'> {
  return {
    open: async (settings) => {
      // The admin's proxy for fleets whose OS settings are not enough; net.fetch uses defaultSession. Unset, the OS's.
      const proxy = settings.proxy ?? { mode: 'system' as const };
      await Promise.all([
        session.defaultSession.setProxy(proxy),
        session.fromPartition(updaterPartition.name, updaterPartition.options).setProxy(proxy),
      ]);
      const trusted = await trustExtraAuthorities(settings);
      const provider = trusted === undefined ? settings.choice : { kind: 'invalid' as const, message: trusted.message };
      // Only a real provider's sessions are kept; the demo provider starts afresh every run. Loaded
      // only then: electron-store, its schema validator and the keyring are not needed by the demo.
      const storage = settings.resolved?.settings.tokenStorage ?? 'protected';
      const openVault = async (config: ClientConfig) => (await import('./open-app-vault.ts')).openAppVault(config, storage);
      const vault = provider.kind === 'configured' ? { vault: await openVault(provider.config) } : {};
      const fetch = fetchRefusingRedirects((url, init) => net.fetch(url, init));
      const multipleAccounts = settings.resolved?.settings.multipleAccounts ?? true;
      return setUpSignIn({ choice: provider, fetch, ...vault, managed: settings.managed, log, multipleAccounts });
    },
    describe: (settings, setup) => windowEnvironment(settings, setup, openLogoFile, log),
  };
}

/**
 * Trusts the authorities of `caFile` besides the OS's store, or the OS's store alone when it is
 * unset. A file that cannot be used is the sign-in's error (returned), as the command line
 * refuses it: signing in without the gateway's CA would only fail later, less clearly.
 */
async function trustExtraAuthorities(settings: AppSettings): Promise<SignInError | undefined> {
  const caFile = settings.resolved?.settings.caFile;
  if (caFile === undefined) {
    session.defaultSession.setCertificateVerifyProc(null);
    return undefined;
  }
  try {
    const verify = verifierTrusting(await readCaFile(caFile));
    session.defaultSession.setCertificateVerifyProc((request, callback) => {
      callback(verify(request));
    });
    return undefined;
  } catch (error) {
    if (error instanceof SignInError) return error;
    throw error;
  }
}
