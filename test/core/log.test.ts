import { describe, expect, it } from 'vitest';
import { createRedactingLog } from '../../src/core/log.ts';

function capture() {
  const lines: string[] = [];
  const log = createRedactingLog((line) => lines.push(line), () => new Date(Date.UTC(2026, 10, 23)));
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

  it('ignores values too short to be secrets, and keeps only recent ones', () => {
    const { lines, log } = capture();
    log.secret('ab');
    for (let i = 0; i < 100; i++) log.secret(`secret-number-${String(i).padStart(3, '0')}`);
    log.info('x', { word: 'ab', old: 'secret-number-000', recent: 'secret-number-099' });
    expect(lines[0]).toContain('"word":"ab"');
    expect(lines[0]).toContain('"recent":"[redacted]"');
    // The oldest registered secret has been dropped: its token died long ago.
    expect(lines[0]).toContain('"old":"secret-number-000"');
  });
});
