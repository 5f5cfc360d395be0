import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignInFlow } from '../../src/core/flow/sign-in-flow.ts';
import type { Fetch } from '../../src/core/protocol/http.ts';
import { createRedactingLog, fileLogWriter } from '../../src/core/log.ts';
import { createMemoryVault } from '../support/memory-vault.ts';
import { defaultScope } from '../../src/core/config.ts';
import { awaitingUser, nextState } from '../support/flow-states.ts';
import { approveByForms } from '../support/form-phone.ts';
import { type ProxiedProvider, startTestProvider } from '../support/provider-proxy.ts';

let op: ProxiedProvider;

beforeAll(async () => {
  // A 1 s polling interval: the log's story is the subject here, not RFC 8628's default 5 s pace.
  op = await startTestProvider({ interval: 1, accessTokenTtl: 2 });
});
afterAll(async () => {
  await op.close();
});

describe('the log after a whole session', () => {
  it('holds the story of the sign-in, and no token, device code or user code', async () => {
    const logFile = join(await mkdtemp(join(tmpdir(), 'device-signin-log-')), 'logs', 'device-signin.log');
    // Every secret that crossed the wire, seen from the client's side of it.
    const seen = new Set<string>();
    const fetch: Fetch = async (url, init) => {
      const body = typeof init.body === 'string' ? init.body : init.body instanceof URLSearchParams ? init.body.toString() : '';
      for (const [key, value] of new URLSearchParams(body)) if (['device_code', 'refresh_token', 'token'].includes(key)) seen.add(value);
      const response = await globalThis.fetch(url, init);
      const text = await response.clone().text();
      try {
        const json = JSON.parse(text) as Record<string, unknown>;
        for (const key of ['access_token', 'refresh_token', 'id_token', 'device_code', 'user_code'])
          if (typeof json[key] === 'string') seen.add(json[key]);
      } catch {
        // Not JSON: no secret in it.
      }
      return response;
    };
    const flow = createSignInFlow({
      config: { issuer: op.issuer, clientId: op.clientId, scope: defaultScope },
      fetch,
      vault: createMemoryVault(),
      proactiveRefresh: false,
      log: createRedactingLog(fileLogWriter(logFile)),
    });
    const done = flow.start();
    const code = await nextState(flow, awaitingUser);
    await approveByForms(code.verificationUriComplete ?? '', { login: 'heidi' });
    await done;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await flow.getAccessToken(); // a refresh, with a rotated refresh token
    await flow.signOut();

    const log = await readFile(logFile, 'utf8');
    const events = log
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { event: string }).event);
    expect(events).toEqual(expect.arrayContaining(['sign_in.start', 'code.issued', 'signed_in', 'refresh.ok', 'signed_out']));
    expect(seen.size).toBeGreaterThanOrEqual(6); // device code, user code, access, refresh, ID token, rotated tokens
    for (const secret of seen) expect(log, 'a secret reached the log').not.toContain(secret);
    expect(log).not.toContain(code.userCode);
  });
});
