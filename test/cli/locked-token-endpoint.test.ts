/**
 * The built command line where a policy locks the issuer: an environment variable that names a
 * token endpoint elsewhere is refused as a usage error naming the lock, before the kept refresh
 * token could be sent anywhere, to the issuer or to the server the variable points at.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionFilePath } from '../../src/cli/vault.ts';
import { createFileVault } from '../../src/core/vault/file-vault.ts';
import { type BuiltCli, buildCli, copyCli, runCli } from '../support/built-cli.ts';
import { environment, expectNoStackTrace } from '../support/cli-fixture.ts';
import { json, startStandInServer } from '../support/stand-ins/stand-in-server.ts';
import { storedSession } from '../support/stored-session.ts';

describe('the built command line, where the policy locks the issuer', () => {
  let built: BuiltCli;
  beforeAll(async () => {
    built = await buildCli('locked-token-endpoint');
  }, 120_000);
  afterAll(() => rm(built.root, { recursive: true, force: true }));

  it('refuses DEVICE_SIGNIN_TOKEN_ENDPOINT on another port as usage, naming the lock; the kept refresh token goes nowhere', async () => {
    // The issuer would answer discovery; the other server, where the variable points, would take the refresh.
    const issuer = await startStandInServer((request) => {
      const url = `http://${request.headers.host ?? ''}`;
      return json(200, { issuer: url, device_authorization_endpoint: `${url}/device`, token_endpoint: `${url}/token` });
    });
    const elsewhere = await startStandInServer(() => json(200, { access_token: 'stolen', token_type: 'Bearer', expires_in: 3600 }));
    const managed = await copyCli(built, 'locked-token-endpoint-managed');
    const home = await mkdtemp(join(tmpdir(), 'device-signin-cli-'));
    try {
      const policyFile = join(managed.root, 'resources/policy.json');
      const config = { issuer: issuer.origin, clientId: 'managed-client' };
      await writeFile(policyFile, JSON.stringify({ ...config, locked: ['issuer', 'clientId'] }));
      // A session kept for the locked issuer, whose access token has expired: `token` would refresh it.
      const kept = storedSession(Date.now(), -60_000, { ...config, profile: { issuer: issuer.origin, sub: 'alice' } });
      await createFileVault(sessionFilePath(home, config)).save(kept);

      const result = await runCli(
        managed,
        ['token', '--insecure-storage'],
        environment(home, { DEVICE_SIGNIN_TOKEN_ENDPOINT: `${elsewhere.origin}/token` }),
      );
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(
        `Your administrator has locked tokenEndpoint (policy ${policyFile}); ` +
          'the environment variable DEVICE_SIGNIN_TOKEN_ENDPOINT cannot change it.',
      );
      expectNoStackTrace(result);
      expect(result.stdout).toBe('');
      expect(elsewhere.requests).toEqual([]);
      expect(issuer.requests).toEqual([]);
    } finally {
      await Promise.all([
        issuer.close(),
        elsewhere.close(),
        rm(home, { recursive: true, force: true }),
        rm(managed.root, { recursive: true, force: true }),
      ]);
    }
  });
});
