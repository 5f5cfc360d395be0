/**
 * The `proxy` setting, one value for both front ends: `direct` (no proxy), an http or https proxy
 * URL (`http://proxy.example.com:8080`, credentials allowed), or the URL of a PAC file (a path
 * ending in `.pac` or `wpad.dat`). The app hands it to Chromium as the session's proxy settings,
 * which run PAC files; the command line takes a proxy URL or `direct` only. Plain code, so the
 * translation to Electron's ProxyConfig is tested without Electron.
 */

type ProxySetting =
  { readonly kind: 'direct' } | { readonly kind: 'proxy'; readonly url: URL } | { readonly kind: 'pac'; readonly url: URL };

/** What is wrong with a proxy value: not a proxy form at all, or a proxy URL with a path. */
type ProxyProblem = 'proxyForm' | 'proxyPath';

/**
 * The setting, or what is wrong with it: the problem as data for front ends to word, the value as
 * errors may show it (`found`), and its English for logs (the policy and flag validators name
 * where it came from).
 */
export function parseProxySetting(
  value: string,
): ProxySetting | { readonly problem: ProxyProblem; readonly found: string; readonly text: string } {
  const text = value.trim();
  if (text.toLowerCase() === 'direct') return { kind: 'direct' };
  const url = URL.parse(text);
  const found = proxyValueForDisplay(value);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    return { problem: 'proxyForm', found, text: `must be "direct", an http(s) proxy URL or a PAC file URL; found "${found}"` };
  }
  if (/(\.pac|\/wpad\.dat)$/i.test(url.pathname)) return { kind: 'pac', url };
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    return {
      problem: 'proxyPath',
      found,
      text: `names a proxy with a path; a proxy is scheme, host and port only (a PAC file ends in .pac); found "${found}"`,
    };
  }
  return { kind: 'proxy', url };
}

/**
 * A proxy value as an error shows it: without the user name and password a proxy URL may carry
 * (`http://user:password@proxy:8080` → `http://…@proxy:8080`), even when the rest is not a URL.
 */
export function proxyValueForDisplay(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1…@');
}

/** The shape of Electron's ProxyConfig this app uses (session.setProxy), kept here so no Electron import is needed. */
export type SessionProxyConfig =
  | { readonly mode: 'direct' }
  | { readonly mode: 'fixed_servers'; readonly proxyRules: string }
  | { readonly mode: 'pac_script'; readonly pacScript: string };

/**
 * The session's proxy settings for a policy value. A proxy URL becomes one rule for every scheme
 * (`http://host:port`, Chromium's proxy-uri form; credentials are not part of it: Chromium asks
 * for them through the login event, which this app does not answer, so a 407 is reported as such).
 */
export function sessionProxyConfig(setting: ProxySetting): SessionProxyConfig {
  switch (setting.kind) {
    case 'direct':
      return { mode: 'direct' };
    case 'pac':
      return { mode: 'pac_script', pacScript: setting.url.href };
    case 'proxy': {
      const port = setting.url.port === '' ? (setting.url.protocol === 'https:' ? '443' : '80') : setting.url.port;
      return { mode: 'fixed_servers', proxyRules: `${setting.url.protocol}//${setting.url.hostname}:${port}` };
    }
  }
}

/** A proxy URL fit for logs and messages: no user name or password. */
export function proxyForDisplay(url: URL): string {
  return `${url.protocol}//${url.host}`;
}
