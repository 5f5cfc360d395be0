/**
 * The states the screens suite puts the window in, by name: every screen a person can meet,
 * including the brief and rare ones, for the screenshots and layout checks at every size.
 */
import type { AccountSummary } from '../../src/core/flow/flow-accounts.ts';
import type { FlowState } from '../../src/shared/flow-state.ts';

export type Awaiting = Extract<FlowState, { status: 'awaiting_user' }>;

export const verificationUri = 'https://login.example.test/device';

export function awaiting(extra: Partial<Awaiting> = {}): Awaiting {
  const userCode = extra.userCode ?? 'WDJB-MJHT';
  return {
    status: 'awaiting_user',
    userCode,
    verificationUri,
    verificationUriComplete: `${verificationUri}?user_code=${userCode}`,
    expiresAt: Date.now() + 9 * 60_000 + 41_000,
    interval: 5,
    slowedDown: false,
    ...extra,
  };
}

export const issuer = 'http://127.0.0.1:3000';

/** The embedded demo's page: on this computer, so no phone can open it and the browser is the way in. */
export const loopbackPage = 'http://127.0.0.1:3000/device';

export const awaitingOnThisComputer = (extra: Partial<Awaiting> = {}): Awaiting =>
  awaiting({
    verificationUri: loopbackPage,
    verificationUriComplete: `${loopbackPage}?user_code=${extra.userCode ?? 'WDJB-MJHT'}`,
    ...extra,
  });

export const signedIn = (profile: Partial<Extract<FlowState, { status: 'signed_in' }>['profile']> = {}): FlowState => ({
  status: 'signed_in',
  profile: { issuer, sub: 'ada', name: 'Ada Lovelace', email: 'ada@example.test', ...profile },
  persistence: 'stored',
});

/** Ada signed in, with a colleague's account and an admin identity of hers kept beside it. */
export const severalAccounts = (): readonly AccountSummary[] =>
  [
    { sub: 'ada', name: 'Ada Lovelace', email: 'ada@example.test' },
    { sub: 'grace', name: 'Grace Hopper', email: 'grace.hopper@example.test' },
    { sub: 'ada-admin', name: 'Ada Lovelace (admin)', email: 'admin.ada@example.test' },
  ].map((profile, index) => ({
    account: { issuer, sub: profile.sub },
    profile: { issuer, ...profile },
    current: index === 0,
    tokenType: 'Bearer',
  }));

/** A subject as some providers send it, with no name or email beside it. */
export const accountIdOnly = '248289761001-auth0-6f1c2d9e';

/** A screen to look at: the state, and what shows that the window has drawn it. */
export interface NamedScreen {
  readonly name: string;
  readonly state: () => FlowState;
  /** The accounts kept beside it; none by default. */
  readonly accounts?: () => readonly AccountSummary[];
  /** A selector present only once this state is drawn; the status alone by default. */
  readonly ready?: string;
}

/** Every screen, for the screenshots and the layout checks at every window size. */
export const everyScreen: readonly NamedScreen[] = [
  { name: 'idle', state: () => ({ status: 'idle' }), ready: 'main[data-status=idle] .view:not(:has(.notice))' },
  {
    name: 'idle-signed-out-refused',
    state: () => ({ status: 'idle', notice: { code: 'revocation_failed', revocation: 'refused' } }),
    ready: '.notice[data-notice=revocation_failed]',
  },
  {
    name: 'idle-policy-changed',
    state: () => ({
      status: 'idle',
      notice: { code: 'policy_changed', previousIssuer: 'https://old.example.test', revocation: 'unreachable' },
    }),
    ready: '.notice[data-notice=policy_changed]',
  },
  { name: 'restoring', state: () => ({ status: 'restoring' }) },
  { name: 'requesting', state: () => ({ status: 'requesting' }) },
  { name: 'awaiting-user', state: () => awaiting(), ready: '[data-testid=user-code]:has-text("WDJB-MJHT")' },
  { name: 'awaiting-on-this-computer', state: () => awaitingOnThisComputer(), ready: '.view.awaiting[data-path=browser]' },
  {
    name: 'awaiting-long-code',
    state: () => awaiting({ userCode: 'BCDFGHJKLMNP' }),
    ready: '[data-testid=user-code]:has-text("BCDFGHJKLMNP")',
  },
  {
    name: 'awaiting-last-minute',
    state: () => awaiting({ userCode: 'QRST-VWXZ', expiresAt: Date.now() + 45_000 }),
    ready: '.countdown.ending',
  },
  {
    name: 'awaiting-offline-retrying',
    state: () => awaiting({ userCode: 'LMNP-QRST', retrying: { reason: 'network', attempt: 2, nextAttemptAt: Date.now() + 8_000 } }),
    ready: '.polling-status.retrying',
  },
  {
    name: 'awaiting-code-expired',
    state: () => awaiting({ userCode: 'HJKL-MNPQ', expiresAt: Date.now() - 1_000 }),
    ready: '.qr-frame.expired',
  },
  {
    // "Add another account": Ada stays signed in while this code adds another account beside hers.
    name: 'awaiting-adding-account',
    state: () => awaiting({ userCode: 'PQRS-TVWX' }),
    accounts: severalAccounts,
    ready: '[data-testid=stays-signed-in]',
  },
  { name: 'expired', state: () => ({ status: 'expired' }) },
  { name: 'denied', state: () => ({ status: 'denied', description: 'End-User aborted interaction' }) },
  {
    name: 'error-network',
    state: () => ({ status: 'error', code: 'network', message: 'connect ECONNREFUSED 127.0.0.1:3000' }),
    ready: '.view.error[data-error-class=retry]',
  },
  {
    name: 'error-admin',
    state: () => ({ status: 'error', code: 'invalid_client', message: 'invalid_client: client authentication failed' }),
    ready: '.view.error[data-error-class=admin]',
  },
  { name: 'signed-in', state: () => signedIn({ hardware_verified: true }), ready: '.badge' },
  {
    name: 'signed-in-account-id-only',
    state: () => ({ status: 'signed_in', profile: { issuer, sub: accountIdOnly }, persistence: 'stored' }),
    ready: '[data-testid=account-id]',
  },
  {
    // A plain OAuth 2.0 server names nobody: the account at its host.
    name: 'signed-in-unnamed',
    state: () => ({ status: 'signed_in', profile: { issuer }, persistence: 'stored' }),
    ready: '[data-testid=account-unnamed]',
  },
  { name: 'signed-in-several-accounts', state: () => signedIn(), accounts: severalAccounts, ready: '[data-testid=other-account]' },
  { name: 'signing-out', state: () => ({ status: 'signing_out' }) },
];
