/**
 * Where a sign-in ends when something that is not ours failed, and what the window's Details,
 * "Copy details" and the CLI's `--json` then carry. Node's header check throws
 * `Headers.append: "Bearer abc\nxyz" is an invalid header value.`, quoting a whole token: such a
 * message is named, never quoted, and nothing shown or logged carries a control character.
 */
import { describe, expect, it } from 'vitest';
import { describeFailure, stateForFailure } from '../../../src/core/flow/flow-failures.ts';
import { createSignInFlow } from '../../../src/core/flow/sign-in-flow.ts';
import type { Fetch } from '../../../src/core/protocol/http.ts';
import { protocolSetup } from '../../support/protocol-setup.ts';

/** What undici's `Headers` throws for a header value with a newline, word for word. */
const headerCheck = (): TypeError => new TypeError('Headers.append: "Bearer abc\nxyz" is an invalid header value.');
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const anyControl = /[\u0000-\u001f\u007f-\u009f]/;

function expectNothingOfTheToken(text: string): void {
  expect(text).not.toContain('abc');
  expect(text).not.toContain('xyz');
  expect(text).not.toMatch(anyControl);
}

describe('a failure that is not a SignInError', () => {
  it('becomes an error state that names it and quotes nothing of it', () => {
    const state = stateForFailure(headerCheck());
    expect(state).toEqual({ status: 'error', code: 'invalid_response', message: 'The sign-in failed unexpectedly (TypeError).' });
    expectNothingOfTheToken(JSON.stringify(state));
  });

  it('goes to the log the same way', () => {
    expect(describeFailure(headerCheck())).toEqual({ code: 'unexpected', message: 'TypeError' });
  });

  it('goes to the log with its own words when they are fixed text around a code, cleaned', () => {
    const failure = describeFailure(Object.assign(new Error('open \u001b]0;owned\u0007 failed'), { code: 'EACCES' }));
    expect(failure).toEqual({ code: 'unexpected', message: 'EACCES: open  ]0;owned  failed' });
  });

  it('is named even when it is not an Error at all', () => {
    expect(stateForFailure('Bearer abc\nxyz')).toMatchObject({
      status: 'error',
      message: 'The sign-in failed unexpectedly (a value that is not an Error).',
    });
  });
});

describe('a fetch that refuses a header before it connects', () => {
  it('ends the sign-in in an error whose details name the refusal and quote no header', async () => {
    const setup = protocolSetup();
    const refusing: Fetch = (url, init) =>
      new URL(url).pathname === '/device/auth' ? Promise.reject(headerCheck()) : setup.provider.fetch(url, init);
    const lines: string[] = [];
    const log = {
      info: () => undefined,
      warn: (event: string, fields?: object) => lines.push(`${event} ${JSON.stringify(fields)}`),
      secret: () => undefined,
    };
    const flow = createSignInFlow({ config: setup.config, fetch: refusing, clock: setup.clock, log });
    await setup.clock.run(flow.start());
    const state = flow.getState();
    expect(state).toEqual({ status: 'error', code: 'network', message: 'Could not reach https://op.example.test (TypeError).' });
    expectNothingOfTheToken(JSON.stringify(state));
    expectNothingOfTheToken(lines.join('\n'));
  });
});
