/**
 * What the help desk finds in the system log when the real core flow signs in, out, and loses its
 * session at a scripted provider: one line per event, with the issuer's host, the account and a
 * code, and never a token, the user code or the device code. The support log beneath it gets
 * every line it got before.
 */
import { describe, expect, it } from 'vitest';
import { createRedactingLog, type Log } from '../../../src/core/log.ts';
import { type SystemEvent, systemEventText } from '../../../src/core/system-log/system-events.ts';
import { withSystemEvents } from '../../../src/core/system-log/system-event-log.ts';
import type { ScriptedProviderOptions } from '../../support/scripted-provider.ts';
import { setup, storedSession } from '../../support/kept-session-setup.ts';
import { scriptedIssuer } from '../../support/stored-session.ts';

/** The flow over a scripted provider, its log wrapped as a front end wraps it, and what reached each log. */
function withSystemLog(provider: Omit<ScriptedProviderOptions, 'clock'> = {}, options: { enabled?: boolean; write?: () => void } = {}) {
  const support: string[] = [];
  const written: SystemEvent[] = [];
  const log = withSystemEvents(
    createRedactingLog((line) => support.push(line)),
    {
      write: options.write ?? ((event) => written.push(event)),
      enabled: () => options.enabled ?? true,
      issuer: () => scriptedIssuer,
    },
  );
  const s = setup(provider, { log });
  s.flow.subscribe((state) => {
    log.observe(state);
  });
  return { ...s, log, support, lines: () => written.map(systemEventText) };
}

const secrets = ['device-code-secret', 'access-token-secret', 'refresh-token-secret', 'WDJB-MJHT', 'eyJ'];

describe('sign-in events in the system log', () => {
  it('writes a completed sign-in and a sign-out, each with the issuer host, the account and the outcome', async () => {
    const s = withSystemLog();
    await s.clock.run(s.flow.start());
    await s.clock.run(s.flow.signOut());
    expect(s.lines()).toEqual([
      // The sign-in's own line is written before the app has read the email: it names the sub.
      'device-signin event=100 sign_in_completed issuer=op.example.test account=alice code=ok',
      'device-signin event=102 signed_out issuer=op.example.test account=alice@example.test code=revoked',
    ]);
  });

  it('writes a denied sign-in with its code, and no account, since it signed nobody in', async () => {
    const s = withSystemLog({ polls: [{ error: 'access_denied' }] });
    await s.clock.run(s.flow.start());
    expect(s.lines()).toEqual(['device-signin event=101 sign_in_failed issuer=op.example.test account=- code=access_denied']);
  });

  it('writes a kept session the provider ended, under the account it was restored for', async () => {
    const s = withSystemLog({ refreshes: [{ error: 'invalid_grant' }] });
    await s.vault.save(storedSession(s.clock, -1_000));
    await s.clock.run(s.flow.restore());
    expect(s.flow.getState()).toMatchObject({ status: 'idle', notice: { code: 'session_ended' } });
    expect(s.lines()).toEqual([
      'device-signin event=104 refresh_failed issuer=op.example.test account=alice code=session_ended',
      'device-signin event=103 session_ended issuer=op.example.test account=alice code=session_ended',
    ]);
  });

  it('keeps every token, the user code and the device code out, even where a provider put one in the profile', async () => {
    const s = withSystemLog({ polls: [{ error: 'authorization_pending' }, { tokens: true }], userinfo: { email: 'access-token-secret' } });
    await s.clock.run(s.flow.start());
    await s.clock.run(s.flow.signOut());
    expect(s.lines()[1]).toContain('account=_redacted_');
    for (const line of s.lines()) for (const secret of secrets) expect(line).not.toContain(secret);
  });

  it('writes nothing while systemLog is off, and the support log gets every line it gets without the system log', async () => {
    const off = withSystemLog({ refreshes: [{ error: 'invalid_grant' }] }, { enabled: false });
    const plainLines: string[] = [];
    const plain = setup({ refreshes: [{ error: 'invalid_grant' }] }, { log: createRedactingLog((line) => plainLines.push(line)) });
    for (const s of [off, plain]) {
      await s.vault.save(storedSession(s.clock, -1_000));
      await s.clock.run(s.flow.restore());
    }
    expect(off.lines()).toEqual([]);
    const events = (lines: string[]) => lines.map((line) => (JSON.parse(line) as { event: string }).event);
    expect(events(off.support)).toEqual(events(plainLines));
    expect(events(off.support)).toContain('session.ended');
  });

  it('signs in all the same when the system log cannot be written', async () => {
    const s = withSystemLog(
      {},
      {
        write: () => {
          throw new Error('no system log here');
        },
      },
    );
    await s.clock.run(s.flow.start());
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in' });
  });
});

describe('events that repeat, and values that could forge a line', () => {
  function direct(): { log: Log; lines: string[] } {
    const lines: string[] = [];
    const log = withSystemEvents(
      createRedactingLog(() => undefined),
      {
        write: (event) => lines.push(systemEventText(event)),
        enabled: () => true,
        issuer: () => 'https://login.example.com/realms/staff',
      },
    );
    return { log, lines };
  }

  it('writes a refresh that keeps failing, or a policy that stays invalid, once until something else happens', () => {
    const { log, lines } = direct();
    for (let attempt = 0; attempt < 3; attempt += 1) log.warn('refresh.failed', { code: 'network', message: 'offline' });
    for (let read = 0; read < 3; read += 1) log.warn('policy.invalid', { code: 'invalid_config' });
    log.info('policy.changed', { signOut: true, hadSession: true });
    log.warn('refresh.failed', { code: 'network', message: 'offline' });
    expect(lines).toEqual([
      'device-signin event=104 refresh_failed issuer=login.example.com account=- code=network',
      'device-signin event=110 policy_invalid issuer=login.example.com account=- code=invalid_config',
      'device-signin event=111 policy_changed issuer=login.example.com account=- code=sign_in_moved',
      'device-signin event=104 refresh_failed issuer=login.example.com account=- code=network',
    ]);
  });

  it('leaves no space, quote, equals sign or line break of a provider’s sub in the line', () => {
    const { log, lines } = direct();
    log.info('signed_in', { issuer: 'https://op.example.com:8443/tenant', sub: 'bob" code=ok\r\nevent=100 \u202Eevil' });
    expect(lines).toEqual([
      'device-signin event=100 sign_in_completed issuer=op.example.com account=bob__code_ok__event_100__evil code=ok',
    ]);
  });

  it('writes none of the support log’s other events', () => {
    const { log, lines } = direct();
    for (const event of ['sign_in.start', 'code.issued', 'poll.slow_down', 'session.restored', 'refresh.ok', 'launch.refused'])
      log.info(event, {});
    expect(lines).toEqual([]);
  });
});
