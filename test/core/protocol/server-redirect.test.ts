/**
 * A sign-in server that answers with a redirect, met through Node's own fetch (the command
 * line's), on loopback: oauth4webapi asks every request not to follow one, so the 3xx comes back
 * as it was sent, and the flow reports the server redirecting (`server_redirect`, naming where it
 * pointed, without the query) instead of an unexpected answer, and polling does not retry it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { explain } from '../../../src/cli/messages.ts';
import { createSignInFlow, type FlowEvent } from '../../../src/core/flow/sign-in-flow.ts';
import { refuseRedirect } from '../../../src/core/protocol/http.ts';
import { createMemoryVault } from '../../support/memory-vault.ts';
import { scriptedProvider } from '../../support/scripted-provider.ts';
import { storedSession } from '../../support/stored-session.ts';
import { VirtualClock } from '../../support/virtual-clock.ts';
import { cliTranslateIn } from '../../support/catalogs.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A server on 127.0.0.1 that answers each path as `routes` says, and lists the paths it was asked. */
async function serve(routes: Readonly<Record<string, (res: ServerResponse, issuer: string) => void>>) {
  const asked: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    asked.push(path);
    req.resume();
    const route = routes[path];
    if (route === undefined) res.writeHead(404).end();
    else route(res, issuer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer, asked };
}

const elsewhere = 'https://login.example.net/tenant';
const redirect = (status: number, location: string) => (res: ServerResponse) => res.writeHead(status, { location }).end('moved');
const json = (body: (issuer: string) => object) => (res: ServerResponse, issuer: string) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body(issuer)));

function signIn(issuer: string) {
  const config = { issuer, clientId: 'device-signin-desktop', scope: 'openid' };
  const flow = createSignInFlow({ config, fetch: (url, init) => fetch(url, init) });
  const events: FlowEvent[] = [];
  flow.onEvent((event) => events.push(event));
  cleanups.push(() => {
    flow.dispose();
    return Promise.resolve();
  });
  return { flow, events };
}

describe('a sign-in server that redirects', () => {
  it('is reported at discovery as server_redirect, naming where it pointed without the query', async () => {
    const { issuer, asked } = await serve({
      '/.well-known/openid-configuration': redirect(302, `${elsewhere}/.well-known/openid-configuration?code=SECRET#top`),
    });
    const { flow } = signIn(issuer);
    await flow.start();
    const state = flow.getState();
    expect(state).toMatchObject({ status: 'error', code: 'server_redirect' });
    const message = state.status === 'error' ? state.message : '';
    const discovery = '/.well-known/openid-configuration';
    expect(message).toBe(`${issuer}${discovery} answered with a redirect (302) to ${elsewhere}${discovery}, which is never followed.`);
    expect(asked).toEqual(['/.well-known/openid-configuration']);
    // What the command line prints for it (--verbose adds the message above).
    const words = explain(cliTranslateIn('en'), 'server_redirect', { config: { issuer, clientId: 'x', scope: 'openid' } });
    expect(words.what).toBe(`The sign-in server at ${issuer} answered with a redirect, which is never followed.`);
  });

  it('stops polling at the first redirect from the token endpoint: the code is never sent where it points, nor retried', async () => {
    const { issuer, asked } = await serve({
      '/.well-known/openid-configuration': json((at) => ({
        issuer: at,
        device_authorization_endpoint: `${at}/device`,
        token_endpoint: `${at}/token`,
        jwks_uri: `${at}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      })),
      // RFC 8628 §3.2, polling every second.
      '/device': json((at) => ({ device_code: 'CODE', user_code: 'WDJB', verification_uri: `${at}/go`, expires_in: 600, interval: 1 })),
      '/token': redirect(307, '/moved/token?device_code=CODE'),
    });
    const { flow, events } = signIn(issuer);
    const ended = new Promise<void>((resolve) => {
      flow.subscribe((state) => {
        if (state.status === 'error') resolve();
      });
    });
    await flow.start();
    await ended;
    const state = flow.getState();
    expect(state).toMatchObject({ status: 'error', code: 'server_redirect' });
    const message = state.status === 'error' ? state.message : '';
    expect(message).toBe(`${issuer}/token answered with a redirect (307) to ${issuer}/moved/token, which is never followed.`);
    expect(asked.filter((path) => path === '/token')).toHaveLength(1);
    expect(asked).not.toContain('/moved/token');
    expect(events.filter((event) => event.type === 'retry')).toEqual([]);
  });
});

describe('a redirect met by a protocol request and by an API request', () => {
  it('is refused at a protocol step, naming no credentials, and a 304 is not a redirect', async () => {
    const { issuer } = await serve({
      '/cached': (res) => res.writeHead(304).end(),
      '/away': redirect(308, 'https://eve:hunter2@elsewhere.example/path?token=SECRET'),
    });
    await expect(refuseRedirect(`${issuer}/cached`, await fetch(`${issuer}/cached`, { redirect: 'manual' }))).resolves.toBeUndefined();
    const away = await fetch(`${issuer}/away`, { redirect: 'manual' });
    const refused = await refuseRedirect(`${issuer}/away`, away).catch((error: unknown) => error);
    const message = `${issuer}/away answered with a redirect (308) to https://elsewhere.example/path, which is never followed.`;
    expect(refused).toMatchObject({ code: 'server_redirect', message });
  });

  it("is the API's own answer through authorizedFetch (as curl without -L): handed back, not followed, not an error", async () => {
    const { issuer, asked } = await serve({ '/api': redirect(302, '/elsewhere') });
    const clock = new VirtualClock();
    const vault = createMemoryVault();
    // The provider is scripted at the same loopback origin; only the API's answer comes from the real server.
    await vault.save(storedSession(clock.now(), 3_600_000, { issuer, profile: { issuer, sub: 'bob' } }));
    const op = scriptedProvider({ clock, issuer });
    const flow = createSignInFlow({
      config: { issuer, clientId: 'demo-client', scope: 'openid' },
      fetch: (url, init) => (url.endsWith('/api') ? fetch(url, init) : op.fetch(url, init)),
      clock,
      vault,
      proactiveRefresh: false,
    });
    await clock.run(flow.restore());
    const response = await flow.authorizedFetch(`${issuer}/api`);
    expect(response.status).toBe(302);
    expect(asked).toEqual(['/api']);
  });
});
