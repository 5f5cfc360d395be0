/*
 * The strict RFC 8628 server the tests put in front of the demo provider (test/support/strict-server.ts),
 * with raw HTTP: it routes every URL back through itself, announces an interval, and answers slow_down.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveByForms } from '../support/form-phone.ts';
import { authorizeDevice, discover, type Metadata, pollToken, userinfo } from '../support/raw-device-flow.ts';
import { startStrictServer, type StrictServer } from '../support/strict-server.ts';

describe('strict server in front of the demo provider', () => {
  let strict: StrictServer;
  let metadata: Metadata;

  beforeAll(async () => {
    strict = await startStrictServer({ interval: 1, slowDownOnPolls: [2] });
    metadata = await discover(strict.issuer);
  });

  afterAll(async () => {
    await strict.close();
  });

  it('routes every provider URL back through itself and announces an interval', async () => {
    expect(metadata.issuer).toBe(strict.issuer);
    expect(metadata.token_endpoint).toBe(`${strict.issuer}/token`);

    const authorization = await authorizeDevice(metadata, strict.clientId);
    expect(authorization.interval).toBe(1);
    expect(authorization.verification_uri_complete.startsWith(`${strict.issuer}/device?`)).toBe(true);
  });

  it('answers slow_down to an early poll, records it and adds 5 seconds to the interval', async () => {
    const authorization = await authorizeDevice(metadata, strict.clientId);

    const early = await pollToken(metadata, strict.clientId, authorization.device_code);

    expect(early).toMatchObject({ status: 400, body: { error: 'slow_down' } });
    expect(strict.pollsFor(authorization.device_code)).toEqual([
      expect.objectContaining({ pollNumber: 1, early: true, answer: 'slow_down', interval: 1 }),
    ]);
    expect(strict.intervalFor(authorization.device_code)).toBe(6);
  });

  it('forwards a well-paced poll and answers slow_down on purpose to the chosen poll', async () => {
    const authorization = await authorizeDevice(metadata, strict.clientId);

    await sleep(1000);
    const first = await pollToken(metadata, strict.clientId, authorization.device_code);
    await sleep(1000);
    const second = await pollToken(metadata, strict.clientId, authorization.device_code);

    expect(first.body['error']).toBe('authorization_pending');
    expect(second.body['error']).toBe('slow_down');
    expect(strict.pollsFor(authorization.device_code)).toEqual([
      expect.objectContaining({ pollNumber: 1, early: false, answer: 'authorization_pending' }),
      expect.objectContaining({ pollNumber: 2, early: false, answer: 'slow_down' }),
    ]);
    expect(strict.intervalFor(authorization.device_code)).toBe(6);
  });

  it('lets the phone approve through the proxy and hands the tokens to a patient device', async () => {
    const authorization = await authorizeDevice(metadata, strict.clientId);
    const issuedAt = Date.now();

    await approveByForms(authorization.verification_uri_complete, { login: 'frank' });
    await sleep(Math.max(0, issuedAt + 1000 - Date.now()));
    const { status, body } = await pollToken(metadata, strict.clientId, authorization.device_code);

    expect(status).toBe(200);
    expect(strict.pollsFor(authorization.device_code)).toEqual([expect.objectContaining({ early: false, answer: 'tokens' })]);
    expect(await userinfo(metadata, body['access_token'])).toMatchObject({ sub: 'frank', name: 'Frank' });
  });
});
