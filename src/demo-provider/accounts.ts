import type { Account, FindAccount } from 'oidc-provider';

/**
 * AAGUID reported for `hw-` logins: Yubico's published AAGUID for the YubiKey 5 (USB-A, firmware 5.1),
 * so demos show a value an attestation check would actually recognise.
 */
export const DEMO_HARDWARE_AAGUID = 'cb69481e-8ff7-4039-93ec-0a2729a154a8';

/** Logins with this prefix stand for users who signed in with a hardware security key. */
export const HARDWARE_LOGIN_PREFIX = 'hw-';

/**
 * Which claims each scope releases (OIDC Core §5.4). The hardware claims ride on `profile` so an app that
 * asks for the usual scopes sees them in userinfo without a custom scope.
 */
export const DEMO_SCOPE_CLAIMS = {
  profile: ['name', 'hardware_verified', 'hardware_aaguid'],
  email: ['email', 'email_verified'],
} as const;

/** Every claim the demo knows about a login; oidc-provider filters them down to what the granted scopes release. */
export function claimsForLogin(login: string): { sub: string; [claim: string]: unknown } {
  const claims: { sub: string; [claim: string]: unknown } = {
    sub: login,
    name: displayNameFor(login),
    email: `${login}@example.test`,
    email_verified: true,
  };
  if (login.startsWith(HARDWARE_LOGIN_PREFIX)) {
    claims['hardware_verified'] = true;
    claims['hardware_aaguid'] = DEMO_HARDWARE_AAGUID;
  }
  return claims;
}

/** 'alice' → 'Alice', 'hw-bob' → 'Hw Bob', 'jane.doe' → 'Jane Doe'. */
export function displayNameFor(login: string): string {
  const words = login.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
  if (words.length === 0) return login;
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ');
}

/**
 * oidc-provider's account lookup. devInteractions accept any login and make it the `sub`,
 * so every `sub` is a valid account here.
 */
export const findDemoAccount: FindAccount = (_ctx, sub): Account => ({
  accountId: sub,
  claims: () => claimsForLogin(sub),
});
