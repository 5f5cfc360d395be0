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

describe('one opening rule for the window and the command line', () => {
  const lanPage = 'http://192.168.1.20:4000/device?user_code=WDJB-MJHT';
  const lan = { allowHttpHosts: ['192.168.1.20'] };

  it('opens the LAN demo page the core accepted, in the window and from the CLI alike', async () => {
    const { browserLaunch } = await import('../../src/cli/browser.ts');
    expect(externalUrlToOpen(awaiting('http://192.168.1.20:4000/device', lanPage), lan)).toBe(lanPage);
    expect(browserLaunch(lanPage, 'darwin', {}, lan)).toEqual({ kind: 'launch', command: 'open', args: [lanPage] });
  });

  it('refuses the same page in both when the configuration does not allow that host', async () => {
    const { browserLaunch } = await import('../../src/cli/browser.ts');
    expect(externalUrlToOpen(awaiting('http://192.168.1.20:4000/device', lanPage))).toBeUndefined();
    expect(browserLaunch(lanPage, 'darwin', {})).toMatchObject({ kind: 'skip' });
  });

  it('answers as the core does for every kind of address', async () => {
    const { openableUrl } = await import('../../src/core/protocol/uri-safety.ts');
    for (const url of [
      'https://id.example.test/device',
      'http://127.0.0.1:4000/device',
      'http://id.example.test/device',
      'https://user:pw@id.example.test/',
      'file:///etc/passwd',
      lanPage,
    ]) {
      expect(isOpenableUrl(url, lan), url).toBe(openableUrl(url, lan) !== undefined);
    }
  });
});

describe('the help-desk link', () => {
  it('opens only the admin’s own https help-desk page', async () => {
    const { helpDeskLinkToOpen } = await import('../../src/main/external-url-rule.ts');
    const support = { url: 'https://help.example.com/sign-in' };
    expect(helpDeskLinkToOpen('https://help.example.com/sign-in', support)).toBe('https://help.example.com/sign-in');
    expect(helpDeskLinkToOpen('https://evil.example/sign-in', support)).toBeUndefined();
    expect(helpDeskLinkToOpen('https://help.example.com/sign-in', undefined)).toBeUndefined();
    expect(helpDeskLinkToOpen('http://help.example.com/', { url: 'http://help.example.com/' })).toBeUndefined();
  });
});
