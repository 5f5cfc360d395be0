import { describe, expect, it } from 'vitest';
import { externalUrlToOpen, isOpenableUrl } from '../../src/main/external-url-rule.ts';
import type { FlowState } from '../../src/shared/flow-state.ts';

function awaiting(verificationUri: string, verificationUriComplete?: string): FlowState {
  return {
    status: 'awaiting_user',
    userCode: 'WDJB-MJHT',
    verificationUri,
    ...(verificationUriComplete === undefined ? {} : { verificationUriComplete }),
    expiresAt: Date.now() + 600_000,
    interval: 5,
    slowedDown: false,
  };
}

describe('what "Open in browser" may open', () => {
  it('opens the verification page of the code on screen, prefilled when the server offers it', () => {
    expect(externalUrlToOpen(awaiting('https://id.example.test/device', 'https://id.example.test/device?user_code=WDJB-MJHT'))).toBe(
      'https://id.example.test/device?user_code=WDJB-MJHT',
    );
    expect(externalUrlToOpen(awaiting('https://id.example.test/device'))).toBe('https://id.example.test/device');
  });

  it('opens plain http only on this machine (the embedded demo provider)', () => {
    expect(externalUrlToOpen(awaiting('http://127.0.0.1:4000/device'))).toBe('http://127.0.0.1:4000/device');
    expect(isOpenableUrl('http://localhost:4000/device')).toBe(true);
    expect(isOpenableUrl('http://[::1]:4000/device')).toBe(true);
    expect(externalUrlToOpen(awaiting('http://id.example.test/device'))).toBeUndefined();
    expect(isOpenableUrl('http://192.168.1.20:4000/device')).toBe(false);
    expect(isOpenableUrl('http://127.0.0.1.example.test/device')).toBe(false);
  });

  it('never opens other schemes or URLs with credentials in them', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'ms-settings:',
      'data:text/html,hi',
      'https://user:pass@id.example.test/device',
      'https://id.example.test@evil.example.test/device',
      'not a url',
    ]) {
      expect(isOpenableUrl(url), url).toBe(false);
    }
    expect(externalUrlToOpen(awaiting('https://id.example.test/device', 'javascript:alert(1)'))).toBeUndefined();
  });

  it('opens nothing when no code is on screen', () => {
    const states: FlowState[] = [
      { status: 'idle' },
      { status: 'requesting' },
      { status: 'expired' },
      { status: 'denied' },
      { status: 'signed_in', profile: { issuer: 'https://id.example.test', sub: 'a' }, persistence: 'stored' },
      { status: 'error', code: 'network', message: 'offline' },
    ];
    for (const state of states) expect(externalUrlToOpen(state), state.status).toBeUndefined();
  });
});
