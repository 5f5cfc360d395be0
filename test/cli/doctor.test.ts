/**
 * `device-signin doctor` as the help desk runs it: the built command line against the demo
 * provider on loopback, a port nobody listens on, a server that accepts and never answers, a
 * provider whose clock is ten minutes off, no keyring, and a policy file that locks the issuer.
 * One line (or JSON object) per check, and exit status 1 exactly when a check found a problem.
 */
import { rm, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkNames } from '../../src/core/diagnostics/report.ts';
import { createFileVault } from '../../src/core/vault/file-vault.ts';
import { sessionFilePath } from '../../src/cli/vault.ts';
import { copyCli, runCli } from '../support/built-cli.ts';
import { closedPort, environment, events, expectNoStackTrace, target } from '../support/cli-fixture.ts';
import { useBuiltCli } from '../support/cli-suite.ts';
import { startProviderBehindProxy, startTestProvider } from '../support/provider-proxy.ts';
import { requirement } from '../support/requirements.ts';
import { storedSession } from '../support/stored-session.ts';

const { cli, cleanups, dataFolder } = useBuiltCli('doctor');

async function provider(): Promise<{ issuer: string; clientId: string }> {
  const op = await startTestProvider({ dpop: 'off' });
  cleanups.push(() => op.close());
  return op;
}

/** `doctor --json` with these arguments: its exit status and its checks by name. */
async function doctorJson(args: readonly string[], env: Record<string, string>) {
  const result = await runCli(cli(), ['doctor', '--json', ...args], env);
  expectNoStackTrace(result);
  const lines = events(result.stdout);
  const checks = new Map(lines.filter((line) => line.type === 'check').map((line) => [String(line['name']), line]));
  return { status: result.status, lines, checks, summary: lines.at(-1) };
}

const noKeyring = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/device-signin-test-bus' };

