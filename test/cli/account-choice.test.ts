/**
 * Which kept account an ACCOUNT names (`--account ACCOUNT`, `switch ACCOUNT`): its email in any
 * case, or its `sub` exactly; none or several is no choice. And the command line's reading of
 * the account options themselves, before any vault is read.
 */
import { describe, expect, it } from 'vitest';
import { accountOptionsFrom } from '../../src/cli/account-options.ts';
import { chooseAccount } from '../../src/cli/account-choice.ts';
import { parseCommandLine } from '../../src/cli/args.ts';

const issuer = 'https://login.example.com';
const ann = { profile: { issuer, sub: '00u1ann', email: 'Ann.Lee@Example.com' } };
const ben = { profile: { issuer, sub: '00u2ben', email: 'ben@example.com' } };
// Another tenant's account with Ben's address.
const benElsewhere = { profile: { issuer: 'https://login.example.com/tenant-b', sub: '00u3ben', email: 'BEN@example.com' } };
// An account whose sub is somebody else's email.
const bySubOnly = { profile: { issuer, sub: 'ann.lee@example.com' } };
const kept = [ann, ben];

describe('the kept account an ACCOUNT names', () => {
  it('is the one whose email it is, in any case, or whose sub it is', () => {
    expect(chooseAccount('ann.lee@example.com', kept)).toEqual({ kind: 'one', account: ann });
    expect(chooseAccount('  BEN@EXAMPLE.COM ', kept)).toEqual({ kind: 'one', account: ben });
    expect(chooseAccount('00u1ann', kept)).toEqual({ kind: 'one', account: ann });
  });

  it('matches a sub exactly: another case is another subject (OpenID Connect Core §5.7)', () => {
    expect(chooseAccount('00U1ANN', kept)).toEqual({ kind: 'none' });
  });

  it('is none for a value that names nobody, or nothing at all', () => {
    expect(chooseAccount('carol@example.com', kept)).toEqual({ kind: 'none' });
    expect(chooseAccount('', kept)).toEqual({ kind: 'none' });
    expect(chooseAccount('ann', kept)).toEqual({ kind: 'none' });
    expect(chooseAccount('ben@example.com', [])).toEqual({ kind: 'none' });
  });

  it('is several when two accounts share the email, or one’s sub is the other’s email', () => {
    expect(chooseAccount('ben@example.com', [...kept, benElsewhere])).toEqual({ kind: 'several', matches: [ben, benElsewhere] });
    expect(chooseAccount('ann.lee@example.com', [ann, bySubOnly])).toEqual({ kind: 'several', matches: [ann, bySubOnly] });
    // Each can still be named alone.
    expect(chooseAccount('00u3ben', [...kept, benElsewhere])).toEqual({ kind: 'one', account: benElsewhere });
  });

  it('counts an account that matches by both its email and its sub once', () => {
    const same = { profile: { issuer, sub: 'dee@example.com', email: 'dee@example.com' } };
    expect(chooseAccount('dee@example.com', [same])).toEqual({ kind: 'one', account: same });
  });
});

describe('reading the account options', () => {
  it('takes --account on the commands that act on an account, and --all on logout', () => {
    for (const command of ['status', 'token', 'fetch', 'logout']) {
      const args = command === 'fetch' ? [command, 'https://api.example.com/'] : [command];
      expect(parseCommandLine([...args, '--account', 'ann@example.com'])).toMatchObject({ command, account: 'ann@example.com' });
    }
    expect(parseCommandLine(['git-credential', 'get', '--host', 'git.example.com', '--account', '00u1ann'])).toMatchObject({
      account: '00u1ann',
    });
    expect(parseCommandLine(['logout', '--all'])).toMatchObject({ command: 'logout', all: true });
    expect(parseCommandLine(['switch', 'ann@example.com'])).toMatchObject({ command: 'switch', switchTo: 'ann@example.com' });
    expect(parseCommandLine(['accounts', '--json'])).toMatchObject({ command: 'accounts', json: true });
  });

  it.each([
    [['login', '--account', 'ann'], "'--account' does not apply to 'login'."],
    [['accounts', '--account', 'ann'], "'--account' does not apply to 'accounts'."],
    [['token', '--all'], "'--all' does not apply to 'token'."],
    [['logout', '--all', '--account', 'ann'], 'logout takes --account ACCOUNT or --all, not both.'],
    [['token', '--account', ' '], '--account needs a value.'],
    [['switch'], "'switch' needs the account to make current: its email or sub."],
    [['switch', 'ann', 'ben'], "Unexpected argument 'ben' after 'switch ann'."],
  ])('%j is a usage error: %s', (args, message) => {
    expect(() => parseCommandLine(args)).toThrow(message);
  });

  it('keeps a command line without them as it was', () => {
    expect(accountOptionsFrom('token', {}, [])).toEqual({});
    expect(parseCommandLine(['token'])).not.toHaveProperty('account');
  });
});
