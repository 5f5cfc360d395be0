/**
 * The preload, loaded as Electron would load it, against a stand-in `electron` module (the binary
 * cannot run here): it exposes one object with a method per request of src/shared/ipc.ts, each
 * invoking its own channel with no argument but the account id of the requests that take one,
 * and a state and an accounts subscription that can be undone.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { accountsChannel, requestArgumentOf, requestChannelOf, stateChannel } from '../../src/shared/ipc.ts';

const exposed = new Map<string, unknown>();
const invoked: unknown[][] = [];
const listeners = new Map<string, (...args: unknown[]) => void>();

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (name: string, value: unknown) => {
      exposed.set(name, value);
    },
  },
  ipcRenderer: {
    invoke: (...args: unknown[]) => {
      invoked.push(args);
      return Promise.resolve(undefined);
    },
    on: (channel: string, listener: (...args: unknown[]) => void) => {
      listeners.set(channel, listener);
    },
    removeListener: (channel: string) => {
      listeners.delete(channel);
    },
  },
}));

afterEach(() => {
  invoked.length = 0;
});

describe('the preload', () => {
  it('exposes one object with a method per request, each on its own channel and with no argument', async () => {
    await import('../../src/preload/index.ts');
    expect([...exposed.keys()]).toEqual(['deviceSignIn']);
    const api = exposed.get('deviceSignIn') as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const methods = (Object.keys(requestChannelOf) as (keyof typeof requestChannelOf)[]).filter(
      (method) => !Object.hasOwn(requestArgumentOf, method),
    );
    expect(Object.keys(api).sort()).toEqual([...Object.keys(requestChannelOf), 'onAccounts', 'onState'].sort());
    for (const method of methods) await api[method]?.('https://evil.example', 'extra');
    expect(invoked).toEqual(methods.map((method) => [requestChannelOf[method]]));
  });

  it('forwards one string, the account id, where a request takes it, and nothing else', async () => {
    await import('../../src/preload/index.ts');
    const api = exposed.get('deviceSignIn') as Record<string, (...args: unknown[]) => Promise<unknown>>;
    expect(Object.keys(requestArgumentOf).sort()).toEqual(['signOutAccount', 'switchAccount']);
    await api['switchAccount']?.('an-id', 'extra');
    await api['signOutAccount']?.({ toString: () => 'an-id' });
    await api['switchAccount']?.();
    expect(invoked).toEqual([
      [requestChannelOf.switchAccount, 'an-id'],
      [requestChannelOf.signOutAccount],
      [requestChannelOf.switchAccount],
    ]);
  });

  it('forwards state to a subscriber until it unsubscribes', async () => {
    await import('../../src/preload/index.ts');
    const api = exposed.get('deviceSignIn') as { onState(listener: (state: unknown) => void): () => void };
    const seen: unknown[] = [];
    const stop = api.onState((state) => seen.push(state));
    listeners.get(stateChannel)?.({}, { status: 'idle' });
    stop();
    expect(seen).toEqual([{ status: 'idle' }]);
    expect(listeners.has(stateChannel)).toBe(false);
  });

  it('forwards each new list of accounts until the subscriber unsubscribes', async () => {
    await import('../../src/preload/index.ts');
    const api = exposed.get('deviceSignIn') as { onAccounts(listener: (accounts: unknown) => void): () => void };
    const seen: unknown[] = [];
    const stop = api.onAccounts((accounts) => seen.push(accounts));
    listeners.get(accountsChannel)?.({}, []);
    stop();
    expect(seen).toEqual([[]]);
    expect(listeners.has(accountsChannel)).toBe(false);
  });
});
