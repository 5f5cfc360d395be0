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
        ...optional('verificationUriComplete', state.verificationUriComplete),
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
      return { status: state.status, profile: publicProfile(state.profile), persistence: state.persistence };
    case 'denied':
      return { status: state.status, ...optional('description', state.description) };
    case 'error':
      return { status: state.status, code: state.code, message: state.message };
  }
}

function publicNotice(notice: Notice): Notice {
  return {
    code: notice.code,
    message: notice.message,
    ...optional('revocation', notice.revocation),
    ...optional('validUntil', notice.validUntil),
  };
}

function publicProfile(profile: Profile): Profile {
  return {
    issuer: profile.issuer,
    sub: profile.sub,
    ...optional('name', profile.name),
    ...optional('email', profile.email),
    ...optional('email_verified', profile.email_verified),
    ...optional('picture', profile.picture),
    ...optional('hardware_verified', profile.hardware_verified),
    ...optional('hardware_aaguid', profile.hardware_aaguid),
  };
}

/** Spreads `{ key: value }` only when the value is present (exactOptionalPropertyTypes). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
