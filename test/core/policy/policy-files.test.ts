/**
 * What an admin sees when a policy file is wrong: the file, the key and the problem, in one
 * sentence, and sign-in refused (code `invalid_config`). Files are read through an injected
 * reader, so nothing here touches /etc.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bundledPolicyPath,
  loadManagedPolicies,
  loadPolicyFile,
  systemPolicyPath,
  type PolicyFileReader,
} from '../../../src/core/policy/policy.ts';
import { parsePolicy, PolicyError } from '../../../src/core/policy/policy-document.ts';

const file = '/etc/device-signin/policy.json';

function rejection(text: string): PolicyError {
  try {
    parsePolicy(text, file);
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error(`expected ${text} to be rejected`);
}

describe('a valid policy file', () => {
  it('gives its values, with object fields left out taking their defaults, and its locks', () => {
    const policy = parsePolicy(
      JSON.stringify({
        $comment: 'Staff laptops',
        issuer: 'https://login.example.com/realms/staff',
        clientId: ' desktop ',
        tokenStorage: 'session-only',
        demoProvider: false,
        updates: { enabled: false },
        locked: ['issuer', 'clientId'],
      }),
      file,
    );
    expect(policy.values).toEqual({
      issuer: 'https://login.example.com/realms/staff',
      clientId: 'desktop',
      tokenStorage: 'session-only',
      demoProvider: false,
      updates: { enabled: false, allowDowngrade: false, channel: 'latest' },
    });
    expect([...policy.locked]).toEqual(['issuer', 'clientId']);
  });

  it('accepts plain http for an issuer on loopback, as the core does', () => {
    expect(parsePolicy('{"issuer": "http://127.0.0.1:3000/oidc"}', file).values.issuer).toBe('http://127.0.0.1:3000/oidc');
    expect(parsePolicy('{"issuer": "http://localhost:3000"}', file).values.issuer).toBe('http://localhost:3000');
  });

  it('accepts the UTF-8 byte order mark that Notepad and some MDM tools write', () => {
    expect(parsePolicy('\uFEFF{"clientId": "desktop"}', file).values.clientId).toBe('desktop');
  });

  it('is the shipped bundled configuration, which sets and locks nothing', async () => {
    const policy = await loadPolicyFile(new URL('../../../resources/policy.json', import.meta.url).pathname);
    expect(policy?.values).toEqual({});
    expect(policy?.locked.size).toBe(0);
  });
});

describe('an invalid policy file stops sign-in with the file, the key and the problem', () => {
  it.each([
    ['not JSON', '{ issuer: "https://login.example.com" }', undefined, /is not valid JSON/],
    ['not an object', '["issuer"]', undefined, /must be a JSON object/],
    ['an unknown key', '{"isuer": "https://login.example.com"}', 'isuer', /is not a policy key\. Known keys: issuer, clientId/],
    ['a string where a boolean belongs', '{"demoProvider": "false"}', 'demoProvider', /must be true or false; found string "false"/],
    ['a number where a string belongs', '{"clientId": 42}', 'clientId', /must be a string; found number 42/],
    ['an empty string', '{"scope": "  "}', 'scope', /must not be empty/],
    [
      'a value outside the allowed list',
      '{"tokenStorage": "plaintext"}',
      'tokenStorage',
      /must be one of "protected", "session-only", "allow-unprotected"; found string "plaintext"/,
    ],
    ['an unknown update channel', '{"updates": {"channel": "nightly"}}', 'updates.channel', /must be one of "latest", "beta", "alpha"/],
    ['an unknown field of updates', '{"updates": {"enable": false}}', 'updates.enable', /is not a field of "updates"/],
    ['updates that are not an object', '{"updates": false}', 'updates', /must be an object; found boolean false/],
    [
      'an issuer over plain http off loopback',
      '{"issuer": "http://login.example.com"}',
      'issuer',
      /must use https \(plain http only on a loopback address\); found "http:\/\/login\.example\.com"/,
    ],
    ['an issuer that is not a URL', '{"issuer": "login.example.com"}', 'issuer', /must be an absolute URL/],
    ['an issuer with a javascript: scheme', '{"issuer": "javascript:alert(1)"}', 'issuer', /must use https/],
    [
      'an issuer carrying credentials',
      '{"issuer": "https://admin:pw@login.example.com"}',
      'issuer',
      /must not carry a user name or password/,
    ],
    ['an issuer with a query', '{"issuer": "https://login.example.com/?tenant=a"}', 'issuer', /must not have a query or fragment/],
    ['locking an unknown key', '{"locked": ["issuer", "password"]}', 'locked', /locks "password", which is not a policy key/],
    ['a help desk page that is not https', '{"support": {"url": "http://help.example.com"}}', 'support.url', /must be an https URL/],
    ['a branding field it does not know', '{"branding": {"colour": "red"}}', 'branding.colour', /is not a field of "branding"/],
    ['locked that is not a list', '{"locked": "issuer"}', 'locked', /must be a list of key names/],
    ['locked holding a non-string', '{"locked": [true]}', 'locked', /must list key names as strings/],
  ])('%s', (_story, text, key, problem) => {
    const error = rejection(text);
    expect(error.code).toBe('invalid_config');
    expect(error.file).toBe(file);
    expect(error.key).toBe(key);
    expect(error.text).toMatch(problem);
    expect(error.message).toContain(file);
    if (key !== undefined) expect(error.message).toContain(`"${key}"`);
  });
});

describe('where policies come from', () => {
  it('is one system file per OS, where MDM, Intune, GPO or configuration management drop it', () => {
    expect(systemPolicyPath('linux')).toBe('/etc/device-signin/policy.json');
    expect(systemPolicyPath('darwin')).toBe('/Library/Application Support/Device Sign-In/policy.json');
    expect(systemPolicyPath('win32', 'D:\\ProgramData')).toBe('D:\\ProgramData\\Device Sign-In\\policy.json');
    expect(systemPolicyPath('win32')).toBe('C:\\ProgramData\\Device Sign-In\\policy.json');
  });

  it('is resources/policy.json inside the app (app.asar in an installed app)', () => {
    expect(bundledPolicyPath('/opt/Device Sign-In/resources/app.asar')).toBe(
      '/opt/Device Sign-In/resources/app.asar/resources/policy.json',
    );
  });

  it('treats a missing file as no policy, and an unreadable one as an error (failing closed)', async () => {
    const files: Record<string, string> = { '/bundled/policy.json': '{"clientId": "desktop"}' };
    const read: PolicyFileReader = async (path) => files[path];
    const loaded = await loadManagedPolicies({ systemPath: file, bundledPath: '/bundled/policy.json', read });
    expect(loaded.system).toBeUndefined();
    expect(loaded.bundled?.values).toEqual({ clientId: 'desktop' });

    const denied: PolicyFileReader = async () => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    };
    await expect(loadPolicyFile(file, denied)).rejects.toThrow(/Policy \/etc\/device-signin\/policy\.json: cannot be read \(EACCES/);
  });

  it('reads a real file from disk and names it when it is broken', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'policy-'));
    const path = join(dir, 'policy.json');
    expect(await loadPolicyFile(path)).toBeUndefined();
    await writeFile(path, '{"demoProvider": 0}');
    await expect(loadPolicyFile(path)).rejects.toThrow(`Policy ${path}: "demoProvider" must be true or false; found number 0.`);
  });
});
