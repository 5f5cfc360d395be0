/**
 * The classifier on what each transport really says. Node's own errors come from real servers in
 * test/cli/corporate-network.test.ts; Chromium's are net.fetch's messages ("net::ERR_…", names
 * from https://source.chromium.org/chromium/chromium/src/+/main:net/base/net_error_list.h),
 * which cannot be produced here without Electron.
 */
import { describe, expect, it } from 'vitest';
import type { SignInError } from '../../../src/core/errors.ts';
import { networkErrorFor } from '../../../src/core/protocol/http.ts';
import { classifyTransportFailure } from '../../../src/core/protocol/transport-failure.ts';
import { parseProxySetting, sessionProxyConfig } from '../../../src/core/policy/proxy-setting.ts';
import { bypassesProxy, chooseProxy } from '../../../src/cli/network.ts';

const nodeError = (code: string, message: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });

describe('why a request got no answer', () => {
  it.each([
    ['net::ERR_CERT_AUTHORITY_INVALID', 'tls_untrusted'],
    ['net::ERR_CERT_COMMON_NAME_INVALID', 'tls_hostname'],
    ['net::ERR_PROXY_CONNECTION_FAILED', 'proxy'],
    ['net::ERR_TUNNEL_CONNECTION_FAILED', 'proxy'],
    ['net::ERR_PROXY_AUTH_UNSUPPORTED', 'proxy_auth'],
    ['net::ERR_CONNECTION_REFUSED', 'connection'],
  ])('reads Electron’s %s as %s', (name, kind) => {
    expect(classifyTransportFailure(new Error(name)).kind).toBe(kind);
  });

  it('reads Node’s codes, counting a refused connection as the proxy’s only when one is in use', () => {
    expect(classifyTransportFailure(nodeError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain')).kind).toBe(
      'tls_untrusted',
    );
    expect(
      classifyTransportFailure(nodeError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames")).kind,
    ).toBe('tls_hostname');
    expect(classifyTransportFailure(nodeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9')).kind).toBe('connection');
    expect(classifyTransportFailure(nodeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'), 'http://127.0.0.1:9').kind).toBe(
      'proxy',
    );
    expect(classifyTransportFailure(nodeError('UND_ERR_ABORTED', 'Proxy response (502) !== 200 when HTTP Tunneling')).kind).toBe('proxy');
    const failure = networkErrorFor(
      'https://id.example.test',
      nodeError('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'),
    );
    expect(failure).toMatchObject({ code: 'tls_untrusted', reason: 'tls_untrusted' });
    expect(failure.message).toContain('(UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate)');
    expect(networkErrorFor('https://id.example.test', new Error('x'))).toMatchObject({ code: 'network', reason: 'connection' });
  });
});

describe('the detail behind the sentence, which --verbose, Details and the log show', () => {
  it('is the lowest cause in its own words when they are fixed text around a code, with controls made spaces', () => {
    const failure = classifyTransportFailure(
      nodeError('ERR_TLS_CERT_ALTNAME_INVALID', "Host: id.example.test. is not in the cert's altnames: DNS:\u001b]0;owned\u0007evil.test"),
    );
    expect(failure.detail).toBe(
      "ERR_TLS_CERT_ALTNAME_INVALID: Host: id.example.test. is not in the cert's altnames: DNS: ]0;owned evil.test",
    );
  });

  it('is Chromium’s net::ERR_ name alone, whatever else the message says', () => {
    expect(classifyTransportFailure(new Error('net::ERR_CERT_AUTHORITY_INVALID at \u202eevil')).detail).toBe(
      'net::ERR_CERT_AUTHORITY_INVALID',
    );
  });

  it('names a fetch that threw before connecting (Node’s header check) and quotes none of the header', () => {
    const headerCheck = new TypeError('Headers.append: "Bearer abc\nxyz" is an invalid header value.');
    const failure = networkErrorFor('https://api.example.test', headerCheck);
    expect(failure.message).toBe('Could not reach https://api.example.test (TypeError).');
    expect(failure.message).not.toContain('abc');
  });
});

describe('the proxy setting', () => {
  it('is direct, a proxy URL or a PAC file, and becomes the session’s proxy settings', () => {
    const config = (value: string) => {
      const parsed = parseProxySetting(value);
      return 'problem' in parsed ? parsed.text : sessionProxyConfig(parsed);
    };
    expect(config('direct')).toEqual({ mode: 'direct' });
    expect(config('http://proxy.example.test:8080')).toEqual({ mode: 'fixed_servers', proxyRules: 'http://proxy.example.test:8080' });
    expect(config('https://user:pw@proxy.example.test')).toEqual({ mode: 'fixed_servers', proxyRules: 'https://proxy.example.test:443' });
    expect(config('http://wpad.example.test/wpad.dat')).toEqual({ mode: 'pac_script', pacScript: 'http://wpad.example.test/wpad.dat' });
    expect(config('https://config.example.test/proxy.pac')).toEqual({
      mode: 'pac_script',
      pacScript: 'https://config.example.test/proxy.pac',
    });
    expect(config('socks5://proxy.example.test:1080')).toMatch(/must be "direct", an http\(s\) proxy URL or a PAC file URL/);
    expect(config('http://proxy.example.test:8080/some/path')).toMatch(/names a proxy with a path/);
    expect(config('proxy.example.test:8080')).toMatch(/must be/);
    // A refusal never repeats the password a proxy URL carries.
    expect(config('socks5://me:hunter2@proxy.example.test:1080')).toContain('found "socks5://…@proxy.example.test:1080"');
    expect(config('http://me:hunter2@proxy.example.test:8080/path')).not.toContain('hunter2');
  });

  it('on the command line: the setting over the variables, HTTPS_PROXY over HTTP_PROXY, either case, and no PAC', () => {
    expect(chooseProxy({ proxy: 'http://a.test:1' }, { HTTPS_PROXY: 'http://b.test:2' })).toMatchObject({
      url: new URL('http://a.test:1'),
      source: 'the proxy setting',
    });
    expect(chooseProxy({ proxy: 'direct' }, { HTTPS_PROXY: 'http://b.test:2' }).url).toBeUndefined();
    expect(chooseProxy({}, { http_proxy: 'http://c.test:3', HTTPS_PROXY: 'http://b.test:2', no_proxy: '.corp' })).toMatchObject({
      url: new URL('http://b.test:2'),
      source: 'HTTPS_PROXY',
      noProxy: '.corp',
    });
    expect(chooseProxy({}, { http_proxy: 'http://c.test:3' })).toMatchObject({ source: 'http_proxy' });
    expect(chooseProxy({}, {})).toMatchObject({ url: undefined, source: 'none' });
    expect(() => chooseProxy({ proxy: 'http://wpad.test/proxy.pac' }, {})).toThrow(/does not run PAC files/);
    for (const [settings, env] of [
      [{ proxy: 'http://me:hunter2@wpad.test/proxy.pac' }, {}],
      [{ proxy: 'http://me:hunter2@proxy.test:8080/path' }, {}],
      [{}, { HTTPS_PROXY: 'ftp://me:hunter2@proxy.test' }],
    ] as const) {
      const refusal = (() => {
        try {
          chooseProxy(settings, env);
        } catch (error) {
          return error as SignInError;
        }
        throw new Error('not refused');
      })();
      expect(`${refusal.message} ${JSON.stringify(refusal.problem)}`).not.toContain('hunter2');
    }
    expect(() => chooseProxy({}, { HTTPS_PROXY: 'socks5://x.test:1' })).toThrow(/HTTPS_PROXY must be an http\(s\) proxy URL/);
  });

  it('is skipped for NO_PROXY hosts, subdomains and ports, the way curl reads it', () => {
    const skip = (url: string, noProxy: string) => bypassesProxy(new URL(url), noProxy);
    expect(skip('https://id.corp.example/', 'corp.example')).toBe(true);
    expect(skip('https://id.corp.example/', '.corp.example')).toBe(true);
    expect(skip('https://evilcorp.example/', 'corp.example')).toBe(false);
    expect(skip('https://127.0.0.1:8443/', 'localhost, 127.0.0.1')).toBe(true);
    expect(skip('https://127.0.0.1:8443/', '127.0.0.1:9443')).toBe(false);
    expect(skip('https://127.0.0.1:8443/', '127.0.0.1:8443')).toBe(true);
    expect(skip('https://[::1]:8443/', '::1')).toBe(true);
    expect(skip('https://anything.example/', '*')).toBe(true);
    expect(skip('https://anything.example/', '')).toBe(false);
  });
});
