import { describe, expect, it } from 'vitest';
import { createRequestHandlers, type WindowFlow } from '../../src/main/request-handlers.ts';
import type { FlowState } from '../../src/shared/flow-state.ts';
import type { AppEnvironment } from '../../src/shared/ipc.ts';
import { recordingDesktop } from '../support/recording-desktop.ts';

function setUp(state: FlowState, start: () => Promise<void> = () => Promise.resolve()) {
  const calls: string[] = [];
  const desktop = recordingDesktop();
  const unexpected: unknown[] = [];
  const flow: WindowFlow = {
    getState: () => state,
    subscribe: () => () => undefined,
    start: () => {
      calls.push('start');
      return start();
    },
    cancel: () => {
      calls.push('cancel');
    },
    watching: () => undefined,
    signOut: () => {
      calls.push('signOut');
      return Promise.resolve();
    },
  };
  const handlers = createRequestHandlers({
    flow,
    environment: { demo: true, issuer: 'http://127.0.0.1:4000', managed: [] },
    writeClipboardText: desktop.writeClipboardText,
    openExternal: desktop.openExternal,
    reportUnexpected: (error) => unexpected.push(error),
    appVersion: '1.2.3',
    now: () => new Date(Date.UTC(2026, 11, 1, 9, 30)),
  });
  return { handlers, calls, copied: desktop.copied, opened: desktop.opened, desktop, unexpected };
}

const idleFlow: WindowFlow = {
  getState: () => ({ status: 'idle' }),
  subscribe: () => () => undefined,
  start: () => Promise.resolve(),
  cancel: () => undefined,
  watching: () => undefined,
  signOut: () => Promise.resolve(),
};

const awaiting: FlowState = {
  status: 'awaiting_user',
  userCode: 'WDJB-MJHT',
  verificationUri: 'https://id.example.test/device',
  verificationUriComplete: 'https://id.example.test/device?user_code=WDJB-MJHT',
  expiresAt: 0,
  interval: 5,
  slowedDown: false,
};

