/**
 * `device-signin` with tokens bound to this computer (DPoP, RFC 9449): the built CLI against the
 * demo provider, which demands a server nonce in every proof, and the real Secret Service as the
 * keyring. Every command is a new process, so each one also shows the key restored from the vault.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/built-cli.ts';
import { environment, events, expectNoStackTrace, storedTokens, target, useCliFixture } from '../support/cli-fixture.ts';
import { boundThumbprint } from '../support/introspect.ts';
import { keyringAvailability } from '../support/test-cipher.ts';

const keyring = await keyringAvailability();
const fixture = useCliFixture('cli-dpop-test');
const { phone, dataFolder, keyringEntry, signIn } = fixture;

describe.skipIf(!keyring.available)('device-signin with a DPoP-bound session', () => {
  it('reports the binding in status, calls the API with fetch, and warns that token alone will not do', async () => {
    const op = await phone.provider({ interval: 1 });
    const home = await dataFolder();
    const entry = keyringEntry(op);
    await signIn(op, home);
    const tokens = await storedTokens(entry);
    // The key is in the same keyring entry as the tokens.
    const record = JSON.parse((await entry.getPassword()) ?? '{}') as { dpop?: { jkt?: string; jwk?: { d?: string } } };
    expect(record.dpop?.jwk?.d).toEqual(expect.any(String));

    const status = await runCli(fixture.cli(), ['status', '--json', ...target(op)], environment(home));
    expect(status.status).toBe(0);
    const [event] = events(status.stdout);
    expect(event).toMatchObject({ type: 'status', signed_in: true, token_type: 'DPoP', dpop_jkt: record.dpop?.jkt });
    expect(await boundThumbprint(op, tokens.accessToken)).toBe(event?.dpop_jkt);
    const statusText = await runCli(fixture.cli(), ['status', ...target(op)], environment(home));
    expect(statusText.stdout).toContain(`bound to a key on this computer (DPoP, key thumbprint ${String(event?.dpop_jkt)})`);

    const me = await runCli(fixture.cli(), ['fetch', ...target(op), `${op.issuer}/me`], environment(home));
    expect(me).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(me.stdout)).toMatchObject({ sub: 'alice', email: 'alice@example.test' });

    // The same token with no proof is refused: what a token copied off this computer is worth.
    const printed = await runCli(fixture.cli(), ['token', ...target(op)], environment(home));
    expect(printed.stdout).toBe(`${tokens.accessToken}\n`);
    expect(printed.stderr).toContain('Use `device-signin fetch URL`');
    const asBearer = await fetch(`${op.issuer}/me`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
    expect(asBearer.status).toBe(401);
  });

  it('sends the method, headers and body it is given, and exits 1 with the status on stderr when the API says no', async () => {
    const op = await phone.provider({ interval: 1 });
    const home = await dataFolder();
    keyringEntry(op);
    await signIn(op, home);
    const body = join(home, 'body.txt');
    await writeFile(body, 'claims=%7B%7D');
    const posted = await runCli(
      fixture.cli(),
      ['fetch', ...target(op), '-X', 'POST', '-H', 'Accept: application/json', '--data', `@${body}`, `${op.issuer}/me`],
      environment(home),
    );
    expect(posted).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(posted.stdout)).toMatchObject({ sub: 'alice' });

    const missing = await runCli(fixture.cli(), ['fetch', ...target(op), `${op.issuer}/no-such-api`], environment(home));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^HTTP 404/);
    expectNoStackTrace(missing);
    const json = await runCli(fixture.cli(), ['fetch', '--json', ...target(op), `${op.issuer}/no-such-api`], environment(home));
    expect(json.status).toBe(1);
    expect(events(json.stdout)).toEqual([expect.objectContaining({ type: 'response', status: 404, ok: false })]);

    const unreadable = await runCli(
      fixture.cli(),
      ['fetch', ...target(op), '--data', `@${join(home, 'no-such-file')}`, `${op.issuer}/me`],
      environment(home),
    );
    // A file the command line names that cannot be read is a usage-side mistake (docs/cli.md, "Exit statuses").
    expect(unreadable.status).toBe(2);
    expect(unreadable.stderr).toContain('the file could not be read (ENOENT)');
    expectNoStackTrace(unreadable);

    const usage = await runCli(
      fixture.cli(),
      ['fetch', ...target(op), '-H', 'Authorization: Bearer x', `${op.issuer}/me`],
      environment(home),
    );
    expect(usage.status).toBe(2);
  });

  it('signs in with bearer tokens under --dpop off, refuses under DEVICE_SIGNIN_DPOP=required where the provider lacks DPoP', async () => {
    const op = await phone.provider({ interval: 1 });
    const home = await dataFolder();
    keyringEntry(op);
    await signIn(op, home, 'alice', ['--dpop', 'off']);
    const status = await runCli(fixture.cli(), ['status', '--json', ...target(op)], environment(home));
    const [event] = events(status.stdout);
    expect(event).toMatchObject({ signed_in: true, token_type: 'Bearer' });
    expect(event).not.toHaveProperty('dpop_jkt');
    const token = await runCli(fixture.cli(), ['token', ...target(op)], environment(home));
    expect(token).toMatchObject({ status: 0, stderr: '' });
    expect((await runCli(fixture.cli(), ['fetch', ...target(op), `${op.issuer}/me`], environment(home))).status).toBe(0);

    const plain = await phone.provider({ dpop: 'off', interval: 1 });
    const elsewhere = await dataFolder();
    const refused = await runCli(
      fixture.cli(),
      ['login', '--json', '--no-open', ...target(plain)],
      environment(elsewhere, { DEVICE_SIGNIN_DPOP: 'required' }),
    );
    expect(refused.status).toBe(1);
    expect(events(refused.stdout)).toEqual([expect.objectContaining({ type: 'error', code: 'dpop_unsupported' })]);
  });
});
