/**
 * A token endpoint that takes only JSON. RFC 6749 §4.1.3 and Appendix B, and RFC 8628 §3.4 after
 * them, send every token request as `application/x-www-form-urlencoded`; such a server answers
 * 415 Unsupported Media Type (RFC 9110 §15.5.16) to every one of them. Waiting cannot change that,
 * so the sign-in stops at once with a code of its own, not as a reply that could not be read.
 */
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { SignInError } from '../../../src/core/errors.ts';
import { pollForTokens } from '../../../src/core/protocol/poll.ts';
import { toSignInError } from '../../../src/core/protocol/oauth-errors.ts';
import { authorize, protocolSetup } from '../../support/protocol-setup.ts';
import type { PollAnswer } from '../../support/scripted-provider.ts';

async function pollAgainst(answer: PollAnswer) {
  const setup = protocolSetup({ polls: [answer] });
  const { as, authorization } = await authorize(setup);
  const error: unknown = await setup.clock.run(pollForTokens(as, authorization, setup.context)).catch((caught: unknown) => caught);
  return { error, polls: setup.provider.polls().length };
}

describe('a token endpoint that answers 415 to the standard form-encoded request', () => {
  it.each([
    ['with a problem document', { status: 415, text: '{"title":"Unsupported Media Type","status":415}' }],
    ['with an OAuth error', { status: 415, error: 'invalid_request', error_description: 'Content-Type must be application/json' }],
    ['with no body', { status: 415, text: '' }],
  ] satisfies [string, PollAnswer][])('stops at the first poll as protocol_mismatch, %s', async (_shape, answer) => {
    const { error, polls } = await pollAgainst(answer);
    expect(error).toBeInstanceOf(SignInError);
    expect(error).toMatchObject({ code: 'protocol_mismatch' });
    expect((error as SignInError).message).toMatch(/415/);
    expect(polls).toBe(1);
  });

  it('is named so at any step, the device authorization or a refresh as well as a poll', () => {
    const refused = new Response(null, { status: 415 });
    const cause = new oauth.OperationProcessingError('"response" is not a conform Token Endpoint response (unexpected HTTP status code)', {
      cause: refused,
      code: oauth.RESPONSE_IS_NOT_CONFORM,
    });
    expect(toSignInError(cause, 'device authorization request')).toMatchObject({ code: 'protocol_mismatch' });
  });

  it('still reads a 400 with an unknown error as a refusal, not a mismatch', async () => {
    const { error } = await pollAgainst({ error: 'invalid_request', error_description: 'missing device_code' });
    expect(error).toMatchObject({ code: 'request_rejected' });
  });
});
