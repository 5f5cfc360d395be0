/**
 * Opening the window starts the sign-in only when there is nothing to decide first. The decision
 * is checked for every state the window can be opened in; the waiting for a kept session over
 * main's own sign-in (setUpSignIn) with a memory vault, a session in it or not, or no vault at all.
 */
import { describe, expect, it } from 'vitest';
import type { OpenedVault } from '../../src/core/vault/open-vault.ts';
import type { TokenVault } from '../../src/core/vault/session-record.ts';
import type { WindowFlow } from '../../src/main/request-handlers.ts';
import { setUpSignIn } from '../../src/main/sign-in-setup.ts';
import { shouldStartOnOpen, startOnOpen } from '../../src/main/start-on-open.ts';
import type { FlowState, FlowStatus, Notice } from '../../src/shared/flow-state.ts';
import { nextState } from '../support/flow-states.ts';
import { createMemoryVault } from '../support/memory-vault.ts';
import { openedVault } from '../support/opened-vault.ts';
import { scriptedIssuer, storedSession } from '../support/stored-session.ts';

const noNetwork = (): Promise<Response> => Promise.reject(new Error('no network in this test'));
const shownCode = { userCode: 'BCDFGHJK', verificationUri: 'https://op.example.test/device', expiresAt: 0, interval: 5 };

const notices: readonly Notice[] = [
  { code: 'session_ended' },
  { code: 'storage_damaged' },
  { code: 'revocation_failed', revocation: 'unreachable' },
  { code: 'storage_unavailable', storage: 'no_keyring' },
  { code: 'storage_unavailable', storage: 'keyring_unreadable' },
  { code: 'dpop_key_unusable' },
  { code: 'policy_changed', previousIssuer: 'https://old.example.test' },
  { code: 'session_elsewhere', endpoint: 'token', issuedBy: 'https://old.example.test' },
];

const leftAlone: readonly FlowState[] = [
  { status: 'restoring' },
  { status: 'requesting' },
  { status: 'awaiting_user', slowedDown: false, ...shownCode },
  { status: 'signed_in', profile: { issuer: scriptedIssuer, sub: 'alice' }, persistence: 'stored' },
  { status: 'signing_out' },
  { status: 'expired' },
  { status: 'denied' },
  { status: 'error', code: 'invalid_config', message: 'policy.json: "issuer" is missing' },
  { status: 'error', code: 'network', message: 'fetch failed' },
  ...notices.map((notice): FlowState => ({ status: 'idle', notice })),
];

describe('whether opening the window starts a sign-in', () => {
  it('starts one when signed out with nothing to say', () => {
    expect(shouldStartOnOpen({ status: 'idle' })).toBe(true);
  });

  it.each(leftAlone.map((state) => [describeState(state), state] as const))('leaves the window as it is when %s', (_, state) => {
    expect(shouldStartOnOpen(state)).toBe(false);
  });
});

describe('starting on opening, over main’s sign-in', () => {
  it('waits for the kept session to be looked for, then, with none, starts the sign-in', async () => {
    const gate = gatedVault(createMemoryVault());
    const setup = await setUpSignIn({ choice: configured, fetch: noNetwork, vault: openedVault(gate.vault) });
    try {
      const watched = watch(setup.flow);
      expect(setup.flow.getState().status).toBe('restoring');
      startOnOpen(watched.flow, watched.unexpected);
      expect(watched.starts).toBe(0);
      gate.open();
      // No network here: the sign-in that started ends in a network failure, shown as state.
      await nextState(setup.flow, (state): state is FlowState => state.status === 'error');
      expect(watched.starts).toBe(1);
      expect(watched.statuses).toEqual(['idle', 'requesting', 'error']);
      expect(watched.errors).toEqual([]);
    } finally {
      await setup.close();
    }
  });

  it('leaves a restored session signed in', async () => {
    const vault = createMemoryVault();
    await vault.save(storedSession(Date.now(), 3_600_000));
    const gate = gatedVault(vault);
    const setup = await setUpSignIn({ choice: configured, fetch: noNetwork, vault: openedVault(gate.vault) });
    try {
      const watched = watch(setup.flow);
      startOnOpen(watched.flow, watched.unexpected);
      gate.open();
      await nextState(setup.flow, (state): state is FlowState => state.status === 'signed_in');
      expect(watched.starts).toBe(0);
      expect(watched.statuses).toEqual(['signed_in']);
    } finally {
      await setup.close();
    }
  });

  it('leaves the session-only choice to the person where nothing can be kept', async () => {
    const noKeyring: OpenedVault = { usable: false, why: 'no_keyring' };
    const setup = await setUpSignIn({ choice: configured, fetch: noNetwork, vault: noKeyring });
    try {
      const watched = watch(setup.flow);
      startOnOpen(watched.flow, watched.unexpected);
      expect(watched.starts).toBe(0);
      expect(setup.flow.getState()).toEqual({ status: 'idle', notice: { code: 'storage_unavailable', storage: 'no_keyring' } });
    } finally {
      await setup.close();
    }
  });
});

const configured = { kind: 'configured', config: { issuer: scriptedIssuer, clientId: 'demo-client', scope: 'openid' } } as const;

function describeState(state: FlowState): string {
  if (state.status === 'idle') return `signed out with the notice ${state.notice?.code ?? ''} (${JSON.stringify(state.notice)})`;
  return state.status === 'error' ? `${state.status} (${state.code})` : state.status;
}

/** A memory vault whose first read waits until the test opens the gate, so that `restoring` lasts as long as the test needs. */
function gatedVault(vault: TokenVault): { readonly vault: TokenVault; open(): void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    vault: { ...vault, load: async () => (await opened, vault.load()) },
    open: () => {
      open();
    },
  };
}

/** The real flow, with its start() calls counted and the statuses it moves through recorded. */
function watch(flow: WindowFlow): {
  readonly flow: Pick<WindowFlow, 'getState' | 'subscribe' | 'start'>;
  readonly starts: number;
  readonly statuses: FlowStatus[];
  readonly errors: unknown[];
  readonly unexpected: (error: unknown) => void;
} {
  const statuses: FlowStatus[] = [];
  const errors: unknown[] = [];
  let starts = 0;
  flow.subscribe((state) => statuses.push(state.status));
  return {
    flow: {
      getState: () => flow.getState(),
      subscribe: (listener) => flow.subscribe(listener),
      start: (options) => {
        starts += 1;
        return flow.start(options);
      },
    },
    get starts() {
      return starts;
    },
    statuses,
    errors,
    unexpected: (error) => errors.push(error),
  };
}
