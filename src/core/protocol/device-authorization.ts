import * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config.ts';
import type { ProviderProfile } from '../providers/profile.ts';
import type { ShownCode } from '../../shared/flow-state.ts';
import { type ProtocolContext, requestOptions } from './context.ts';
import { SignInError } from '../errors.ts';
import { toSignInError } from './oauth-errors.ts';
import { hasUnsafeCharacter } from './server-text.ts';
import { requireSafeUrl } from './uri-safety.ts';

/** A validated device authorization response (RFC 8628 §3.2), with times made absolute. */
export interface DeviceAuthorization extends ShownCode {
  /** Secret to the token endpoint; never shown, logged or sent to a front end. */
  readonly deviceCode: string;
  /** Clock time at which the response arrived; the first poll waits an interval from here. */
  readonly receivedAt: number;
}

/** What of a device authorization the user is shown: everything but the device code. */
export function shownCode(authorization: DeviceAuthorization): ShownCode {
  const { userCode, verificationUri, verificationUriComplete, expiresAt, interval } = authorization;
  return { userCode, verificationUri, ...(verificationUriComplete === undefined ? {} : { verificationUriComplete }), expiresAt, interval };
}

/** RFC 8628 §3.2: "If no value is provided, clients MUST use 5 as the default." */
export const defaultInterval = 5;
/** A device code outliving a day is a server bug; bounding it bounds how long we poll. */
const maxExpiresIn = 24 * 60 * 60;
/** A server asking for no wait at all would have us hammer it; one second is the floor. */
const minInterval = 1;
const maxUserCodeLength = 64;

/** The device authorization request parameters (RFC 8628 §3.1, RFC 8707, RFC 9396). */
export function deviceAuthorizationParameters(config: ClientConfig): URLSearchParams {
  const params = new URLSearchParams(config.extraParams);
  params.set('scope', config.scope);
  if (config.audience !== undefined) params.set('audience', config.audience);
  if (config.resource !== undefined) {
    params.delete('resource');
    for (const resource of typeof config.resource === 'string' ? [config.resource] : config.resource) {
      params.append('resource', resource);
    }
  }
  if (config.authorizationDetails !== undefined) {
    params.set('authorization_details', JSON.stringify(config.authorizationDetails));
  }
  return params;
}

/**
 * RFC 8628 §3.1-3.2: asks for a device code and user code, then validates everything a person
 * will see or open before it is used.
 */
export async function requestDeviceAuthorization(
  as: oauth.AuthorizationServer,
  config: ClientConfig,
  context: ProtocolContext,
  signal?: AbortSignal,
): Promise<DeviceAuthorization> {
  let body: oauth.DeviceAuthorizationResponse;
  try {
    const response = await oauth.deviceAuthorizationRequest(
      as,
      context.client,
      context.clientAuth,
      withoutImpliedScopes(deviceAuthorizationParameters(config), context.profile),
      requestOptions(context, signal),
    );
    if (response.status >= 500) {
      throw new SignInError('server_error', `The provider answered ${response.status} to the device authorization request.`);
    }
    body = await oauth.processDeviceAuthorizationResponse(as, context.client, response);
  } catch (error) {
    throw withAllowedScopes(toSignInError(error, 'device authorization request'), context.profile);
  }
  return validateDeviceAuthorization(body, context);
}

/** Leaves out the scopes the provider grants unasked and would refuse if asked (the profile's `deviceScopes.implied`). */
function withoutImpliedScopes(params: URLSearchParams, profile: ProviderProfile): URLSearchParams {
  const implied = profile.deviceScopes?.implied;
  if (implied === undefined) return params;
  const scope = params.get('scope') ?? '';
  params.set(
    'scope',
    scope
      .split(' ')
      .filter((s) => s !== '' && !implied.includes(s))
      .join(' '),
  );
  return params;
}

/** A refused scope, where the provider allows device clients only some: the message names those. */
function withAllowedScopes<E extends Error>(error: E, profile: ProviderProfile): E | SignInError {
  const allowed = profile.deviceScopes?.allowed;
  if (!(error instanceof SignInError) || error.code !== 'invalid_scope' || allowed === undefined) return error;
  const message = `${error.message} ${profile.displayName} lets device clients ask only for these scopes: ${allowed.join(' ')}.`;
  return new SignInError('invalid_scope', message, {
    ...(error.cause === undefined ? {} : { cause: error.cause }),
    ...(error.serverError === undefined ? {} : { serverError: error.serverError }),
    ...(error.serverDescription === undefined ? {} : { serverDescription: error.serverDescription }),
  });
}

/** Checks a device authorization response beyond its JSON types: what is shown, opened and waited for. */
export function validateDeviceAuthorization(
  body: oauth.DeviceAuthorizationResponse,
  context: Pick<ProtocolContext, 'clock' | 'allowance' | 'allowHttp'>,
): DeviceAuthorization {
  const receivedAt = context.clock.now();
  const userCode = body.user_code.trim();
  // The code is shown in a window and printed to terminals, and the user types what they see:
  // a control character could rewrite either, a bidi control could show it in another order.
  // Cleaning it would change the code, so it is refused.
  if (userCode === '' || userCode.length > maxUserCodeLength || hasUnsafeCharacter(userCode)) {
    throw new SignInError('invalid_response', 'The provider sent a user code that cannot be shown.');
  }
  const verificationUri = verificationPage(body.verification_uri, 'verification_uri', context);
  const verificationUriComplete =
    body.verification_uri_complete === undefined
      ? undefined
      : verificationPage(body.verification_uri_complete, 'verification_uri_complete', context);
  if (!Number.isFinite(body.expires_in) || body.expires_in <= 0) {
    throw new SignInError('invalid_response', 'The provider sent a code without a usable lifetime (expires_in).');
  }
  const expiresIn = Math.min(body.expires_in, maxExpiresIn);
  const interval = body.interval === undefined ? defaultInterval : Math.max(minInterval, body.interval);
  if (!Number.isFinite(interval)) {
    throw new SignInError('invalid_response', 'The provider sent an unusable polling interval.');
  }
  return {
    deviceCode: body.device_code,
    userCode,
    verificationUri,
    ...(verificationUriComplete === undefined ? {} : { verificationUriComplete }),
    receivedAt,
    expiresAt: receivedAt + expiresIn * 1000,
    interval,
  };
}

/**
 * A page the user is sent to. Plain http (loopback, or the LAN demo's host) only when the
 * issuer itself is plain http: an https provider naming `http://127.0.0.1:…` would have the app
 * open a local service's page, which is no business of a remote server.
 */
function verificationPage(value: unknown, field: string, context: Pick<ProtocolContext, 'allowance' | 'allowHttp'>): string {
  const url = requireSafeUrl(value, field, context.allowance);
  if (url.protocol === 'http:' && !context.allowHttp) {
    throw new SignInError('insecure_uri', `The server's ${field} is plain http, but the provider itself is https.`);
  }
  return url.href;
}
