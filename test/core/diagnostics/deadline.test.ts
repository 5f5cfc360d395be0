/**
 * The report comes back by its deadline whatever the network does: against a loopback server
 * that accepts connections and never says a word, each check that waits on it is a `no_answer`
 * problem or is skipped when the deadline leaves it no time, and every socket is closed after.
 * The deadline is the injectable one (20 s by default); here it is short, so the test never waits long.
 */
import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.ts';
import { validateConfig, type ClientConfig } from '../../../src/core/config.ts';
import { diagnose } from '../../../src/core/diagnostics/diagnose.ts';
import { defaultDeadlineMs } from '../../../src/core/diagnostics/run-checks.ts';
import { checkNames } from '../../../src/core/diagnostics/report.ts';
import { resolveSettings } from '../../../src/core/policy/settings-resolution.ts';

const servers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((close) => close()));
});

/** A server that takes every connection and answers nothing; `open` counts the sockets still open. */
async function silentServer(): Promise<{ port: number; open: () => number }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    // Read and drop what comes, so the client's close is seen; answer nothing.
    socket.resume();
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return { port: (server.address() as { port: number }).port, open: () => sockets.size };
}

const noStores = { system: [], bundled: [], caFile: [] };

function configFor(issuer: string): ClientConfig {
  const config = { issuer, clientId: 'x', scope: 'openid' } as ClientConfig;
  validateConfig(config);
  return config;
}

describe('the diagnostics deadline', () => {
  it('is 20 seconds unless a front end or a test gives another', () => {
    expect(defaultDeadlineMs).toBe(20_000);
  });

  it('ends every check against a silent https server within a short deadline, and leaves no socket open', async () => {
    const { port, open } = await silentServer();
    const issuer = `https://127.0.0.1:${String(port)}`;
    const report = await diagnose({
      app: { version: 'test', platform: 'linux', arch: 'x64', runtime: 'node' },
      settings: { resolved: resolveSettings({}) },
      issuer: { config: configFor(issuer), route: { kind: 'direct' }, stores: noStores, fetch: globalThis.fetch, clock: systemClock },
      keyring: { kind: 'not_used', why: 'insecure_storage' },
      clock: systemClock,
      // The handshake, waiting on the silent server, uses up the whole deadline.
      deadlineMs: 600,
      checkTimeoutMs: 600,
    });
    expect(report.checks.map((check) => check.name)).toEqual([...checkNames]);
    const byName = new Map(report.checks.map((check) => [check.name, check]));
    expect(byName.get('connection')).toMatchObject({ status: 'ok', code: 'direct' });
    // The handshake waits for a server hello that never comes; nothing is started after it.
    expect(byName.get('tls')).toMatchObject({ status: 'problem', code: 'no_answer' });
    expect(byName.get('discovery')).toMatchObject({ status: 'skipped', code: 'deadline' });
    const passed = report.checks.filter((check) => check.status === 'ok').map((check) => check.name);
    expect(passed).toEqual(['app', 'policy', 'name', 'connection']);
    await expect.poll(open).toBe(0);
  });

  it('skips what is left once the deadline has passed, rather than starting it', async () => {
    const { port } = await silentServer();
    const report = await diagnose({
      app: { version: 'test', platform: 'linux', arch: 'x64', runtime: 'node' },
      settings: { resolved: resolveSettings({}) },
      issuer: {
        config: configFor(`http://127.0.0.1:${String(port)}`),
        route: { kind: 'direct' },
        stores: noStores,
        fetch: globalThis.fetch,
        clock: systemClock,
      },
      keyring: { kind: 'probe', probe: () => new Promise(() => undefined), fileAllowed: false },
      clock: systemClock,
      // Discovery, waiting on the silent server, uses up all that is left of the deadline.
      deadlineMs: 600,
      checkTimeoutMs: 1_000,
    });
    const byName = new Map(report.checks.map((check) => [check.name, check]));
    expect(byName.get('discovery')).toMatchObject({ status: 'problem', code: 'no_answer' });
    // What the deadline left no time for is said as such: the keyring that would never answer is not even asked.
    expect(byName.get('keyring')).toMatchObject({ status: 'skipped', code: 'deadline' });
  });
});
