/**
 * The copy of the flow state that leaves the main process. FlowState is already free of secrets
 * by type, but a type does not stop an object carrying extra properties at run time; rebuilding
 * it field by field guarantees that nothing else (a token, raw claims) ever crosses IPC or the
 * bridge.
 */
import type { FlowState, Notice, Profile } from '../shared/flow-state.ts';

export function publicState(state: FlowState): FlowState {
  switch (state.status) {
    case 'idle':
      return {
        status: state.status,
        ...(state.notice === undefined ? {} : { notice: publicNotice(state.notice) }),
      };
    case 'restoring':
    case 'requesting':
    case 'signing_out':
    case 'expired':
      return { status: state.status };
    case 'awaiting_user':
      return {
        status: state.status,
        userCode: state.userCode,
        verificationUri: state.verificationUri,
        ...presentFields(state, ['verificationUriComplete']),
        expiresAt: state.expiresAt,
        interval: state.interval,
        slowedDown: state.slowedDown,
        ...(state.retrying === undefined
          ? {}
          : {
              retrying: {
                reason: state.retrying.reason,
                attempt: state.retrying.attempt,
                nextAttemptAt: state.retrying.nextAttemptAt,
              },
            }),
      };
    case 'signed_in':
      return {
        status: state.status,
        profile: publicProfile(state.profile),
        persistence: state.persistence,
        // Whether the session is bound, never the key or its thumbprint.
        ...(state.deviceBound === undefined ? {} : { deviceBound: state.deviceBound }),
      };
    case 'denied':
      return { status: state.status, ...presentFields(state, ['description']) };
    case 'error':
      return { status: state.status, code: state.code, message: state.message };
  }
}

function publicNotice(notice: Notice): Notice {
  return {
    code: notice.code,
    ...presentFields(notice, ['storage', 'revocation', 'validUntil', 'revokeAt', 'previousIssuer', 'endpoint', 'issuedBy']),
  };
}

function publicProfile(profile: Profile): Profile {
  return {
    issuer: profile.issuer,
    ...presentFields(profile, ['sub', 'name', 'email', 'email_verified', 'picture', 'hardware_verified', 'hardware_aaguid']),
  };
}

/** The named optional fields that `source` has, and nothing else (exactOptionalPropertyTypes: no `undefined` values). */
function presentFields<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const copy: Partial<Pick<T, K>> = {};
  for (const key of keys) {
    const value = source[key];
    if (value !== undefined) copy[key] = value;
  }
  return copy;
}
