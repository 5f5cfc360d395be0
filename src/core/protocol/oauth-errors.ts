import * as oauth from 'oauth4webapi';
import type { ErrorCode } from '../../shared/flow-state.ts';
import { CancelledError, SignInError } from '../errors.ts';
import { hasExpectedIssuerRule, isExplicit } from './oauth-internals.ts';
import { foreignErrorText, oauthErrorCode, printable } from './server-text.ts';

/**
 * OAuth error codes (RFC 6749 §5.2, RFC 8628 §3.5) that have a meaning of their own here. A Map,
 * not an object: a server sending "constructor" must not find Object's.
 */
const oauthErrorCodes: ReadonlyMap<string, ErrorCode> = new Map([
  ['access_denied', 'access_denied'],
  ['expired_token', 'expired_token'],
  ['invalid_client', 'invalid_client'],
  ['unauthorized_client', 'invalid_client'],
  ['device_flow_disabled', 'device_flow_disabled'],
  ['incorrect_client_credentials', 'invalid_client'],
  ['invalid_scope', 'invalid_scope'],
  ['server_error', 'server_error'],
  ['temporarily_unavailable', 'server_error'],
]);

/** RFC 9110 §15.5.16 Unsupported Media Type: the server refuses the request's format. */
const unsupportedMediaType = 415;

/** The HTTP status of the answer an oauth4webapi error is about, when it is about one. */
function answeredStatus(error: unknown): number | undefined {
  if (error instanceof oauth.ResponseBodyError) return error.status;
  // oauth4webapi's error for an unexpected status, and for one whose body is not JSON, carries the answer itself.
  if (
    error instanceof oauth.OperationProcessingError &&
    (error.code === oauth.RESPONSE_IS_NOT_CONFORM || error.code === oauth.RESPONSE_IS_NOT_JSON)
  ) {
    const cause: unknown = error.cause;
    // Looked at by shape: Electron's net.fetch answers with another realm's Response.
    if (typeof cause === 'object' && cause !== null && 'status' in cause && typeof cause.status === 'number') return cause.status;
  }
  return undefined;
}

/**
 * Turns whatever a protocol step threw into a SignInError with a code, keeping the server's
 * `error` and `error_description` when there was one, cleaned first: an `error` outside RFC 6749
 * §5.2's character set becomes `invalid_error_code`, a description loses its controls. A
 * library's own error is reported as `foreignErrorText` allows. An answer of 415, at any step, is
 * `protocol_mismatch`. `step` names the step for the message.
 */
export function toSignInError(error: unknown, step: string): SignInError | CancelledError {
  if (error instanceof SignInError || error instanceof CancelledError) return error;
  const status = answeredStatus(error);
  if (status === unsupportedMediaType) {
    // Whatever its body says: the server wants another format than RFC 6749 §4.1.3 and Appendix B give every request.
    return new SignInError(
      'protocol_mismatch',
      `The provider does not accept the ${step} in the standard form encoding (RFC 6749 Appendix B): it answered ${status}.`,
      { cause: error },
    );
  }
  if (error instanceof oauth.ResponseBodyError) {
    const serverError = oauthErrorCode(error.error);
    const code = oauthErrorCodes.get(serverError) ?? 'request_rejected';
    const description = printable(error.error_description);
    return new SignInError(code, `The provider refused the ${step}: ${serverError}${description ? ` (${description})` : ''}.`, {
      cause: error,
      serverError,
      ...(description ? { serverDescription: description } : {}),
    });
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    return new SignInError('invalid_client', `The provider did not accept this client for the ${step}.`, { cause: error });
  }
  if (error instanceof oauth.OperationProcessingError) {
    if (error.code === oauth.HTTP_REQUEST_FORBIDDEN || error.code === oauth.REQUEST_PROTOCOL_FORBIDDEN) {
      return new SignInError('insecure_uri', `The provider named an endpoint that is not https for the ${step}.`, { cause: error });
    }
    return new SignInError(
      'invalid_response',
      `The provider's answer to the ${step} was not valid (${foreignErrorText(error, 'message')}).`,
      { cause: error },
    );
  }
  if (error instanceof oauth.UnsupportedOperationError) {
    return new SignInError(
      'invalid_response',
      `The provider's answer to the ${step} is not supported (${foreignErrorText(error, 'message')}).`,
      { cause: error },
    );
  }
  // Anything else may quote what it refused (Node's header check quotes a whole token): its name only.
  return new SignInError('invalid_response', `The ${step} failed (${foreignErrorText(error)}).`, { cause: error });
}

/**
 * An ID token whose `iss` is not the issuer we were set to (OpenID Connect Core §3.1.3.7 step 2),
 * where the issuer is the setting's alone (metadata built from explicit endpoints, marked by
 * provider-metadata.ts): with discovery the document would have said so first, so this is an
 * `--issuer` beside explicit endpoints, not an answer to retry, and the provider's own name for
 * itself is the way out. Where metadata was discovered, or a provider profile computes the expected
 * issuer from the token (Entra's tenants), a mismatch is a token to refuse (`invalid_response`).
 */
export function issuerMismatch(error: unknown, as: oauth.AuthorizationServer): SignInError | undefined {
  if (!(error instanceof oauth.OperationProcessingError) || error.code !== oauth.JWT_CLAIM_COMPARISON) return undefined;
  if (!isExplicit(as) || hasExpectedIssuerRule(as)) return undefined;
  const cause = error.cause as { claim?: unknown; expected?: unknown; claims?: { iss?: unknown } } | undefined;
  const named = printable(cause?.claims?.iss);
  if (cause?.claim !== 'iss' || typeof cause.expected !== 'string' || named === undefined) return undefined;
  return new SignInError('invalid_config', `The provider's ID token names the issuer ${named}, not the configured ${cause.expected}.`, {
    cause: error,
    problem: { rule: 'config.issuerMismatch', values: { issuer: cause.expected, actual: named } },
  });
}