describe('device-signin doctor', () => {
  const noBus = 'no D-Bus session (run it with scripts/keyring-session.sh)';
  const keyringMissing = process.env.DBUS_SESSION_BUS_ADDRESS === undefined ? noBus : undefined;
  it.skipIf(!requirement('The Secret Service (gnome-keyring)', keyringMissing))(
    'finds nothing wrong against the demo provider with a working keyring, and says so in one line per check',
    async () => {
      const op = await provider();
      const result = await runCli(cli(), ['doctor', ...target(op)], environment(await dataFolder()));
      expect(result.status).toBe(0);
      expect(result.stderr).toBe('');
      const lines = result.stdout.split('\n').filter((line) => /^\S/.test(line));
      expect(lines.slice(0, checkNames.length).map((line) => line.split(/\s+/)[0])).toEqual([
        ...['ok', 'ok', 'ok', 'ok', 'skipped', 'ok', 'ok', 'ok', 'ok', 'ok'],
      ]);
      expect(result.stdout).toContain(`${new URL(op.issuer).origin}/device/auth`);
      expect(result.stdout).toContain('the system keyring took a test item and gave it back.');
      // Every sentence came from the catalog: none is printed as its message id.
      expect(result.stdout).not.toMatch(/doctor\.[a-z_]+\.[a-z_]+/);
    },
  );

  it('prints one JSON object per check in order and a summary; a kept session shows who and until when, never a token', async () => {
    const op = await provider();
    const home = await dataFolder();
    const alice = { issuer: op.issuer, clientId: op.clientId, profile: { issuer: op.issuer, sub: 'alice' } };
    const record = storedSession(Date.now(), 3_600_000, alice);
    await createFileVault(sessionFilePath(home, op)).save(record);
    const { status, lines, checks, summary } = await doctorJson(['--insecure-storage', ...target(op)], environment(home));
    expect(status).toBe(0);
    expect(lines.slice(0, -1).map((line) => [line.type, line['name']])).toEqual(checkNames.map((name) => ['check', name]));
    for (const line of lines.slice(0, -1)) expect(Object.keys(line).sort()).toEqual(['code', 'facts', 'name', 'status', 'type']);
    expect(summary).toEqual({ type: 'summary', ok: 9, warning: 0, problem: 0, skipped: 1 });
    expect(checks.get('keyring')).toMatchObject({ status: 'ok', code: 'not_used', facts: { why: 'insecure_storage' } });
    expect(checks.get('session')).toMatchObject({
      status: 'ok',
      code: 'kept',
      facts: { issuer: op.issuer, account: 'alice', refreshable: true, dpopKey: false, vault: 'file' },
    });
    expect(checks.get('session')?.['facts']).toHaveProperty('expiresAt', new Date(record.tokens.expiresAt ?? 0).toISOString());
    expect(JSON.stringify(lines)).not.toContain('token-secret');
  });

  it('names the refused connection for a dead issuer port, skips what needs it, and exits 1', async () => {
    const issuer = `http://127.0.0.1:${String(await closedPort())}`;
    const dead = target({ issuer, clientId: 'x' });
    const { status, checks } = await doctorJson(['--insecure-storage', ...dead], environment(await dataFolder()));
    expect(status).toBe(1);
    const refused = { detail: expect.stringContaining('ECONNREFUSED') as unknown };
    expect(checks.get('connection')).toMatchObject({ status: 'problem', code: 'refused', facts: refused });
    for (const name of ['tls', 'discovery', 'device_endpoint', 'clock']) {
      expect(checks.get(name)).toMatchObject({ status: 'skipped', code: 'after_problem' });
    }
    expect(checks.get('session')).toMatchObject({ status: 'ok', code: 'none' });
  });

  it('gives up on a server that accepts and never answers, within its time, as a problem', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => silent.close(resolve));
    });
    const { port } = silent.address() as { port: number };
    const silentIssuer = { issuer: `http://127.0.0.1:${String(port)}`, clientId: 'x' };
    const { status, checks } = await doctorJson(['--insecure-storage', ...target(silentIssuer)], environment(await dataFolder()));
    expect(status).toBe(1);
    expect(checks.get('connection')).toMatchObject({ status: 'ok', code: 'direct' });
    expect(checks.get('discovery')).toMatchObject({ status: 'problem', code: 'no_answer', facts: { seconds: 5 } });
    expect(checks.get('clock')).toMatchObject({ status: 'skipped', code: 'after_problem', facts: { after: 'discovery' } });
  });

  it('warns when the provider’s Date is ten minutes off, and a warning alone still exits 0', async () => {
    const op = await startProviderBehindProxy(
      async (exchange) => {
        const answer = await exchange.forward();
        exchange.reply({ ...answer, headers: { ...answer.headers, date: new Date(Date.now() - 600_000).toUTCString() } });
      },
      { dpop: 'off' },
    );
    cleanups.push(() => op.close());
    const result = await runCli(cli(), ['doctor', '--insecure-storage', ...target(op)], environment(await dataFolder()));
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^warning {2}Clock: 60\d s off the provider's clock \(more than 60 s\)\.$/m);
    expect(result.stdout).toContain("→ Set this computer's clock to synchronize automatically");
  });

  it('says why there is no keyring, in the keyring check, as a problem', async () => {
    const op = await provider();
    const { status, checks } = await doctorJson(target(op), environment(await dataFolder(), noKeyring));
    expect(status).toBe(1);
    expect(checks.get('keyring')).toMatchObject({ status: 'problem', code: 'unusable', facts: { problem: 'no_service' } });
    expect(checks.get('discovery')).toMatchObject({ status: 'ok', code: 'found' });
  });

  it('names the policy file that locks the issuer, and reports a flag against the lock as the settings problem', async () => {
    const op = await provider();
    const managed = await copyCli(cli(), 'doctor-locked');
    cleanups.push(() => rm(managed.root, { recursive: true, force: true }));
    const policyFile = join(managed.root, 'resources/policy.json');
    await writeFile(policyFile, JSON.stringify({ issuer: op.issuer, clientId: op.clientId, locked: ['issuer'] }));
    const home = await dataFolder();
    const managedRun = await runCli(managed, ['doctor', '--insecure-storage'], environment(home));
    expect(managedRun.stdout).toContain(`Settings: your organization's policy comes from ${policyFile} (installer).`);
    expect(managedRun.stdout).toMatch(new RegExp(`^ +issuer: set by installer, locked by ${policyFile}$`, 'm'));
    expect(managedRun.status).toBe(0);
    const elsewhere = ['--issuer', 'https://elsewhere.example.com'];
    const against = await runCli(managed, ['doctor', '--json', '--insecure-storage', ...elsewhere], environment(home));
    expect(against.status).toBe(1);
    const checks = events(against.stdout);
    const lockedFlag = { errorCode: 'invalid_config', problem: { rule: 'locked.flag' } };
    expect(checks[1]).toMatchObject({ name: 'policy', status: 'problem', code: 'unusable', facts: lockedFlag });
    expect(checks[2]).toMatchObject({ name: 'name', status: 'skipped', code: 'after_problem', facts: { after: 'policy' } });
  });
});
