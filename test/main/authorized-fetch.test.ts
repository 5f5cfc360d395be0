import { describe, expect, it } from 'vitest';
import { defaultScope } from '../../src/core/config.ts';
import type { SignInFlow } from '../../src/core/flow/sign-in-flow.ts';
import { authorizedFetch, provideAuthorizedFetch } from '../../src/main/authorized-fetch.ts';
import { createRequestHandlers } from '../../src/main/request-handlers.ts';
import { setUpSignIn } from '../../src/main/sign-in-setup.ts';
import { awaitingUser, nextState } from '../support/flow-states.ts';
import { approveOnPhone } from '../support/phone.ts';
import { usePhoneFixture } from '../support/phone-fixture.ts';

const phone = usePhoneFixture();

describe("the main process's authorizedFetch, on the default first run (the embedded demo provider)", () => {
  it('refuses before anyone signs in, then calls the API with a bound session whose token and key never reach the window', async () => {
    await expect(authorizedFetch('http://127.0.0.1:9/me')).rejects.toMatchObject({ code: 'not_signed_in' });
    const setup = await setUpSignIn({ choice: { kind: 'demo', scope: defaultScope, lan: false }, fetch: globalThis.fetch });
    phone.afterTest(() => setup.close());
    provideAuthorizedFetch(setup.authorizedFetch);
    const me = `${setup.environment.issuer}/me`;
    await expect(authorizedFetch(me)).rejects.toMatchObject({ code: 'not_signed_in' });

    const done = setup.flow.start();
    const code = await nextState(setup.flow as SignInFlow, awaitingUser);
    await approveOnPhone(phone.browser(), code.verificationUriComplete ?? '', { login: 'alice' });
    await done;

    const answer = await authorizedFetch(me);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ sub: 'alice' });

    const handlers = createRequestHandlers({
      flow: setup.flow,
      environment: setup.environment,
      writeClipboardText: () => Promise.resolve(),
      openExternal: () => Promise.resolve(),
      reportUnexpected: () => undefined,
      appVersion: '0.0.0-test',
    });
    const shown = handlers['sign-in:get-state']();
    expect(shown).toMatchObject({ status: 'signed_in', deviceBound: true });
    const session = (setup.flow as SignInFlow).getSession();
    const sent = JSON.stringify(shown);
    for (const secret of [session?.tokens.accessToken, session?.tokens.refreshToken, session?.key?.thumbprint, session?.key?.toStored().jwk.d]) {
      expect(secret).toEqual(expect.any(String));
      expect(sent).not.toContain(secret);
    }
  });
});
