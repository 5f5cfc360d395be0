/**
 * Electron's side of opening a sign-in for one reading of the policy (src/main/policy-follower.ts
 * decides when): the session's proxy, the vault in the OS keychain, Chromium's network stack,
 * and the window's environment with the admin's logo read from disk.
 */
import { net, session } from 'electron';
import type { Log } from '../core/log.ts';
import { openLogoFile, windowEnvironment } from './branding.ts';
import { openAppVault } from './electron-vault.ts';
import type { PolicyFollowerOptions } from './policy-follower.ts';
import { setUpSignIn } from './sign-in-setup.ts';

export function electronSignInOpener(log: Log): Pick<PolicyFollowerOptions, 'open' | 'describe'> {
  return {
    open: async (settings) => {
      // The admin's proxy for fleets whose OS settings are not enough; net.fetch uses this session. Unset, the OS's.
      await session.defaultSession.setProxy(settings.proxy ?? { mode: 'system' });
      const provider = settings.choice;
      // Only a real provider's sessions are kept; the demo provider starts afresh every run.
      const vault = provider.kind === 'configured' ? { vault: await openAppVault(provider.config, settings.resolved?.settings.tokenStorage ?? 'protected') } : {};
      return setUpSignIn({ choice: provider, fetch: (url, init) => net.fetch(url, init), ...vault, managed: settings.managed, log });
    },
    describe: (settings, setup) => windowEnvironment(settings, setup, openLogoFile, log),
  };
}
