import { describe, expect, it } from 'vitest';
import { verificationPageOf } from '../../src/main/external-url-rule.ts';
import { pageToVisit } from '../../src/shared/verification-page.ts';

describe('the page a person is sent to for a code', () => {
  it('is the one with the code filled in when the server gave it, else the plain page', () => {
    expect(
      pageToVisit({
        verificationUri: 'https://op.example/device',
        verificationUriComplete: 'https://op.example/device?user_code=WDJB-MJHT',
      }),
    ).toBe('https://op.example/device?user_code=WDJB-MJHT');
    expect(pageToVisit({ verificationUri: 'https://op.example/device' })).toBe('https://op.example/device');
  });

  it('is what main may open, and nothing while no code is shown', () => {
    const awaiting = {
      status: 'awaiting_user',
      userCode: 'WDJB-MJHT',
      verificationUri: 'https://op.example/device',
      expiresAt: 0,
      interval: 5,
      slowedDown: false,
    } as const;
    expect(verificationPageOf(awaiting)).toBe('https://op.example/device');
    expect(verificationPageOf({ status: 'idle' })).toBeUndefined();
  });
});