describe('what the window can ask main to do', () => {
  it('starts without waiting for the whole sign-in, and reports a start that blows up', async () => {
    const { handlers, calls, unexpected } = setUp({ status: 'idle' }, () => Promise.reject(new Error('bug')));
    await handlers['sign-in:start']();
    expect(calls).toEqual(['start']);
    await Promise.resolve();
    expect(unexpected).toHaveLength(1);
  });

  it('returns from start at once while the flow is still polling', async () => {
    const { handlers } = setUp({ status: 'idle' }, () => new Promise<void>(() => undefined));
    await expect(Promise.resolve(handlers['sign-in:start']())).resolves.toBeUndefined();
  });

  it('copies the code on screen, and nothing when there is none', async () => {
    const shown = setUp(awaiting);
    await expect(shown.handlers['sign-in:copy-code']()).resolves.toBe(true);
    expect(shown.copied).toEqual(['WDJB-MJHT']);

    const none = setUp({ status: 'idle' });
    await expect(none.handlers['sign-in:copy-code']()).resolves.toBe(false);
    expect(none.copied).toEqual([]);
  });

  it('opens the verification page, and refuses an unsafe one', async () => {
    const shown = setUp(awaiting);
    await expect(shown.handlers['sign-in:open-verification-page']()).resolves.toBe('opened');
    expect(shown.opened).toEqual(['https://id.example.test/device?user_code=WDJB-MJHT']);

    const unsafe = setUp({ ...awaiting, verificationUriComplete: 'file:///etc/passwd' });
    await expect(unsafe.handlers['sign-in:open-verification-page']()).resolves.toBe('refused');
    expect(unsafe.opened).toEqual([]);

    const idle = setUp({ status: 'idle' });
    await expect(idle.handlers['sign-in:open-verification-page']()).resolves.toBe('refused');

    const noBrowser = setUp(awaiting);
    noBrowser.desktop.withoutBrowser(true);
    await expect(noBrowser.handlers['sign-in:open-verification-page']()).resolves.toBe('failed');
    expect(noBrowser.unexpected).toEqual([]);
  });

  it('cancels, signs out, and tells the state and the environment', async () => {
    const { handlers, calls } = setUp(awaiting);
    await handlers['sign-in:cancel']();
    await handlers['sign-in:sign-out']();
    expect(calls).toEqual(['cancel', 'signOut']);
    expect(await handlers['sign-in:get-state']()).toEqual(awaiting);
    expect(await handlers['sign-in:get-environment']()).toEqual({ demo: true, issuer: 'http://127.0.0.1:4000', managed: [] });
  });

  it('adds another account by starting a sign-in, and, where no account is kept, lists none and acts on no id', async () => {
    const { handlers, calls } = setUp({
      status: 'signed_in',
      profile: { issuer: 'http://127.0.0.1:4000', sub: 'ada' },
      persistence: 'stored',
    });
    await handlers['sign-in:add-account']();
    expect(calls).toEqual(['start']);
    await expect(Promise.resolve(handlers['sign-in:get-accounts']())).resolves.toEqual([]);
    await expect(Promise.resolve(handlers['sign-in:switch-account']('ada'))).resolves.toBe(false);
    await expect(Promise.resolve(handlers['sign-in:sign-out-account']('ada'))).resolves.toBe('not_listed');
  });

  it('tells the environment as it is now, naming for each managed setting only a kind of policy the window knows', async () => {
    let environment: AppEnvironment = {
      demo: false,
      issuer: 'https://login.example.test',
      managed: ['issuer'],
      managedBy: { issuer: 'group-policy' },
    };
    const handlers = createRequestHandlers({
      flow: idleFlow,
      environment: () => environment,
      writeClipboardText: () => Promise.resolve(),
      openExternal: () => Promise.resolve(),
      reportUnexpected: () => undefined,
      appVersion: '1.2.3',
    });
    expect(await handlers['sign-in:get-environment']()).toEqual(environment);
    environment = {
      demo: false,
      issuer: 'https://elsewhere.example.test',
      managed: ['issuer', 'clientId'],
      managedBy: { issuer: 'configuration-profile', clientId: 'a-guess' as never, scope: 'policy-file' },
    };
    expect(await handlers['sign-in:get-environment']()).toEqual({
      demo: false,
      issuer: 'https://elsewhere.example.test',
      managed: ['issuer', 'clientId'],
      managedBy: { issuer: 'configuration-profile' },
    });
  });

  it('copies its own record of the error for the help desk, and nothing when there is no error', async () => {
    const failed = setUp({
      status: 'error',
      code: 'invalid_client',
      message: 'The provider did not accept this client for the device authorization request.',
    });
    await expect(failed.handlers['sign-in:copy-details']()).resolves.toBe(true);
    expect(failed.copied).toEqual([
      [
        'Device Sign-In 1.2.3',
        'Time: 2026-12-01T09:30:00.000Z',
        'Issuer: http://127.0.0.1:4000',
        'Error: invalid_client',
        'Details: The provider did not accept this client for the device authorization request.',
      ].join('\n'),
    ]);
    const waiting = setUp(awaiting);
    await expect(waiting.handlers['sign-in:copy-details']()).resolves.toBe(false);
    expect(waiting.copied).toEqual([]);
  });

  it('closes the window when asked ("Done"), and does nothing where there is no window to close', async () => {
    let closed = 0;
    const handlers = createRequestHandlers({
      flow: idleFlow,
      environment: { demo: false, issuer: 'https://login.example.test', managed: [] },
      writeClipboardText: () => Promise.resolve(),
      openExternal: () => Promise.resolve(),
      closeWindow: () => (closed += 1),
      reportUnexpected: () => undefined,
      appVersion: '1.2.3',
    });
    await handlers['sign-in:close-window']();
    expect(closed).toBe(1);
    expect(() => setUp(awaiting).handlers['sign-in:close-window']()).not.toThrow();
  });
});
