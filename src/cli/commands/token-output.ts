/**
 * What `token` prints, whichever way it got the token: the bare token (or one JSON object with
 * `--json`), or the ExecCredential kubectl reads. Shared by the cached path (cached-token.ts) and
 * the full one (token.ts), so the two cannot print differently.
 */
import type { Output } from '../output.ts';
import type { ExitStatus } from './command-context.ts';
import { execCredential } from './exec-credential.ts';

export interface PrintedToken {
  readonly accessToken: string;
  readonly tokenType: string;
  readonly expiresAt: number | undefined;
}

export function printToken(
  out: Output,
  writeBody: (bytes: Uint8Array) => void,
  format: 'exec-credential' | undefined,
  token: PrintedToken,
): ExitStatus {
  if (format === 'exec-credential') {
    writeBody(new TextEncoder().encode(`${JSON.stringify(execCredential({ token: token.accessToken, expiresAt: token.expiresAt }))}\n`));
    return 0;
  }
  out.emit(
    {
      type: 'token',
      access_token: token.accessToken,
      token_type: spelledTokenType(token.tokenType),
      ...(token.expiresAt === undefined ? {} : { expires_at: new Date(token.expiresAt).toISOString() }),
    },
    token.accessToken,
  );
  return 0;
}

/**
 * The type as RFC 6750 §1.1 and RFC 9449 §5 spell it, `Bearer` or `DPoP`, as `status --json`
 * says it: servers send either case (RFC 6749 §7.1 makes it case-insensitive) and oauth4webapi
 * keeps it lowercased. Any other type is printed as it came.
 */
export function spelledTokenType(tokenType: string): string {
  switch (tokenType.toLowerCase()) {
    case 'bearer':
      return 'Bearer';
    case 'dpop':
      return 'DPoP';
    default:
      return tokenType;
  }
}
