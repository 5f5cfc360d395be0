/**
 * A redirect from the sign-in server, as Electron's net.fetch reports it when the request asked
 * for `redirect: 'manual'`: the promise rejects with "Redirect was cancelled" and no Location
 * (electron/electron lib/browser/api/net-client-request.ts, net-fetch.ts). The stand-in fetch
 * rejects exactly so; the core must get a coded error it never retries, not a network failure.
 */
import { describe, expect, it } from 'vitest';
import { fetchRefusingRedirects } from '../../src/main/electron-fetch.ts';

describe("the app's fetch when the sign-in server redirects", () => {
  it('is the coded server_redirect, naming the endpoint without its query', async () => {
    const fetch = fetchRefusingRedirects(() => Promise.reject(new Error('Redirect was cancelled')));
    await expect(fetch('https://login.example.test/token?device_code=SECRET', { redirect: 'manual' })).rejects.toMatchObject({
      code: 'server_redirect',
      message: 'https://login.example.test/token answered with a redirect, which is never followed.',
    });
  });

  it('passes every other failure and every answer through unchanged', async () => {
    const failure = new Error('net::ERR_CONNECTION_REFUSED');
    await expect(fetchRefusingRedirects(() => Promise.reject(failure))('https://login.example.test/', {})).rejects.toBe(failure);
    const answer = new Response('{}', { status: 400 });
    await expect(fetchRefusingRedirects(() => Promise.resolve(answer))('https://login.example.test/', {})).resolves.toBe(answer);
  });
});
