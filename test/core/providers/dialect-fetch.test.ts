import { describe, expect, it } from 'vitest';
import type { Fetch } from '../../../src/core/protocol/http.ts';
import { dialectFetch } from '../../../src/core/providers/dialect-fetch.ts';
import type { EndpointName } from '../../../src/core/providers/profile.ts';

function answering(status: number, body: string, contentType: string): { fetch: Fetch; seen: Headers[] } {
  const seen: Headers[] = [];
  return {
    seen,
    fetch: (_url, init) => {
      seen.push(new Headers(init.headers));
      return Promise.resolve(
        new Response(body, { status, headers: { 'content-type': contentType, date: 'Tue, 01 Dec 2026 12:00:00 GMT' } }),
      );
    },
  };
}

const at = (endpoint: EndpointName) => () => endpoint;

describe('reading a provider in its own dialect', () => {
  it('gives an OAuth error sent with 200 the 400 of RFC 6749 §5.2, so a pending poll is never taken for a token', async () => {
    const server = answering(200, '{"error":"authorization_pending"}', 'application/json');
    const response = await dialectFetch(server.fetch, undefined, at('token'))('https://op.test/token', { method: 'POST' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'authorization_pending' });
  });

  it('does the same for 428 (Google) and keeps the other headers', async () => {
    const server = answering(428, '{"error":"authorization_pending"}', 'application/json');
    const response = await dialectFetch(server.fetch, undefined, at('token'))('https://op.test/token', { method: 'POST' });
    expect(response.status).toBe(400);
    expect(response.headers.get('date')).toBe('Tue, 01 Dec 2026 12:00:00 GMT');
  });

  it('reads a form-encoded answer as the JSON it stands for, numbers as numbers', async () => {
    const server = answering(
      200,
      'device_code=dc&user_code=WDJB-MJHT&verification_uri=https%3A%2F%2Fop.test%2Fdevice&expires_in=900&interval=5',
      'application/x-www-form-urlencoded',
    );
    const response = await dialectFetch(
      server.fetch,
      undefined,
      at('device_authorization'),
    )('https://op.test/device/code', { method: 'POST' });
    expect(await response.json()).toEqual({
      device_code: 'dc',
      user_code: 'WDJB-MJHT',
      verification_uri: 'https://op.test/device',
      expires_in: 900,
      interval: 5,
    });
    expect(response.headers.get('content-type')).toBe('application/json');
  });

  it('applies the profile’s field and error renames, and sends its headers', async () => {
    const dialect = {
      requestHeaders: { accept: 'application/json' },
      fieldNames: { device_authorization: { verification_url: 'verification_uri' } },
      errorNames: { authorization_declined: 'access_denied' },
    };
    const device = answering(
      200,
      '{"device_code":"dc","user_code":"U","verification_url":"https://op.test/device","expires_in":60}',
      'application/json',
    );
    const renamed = await (
      await dialectFetch(device.fetch, dialect, at('device_authorization'))('https://op.test/device', { method: 'POST' })
    ).json();
    expect(renamed).toEqual({ device_code: 'dc', user_code: 'U', verification_uri: 'https://op.test/device', expires_in: 60 });
    expect(device.seen[0]?.get('accept')).toBe('application/json');
    const token = answering(400, '{"error":"authorization_declined"}', 'application/json');
    expect(await (await dialectFetch(token.fetch, dialect, at('token'))('https://op.test/token', { method: 'POST' })).json()).toEqual({
      error: 'access_denied',
    });
  });

  it('leaves what is not an OAuth object alone, for the protocol step to refuse', async () => {
    const server = answering(200, '<html>captive portal</html>', 'text/html');
    const response = await dialectFetch(server.fetch, undefined, at('token'))('https://op.test/token', { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<html>captive portal</html>');
  });

  it('never touches discovery, userinfo or revocation answers', async () => {
    const server = answering(200, '{"error":"x"}', 'application/json');
    const response = await dialectFetch(server.fetch, undefined, at('userinfo'))('https://op.test/me', {});
    expect(response.status).toBe(200);
  });
});

describe('a server that names an error after a built-in property', () => {
  it('keeps "constructor" as the error name instead of reading the rename table’s prototype', async () => {
    const server = answering(400, '{"error":"constructor"}', 'application/json');
    const response = await dialectFetch(
      server.fetch,
      { errorNames: { authorization_declined: 'access_denied' } },
      () => 'token',
    )('https://op.test/token', { method: 'POST' });
    expect(await response.json()).toEqual({ error: 'constructor' });
  });
});
