import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSignInFlow } from '../../src/core/flow/sign-in-flow.ts';
import { createRedactingLog, fileLogWriter } from '../../src/core/log.ts';
import { scriptedProvider } from '../support/scripted-provider.ts';
import { VirtualClock } from '../support/virtual-clock.ts';

function capture() {
  const lines: string[] = [];
  const log = createRedactingLog(
    (line) => lines.push(line),
    () => new Date(Date.UTC(2026, 10, 23)),
  );
  return { lines, log };
}

describe('the log never holds a secret', () => {
  it('scrubs every registered secret wherever it appears', () => {
    const { lines, log } = capture();
    log.secret('GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS');
    log.secret('WDJB-MJHT');
    log.info('code.issued', { userCode: 'WDJB-MJHT', note: 'device GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS polled' });
    expect(lines).toEqual([
      '{"time":"2026-11-23T00:00:00.000Z","level":"info","event":"code.issued","userCode":"[redacted]","note":"device [redacted] polled"}',
    ]);
  });

  it('scrubs JWTs and bearer headers even when nobody registered them', () => {
    const { lines, log } = capture();
    log.warn('odd', { header: 'Authorization: Bearer abc.def-ghi', token: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln' });
    expect(lines[0]).not.toMatch(/abc\.def|eyJhbGci|eyJzdWIi/);
    expect(lines[0]).toContain('Bearer [redacted]');
  });

  it('removes a secret whole when it contains another', () => {
    const { lines, log } = capture();
    log.secret('refresh-token-123456');
    log.secret('token-123456');
    log.info('x', { a: 'refresh-token-123456' });
    expect(lines[0]).toContain('"a":"[redacted]"');
  });

  it('scrubs a short user code where it stands alone, without eating into other words', () => {
    const { lines, log } = capture();
    log.secret('QX7D');
    log.info('x', { code: 'QX7D', said: 'enter QX7D now', longer: 'QX7DZ', level: 'info' });
    expect(lines[0]).not.toMatch(/"QX7D"|enter QX7D /);
    expect(lines[0]).toContain('"said":"enter [redacted] now"');
    expect(lines[0]).toContain('"longer":"QX7DZ"');
    expect(lines[0]).toContain('"level":"info"');
  });

  it('keeps only recent secrets', () => {
    const { lines, log } = capture();
    for (let i = 0; i < 100; i++) log.secret(`secret-number-${String(i).padStart(3, '0')}`);
    log.info('x', { old: 'secret-number-000', recent: 'secret-number-099' });
    expect(lines[0]).toContain('"recent":"[redacted]"');
    // The oldest registered secret has been dropped: its token died long ago.
    expect(lines[0]).toContain('"old":"secret-number-000"');
  });
});

describe('logging never breaks a sign-in', () => {
  it('shows the code even when every log write fails (a full disk)', async () => {
    const clock = new VirtualClock();
    const op = scriptedProvider({ clock, polls: [{ error: 'authorization_pending' }] });
    const log = createRedactingLog(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    });
    const flow = createSignInFlow({ config: { issuer: op.issuer, clientId: 'demo-client', scope: 'openid' }, fetch: op.fetch, clock, log });
    void flow.start();
    await clock.advance(1_000);
    expect(flow.getState()).toMatchObject({ status: 'awaiting_user', userCode: 'WDJB-MJHT' });
    flow.dispose();
  });

  it('keeps the log file under its size cap by rotating it, keeping one earlier file', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'device-signin-log-')), 'logs', 'device-signin.log');
    const write = fileLogWriter(path, 1_000);
    for (let i = 0; i < 100; i++) write(`{"line":${i},"padding":"${'x'.repeat(40)}"}`);
    expect((await stat(path)).size).toBeLessThanOrEqual(1_000);
    expect((await stat(`${path}.1`)).size).toBeLessThanOrEqual(1_000);
    expect(await readFile(path, 'utf8')).toContain('"line":99');
  });

  it('does not write the user code, even a short one', async () => {
    const clock = new VirtualClock();
    const op = scriptedProvider({ clock, deviceAuthorization: { user_code: 'QX7D', verification_uri_complete: undefined } });
    const lines: string[] = [];
    const flow = createSignInFlow({
      config: { issuer: op.issuer, clientId: 'demo-client', scope: 'openid' },
      fetch: op.fetch,
      clock,
      log: createRedactingLog((line) => lines.push(line)),
    });
    await clock.run(flow.start());
    expect(lines.some((line) => line.includes('code.issued'))).toBe(true);
    expect(lines.join('\n')).not.toContain('QX7D');
    expect(lines.join('\n')).not.toContain('userCode');
  });
});
