/**
 * What a failed protocol step says about another library's error. oauth4webapi words its own
 * errors as fixed text, which is shown cleaned of controls; anything else may quote what it
 * refused (Node's header check quotes a whole `Authorization` header, token and all), and is
 * named, never quoted, since the message reaches the window's Details and the CLI's `--json`.
 */
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { toSignInError } from '../../../src/core/protocol/oauth-errors.ts';

/** What undici's `Headers` throws for a header value with a newline, word for word. */
const headerCheck = new TypeError('Headers.append: "Bearer abc\nxyz" is an invalid header value.');
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const anyControl = /[\u0000-\u001f\u007f-\u009f]/;

describe("another library's error, as a failed step reports it", () => {
  it('names a TypeError that quotes a bearer token without quoting it', () => {
    const error = toSignInError(headerCheck, 'profile (userinfo) request');
    expect(error).toMatchObject({ code: 'invalid_response', message: 'The profile (userinfo) request failed (TypeError).' });
    expect(error.message).not.toContain('abc');
    expect(error.message).not.toMatch(anyControl);
  });

  it('names a coded error by its name and code only', () => {
    const error = toSignInError(
      Object.assign(new Error('Invalid character in header content ["authorization"]'), { code: 'ERR_INVALID_CHAR' }),
      'token request',
    );
    expect(error.message).toBe('The token request failed (Error (ERR_INVALID_CHAR)).');
  });

  it('names what is not an Error at all without printing it', () => {
    expect(toSignInError('Bearer abc\nxyz', 'token request').message).toBe('The token request failed (a value that is not an Error).');
  });

  it("shows oauth4webapi's own words, an ESC in them turned into a space", () => {
    const processing = new oauth.OperationProcessingError('unexpected \u001b[2J"response" content-type', {
      code: oauth.RESPONSE_IS_NOT_JSON,
    });
    const error = toSignInError(processing, 'token request');
    expect(error).toMatchObject({ code: 'invalid_response' });
    expect(error.message).toBe(
      'The provider\'s answer to the token request was not valid (OAUTH_RESPONSE_IS_NOT_JSON: unexpected  [2J"response" content-type).',
    );
    expect(error.message).not.toMatch(anyControl);
  });

  it("shows an unsupported operation in oauth4webapi's words, cleaned the same way", () => {
    const error = toSignInError(new oauth.UnsupportedOperationError('unsupported `token_type`\u009b31m value'), 'token refresh');
    expect(error.message).toContain('is not supported (OAUTH_UNSUPPORTED_OPERATION: unsupported `token_type` 31m value)');
    expect(error.message).not.toMatch(anyControl);
  });
});
