import type { FlowEvent } from '../core/flow/sign-in-flow.ts';
import type { Profile } from '../shared/flow-state.ts';
import type { LoginEvent } from './output.ts';

/**
 * The `login --json` line for one event the flow published: the code, then each poll's answer
 * (RFC 8628 §3.5). The flow says what happened; this only spells it the way docs/cli.md does.
 */
export function loginEventFor(event: FlowEvent, now: number): LoginEvent {
  switch (event.type) {
    case 'code':
      return {
        type: 'code',
        user_code: event.userCode,
        verification_uri: event.verificationUri,
        ...(event.verificationUriComplete === undefined ? {} : { verification_uri_complete: event.verificationUriComplete }),
        expires_at: new Date(event.expiresAt).toISOString(),
        interval: event.interval,
      };
    case 'pending':
      return { type: 'pending' };
    case 'slow_down':
      return { type: 'slow_down', interval: event.interval };
    case 'retry':
      return { type: 'retry', delay: Math.max(0, Math.ceil((event.nextAttemptAt - now) / 1000)), reason: event.reason };
    case 'replaced':
      return {
        ...profileEvent('replaced', event.profile),
        revocation: event.revocation,
        ...(event.validUntil === undefined ? {} : { expires_at: new Date(event.validUntil).toISOString() }),
      };
  }
}

/** Who is signed in, as the `signed_in`, `already_signed_in` and `replaced` lines spell it. */
function profileEvent<Type extends string>(type: Type, profile: Profile): { type: Type; sub?: string; name?: string; email?: string } {
  return { type, ...whoFields(profile) };
}

/** An account's `sub`, `name` and `email` as every JSON line spells them, each left out when unknown. */
export function whoFields(profile: Pick<Profile, 'sub' | 'name' | 'email'>): { sub?: string; name?: string; email?: string } {
  return {
    ...(profile.sub === undefined ? {} : { sub: profile.sub }),
    ...(profile.name === undefined ? {} : { name: profile.name }),
    ...(profile.email === undefined ? {} : { email: profile.email }),
  };
}

export function signedInEvent(profile: Profile): LoginEvent {
  return profileEvent('signed_in', profile);
}

export function alreadySignedInEvent(profile: Profile): LoginEvent {
  return profileEvent('already_signed_in', profile);
}
