import { describe, expect, it } from 'vitest';
import { publicState } from '../../src/main/public-state.ts';
import type { FlowState } from '../../src/shared/flow-state.ts';

describe('the state that leaves the main process', () => {
  it('carries exactly the declared fields, whatever else the object held at run time', () => {
    const leaky = {
      status: 'signed_in',
      profile: { issuer: 'https://id.example.test', sub: 'ada', name: 'Ada', hardware_verified: true, raw: { at: 'x' } },
      persistence: 'stored',
      deviceBound: true,
      accessToken: 'secret-access-token',
      refreshToken: 'secret-refresh-token',
      key: { thumbprint: 'secret-thumbprint', jwk: { d: 'secret-private-key' } },
    } as unknown as FlowState;
    const sent = JSON.stringify(publicState(leaky));
    expect(sent).not.toContain('secret');
    expect(sent).not.toContain('raw');
    expect(JSON.parse(sent)).toEqual({
      status: 'signed_in',
      profile: { issuer: 'https://id.example.test', sub: 'ada', name: 'Ada', hardware_verified: true },
      persistence: 'stored',
      deviceBound: true,
    });
  });

  it('keeps the code, its pages, its timing and any retry, and drops a device code', () => {
    const state = {
      status: 'awaiting_user',
      userCode: 'WDJB-MJHT',
      deviceCode: 'secret-device-code',
      verificationUri: 'https://id.example.test/device',
      expiresAt: 1_000,
      interval: 10,
      slowedDown: true,
      retrying: { reason: 'network', attempt: 2, nextAttemptAt: 500, cause: 'secret' },
    } as unknown as FlowState;
    expect(publicState(state)).toEqual({
      status: 'awaiting_user',
      userCode: 'WDJB-MJHT',
      verificationUri: 'https://id.example.test/device',
      expiresAt: 1_000,
      interval: 10,
      slowedDown: true,
      retrying: { reason: 'network', attempt: 2, nextAttemptAt: 500 },
    });
  });

  it('keeps where a sign-out that could not revoke can be ended, and nothing else the notice held', () => {
    const notice = {
      code: 'revocation_failed',
      message: 'm',
      revocation: 'unsupported',
      revokeAt: 'https://github.com/settings/connections/applications/Ov23li0123456789abcd',
      accessToken: 'secret-access-token',
    };
    expect(publicState({ status: 'idle', notice } as unknown as FlowState)).toEqual({
      status: 'idle',
      notice: {
        code: 'revocation_failed',
        revocation: 'unsupported',
        revokeAt: 'https://github.com/settings/connections/applications/Ov23li0123456789abcd',
      },
    });
  });

  it('passes every other state through unchanged', () => {
    const states: FlowState[] = [
      { status: 'idle' },
      { status: 'idle', notice: { code: 'session_ended' } },
      { status: 'restoring' },
      { status: 'requesting' },
      { status: 'signing_out' },
      { status: 'expired' },
      { status: 'denied' },
      { status: 'denied', description: 'no' },
      { status: 'error', code: 'network', message: 'm' },
    ];
    for (const state of states) expect(publicState(state)).toEqual(state);
  });
});
