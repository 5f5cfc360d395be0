/**
 * `token --json` names the token's type as `status --json` does, `Bearer` or `DPoP`, the way
 * RFC 6750 §1.1 and RFC 9449 §5 spell them: whatever case the server sent (RFC 6749 §7.1 makes
 * the type case-insensitive, and oauth4webapi keeps it lowercased), and on either path, the
 * full command's or the cached one's.
 */
import { describe, expect, it } from 'vitest';
import { printToken } from '../../src/cli/commands/token-output.ts';
import { createOutput } from '../../src/cli/output.ts';
import { jsonLines } from '../support/terminal-text.ts';

function printedTokenType(tokenType: string): unknown {
  let stdout = '';
  const out = createOutput(true, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => undefined } });
  printToken(out, () => undefined, undefined, { accessToken: 'access-token-secret', tokenType, expiresAt: Date.UTC(2030, 0, 1) });
  return jsonLines(stdout)[0]?.token_type;
}

describe('token --json names the token type as status --json does', () => {
  it.each([
    ['dpop', 'DPoP'],
    ['DPoP', 'DPoP'],
    ['bearer', 'Bearer'],
    ['BEARER', 'Bearer'],
  ])('prints %s as %s', (received, printed) => {
    expect(printedTokenType(received)).toBe(printed);
  });

  it('passes a type of another scheme on as it came', () => {
    expect(printedTokenType('N_A')).toBe('N_A');
  });
});
