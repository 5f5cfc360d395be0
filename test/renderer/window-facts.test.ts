/**
 * What the window knows of main before React mounts (askMain): the state, the environment and
 * the kept accounts, asked at once, kept current by pushes, and never set back by an answer older
 * than a push. The orders below are the ones IPC
 * allows but a browser run cannot force, so the API is an object whose answers the test releases.
 */
import { describe, expect, it } from 'vitest';
import { askMain } from '../../src/renderer/src/use-flow-state.ts';
import type { FlowState } from '../../src/shared/flow-state.ts';
import type { AppEnvironment, DeviceSignInApi, WindowAccount } from '../../src/shared/ipc.ts';

const idle: FlowState = { status: 'idle' };
const requesting: FlowState = { status: 'requesting' };
const environment: AppEnvironment = { demo: true, issuer: 'http://127.0.0.1:3000', managed: [] };
const ada: WindowAccount = { id: 'id-1', name: 'Ada Lovelace', where: 'login.example.test', current: true };
const grace: WindowAccount = { id: 'id-2', name: 'Grace Hopper', where: 'login.example.test', current: false };

/** main's side of the bridge: answers held until released, pushes sent by hand. */
function main() {
  const listeners = new Set<(state: FlowState) => void>();
  const accountListeners = new Set<(accounts: readonly WindowAccount[]) => void>();
  let answerAccounts: (accounts: readonly WindowAccount[]) => void = () => undefined;
  let answerState: (state: FlowState) => void = () => undefined;
  let answerEnvironment: (value: AppEnvironment) => void = () => undefined;
  const asked: string[] = [];
  const api = {
    getState: () => {
      asked.push('getState');
      return new Promise<FlowState>((resolve) => (answerState = resolve));
    },
    getEnvironment: () => {
      asked.push('getEnvironment');
      return new Promise<AppEnvironment>((resolve) => (answerEnvironment = resolve));
    },
    onState: (listener: (state: FlowState) => void) => {
      asked.push('onState');
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getAccounts: () => {
      asked.push('getAccounts');
      return new Promise<readonly WindowAccount[]>((resolve) => (answerAccounts = resolve));
    },
    onAccounts: (listener: (accounts: readonly WindowAccount[]) => void) => {
      asked.push('onAccounts');
      accountListeners.add(listener);
      return () => accountListeners.delete(listener);
    },
  } as unknown as DeviceSignInApi;
  return {
    api,
    asked,
    push: (state: FlowState) => {
      for (const listener of listeners) listener(state);
    },
    answerState: (state: FlowState) => {
      answerState(state);
    },
    answerEnvironment: (value: AppEnvironment) => {
      answerEnvironment(value);
    },
    pushAccounts: (accounts: readonly WindowAccount[]) => {
      for (const listener of accountListeners) listener(accounts);
    },
    answerAccounts: (accounts: readonly WindowAccount[]) => {
      answerAccounts(accounts);
    },
  };
}

const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('askMain', () => {
  it('subscribes before it asks, and asks for the state, the environment and the accounts at once', () => {
    const side = main();
    const facts = askMain(side.api);
    expect(side.asked).toEqual(['onState', 'getState', 'getEnvironment', 'onAccounts', 'getAccounts']);
    expect([facts.state(), facts.environment(), facts.accounts()]).toEqual([undefined, undefined, []]);
    // The same empty list each time it is read, as React's store needs.
    expect(facts.accounts()).toBe(facts.accounts());
  });

  it('takes the accounts main answers, then each new list it sends, and drops an answer older than a push', async () => {
    const side = main();
    const facts = askMain(side.api);
    side.answerAccounts([ada, grace]);
    await settled();
    expect(facts.accounts()).toEqual([ada, grace]);
    side.pushAccounts([ada]);
    expect(facts.accounts()).toEqual([ada]);

    const late = main();
    const lateFacts = askMain(late.api);
    late.pushAccounts([grace]);
    late.answerAccounts([ada, grace]);
    await settled();
    expect(lateFacts.accounts()).toEqual([grace]);
  });

  it('takes the answer, then every push, telling each subscriber', async () => {
    const side = main();
    const facts = askMain(side.api);
    let told = 0;
    facts.subscribe(() => (told += 1));
    side.answerState(idle);
    side.answerEnvironment(environment);
    await settled();
    expect([facts.state(), facts.environment(), told]).toEqual([idle, environment, 2]);
    side.push(requesting);
    expect([facts.state(), told]).toEqual([requesting, 3]);
  });

  it('drops an answer that arrives after a push: the push is newer', async () => {
    const side = main();
    const facts = askMain(side.api);
    side.push(requesting);
    side.answerState(idle);
    await settled();
    expect(facts.state()).toEqual(requesting);
  });

  it('stops telling a subscriber that unsubscribed', () => {
    const side = main();
    const facts = askMain(side.api);
    let told = 0;
    const stop = facts.subscribe(() => (told += 1));
    stop();
    side.push(requesting);
    expect(told).toBe(0);
  });
});
