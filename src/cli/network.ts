/**
 * How the command line reaches the network inside a company: the OS certificate store trusted
 * besides Node's own list (so a CA that IT installed works without flags), extra CAs from
 * `caFile`, and a proxy from `proxy` or, by default, HTTPS_PROXY / HTTP_PROXY minus NO_PROXY.
 * A proxy carries https only, through CONNECT: plain http (loopback and LAN-demo issuers) always
 * goes direct, so a token never crosses a proxy in clear. Node 24's fetch does the work
 * (tls.setDefaultCACertificates, http.setGlobalProxyFromEnv); both are process-wide, which is
 * right for a process that runs one command, and applied on the first request only, so a
 * command that needs no network (`token` on a fresh session) pays nothing. The certificates wait
 * for the first https request: reading the OS store and parsing it with Node's own list takes
 * about 100 ms of CPU here, which a command talking plain http (a loopback or LAN demo issuer)
 * has no use for.
 */
import { readCaFile } from '../core/ca-file.ts';
import { SignInError } from '../core/errors.ts';
import { type Fetch, networkErrorFor } from '../core/protocol/http.ts';
import { parseProxySetting, proxyForDisplay, proxyValueForDisplay } from '../core/policy/proxy-setting.ts';
import type { Environment } from './home.ts';

export interface NetworkSettings {
  readonly proxy?: string | undefined;
  readonly caFile?: string | undefined;
}

/** The proxy https requests use, or none; where it came from, for messages. */
export interface ProxyChoice {
  readonly url: URL | undefined;
  readonly noProxy: string;
  readonly source: string;
}

/** `proxy` (flag, DEVICE_SIGNIN_PROXY, settings or policy) wins; else the conventional variables, either case. */
export function chooseProxy(settings: NetworkSettings, env: Environment): ProxyChoice {
  const noProxy = env['NO_PROXY'] ?? env['no_proxy'] ?? '';
  if (settings.proxy !== undefined) {
    const parsed = parseProxySetting(settings.proxy);
    if ('problem' in parsed) {
      throw new SignInError('invalid_config', `The proxy setting ${parsed.text}.`, {
        problem: { rule: `config.${parsed.problem}`, values: { found: parsed.found } },
      });
    }
    if (parsed.kind === 'pac') {
      const url = proxyValueForDisplay(parsed.url.href);
      throw new SignInError('invalid_config', `The command line does not run PAC files (${url}): give it the proxy URL with --proxy.`, {
        problem: { rule: 'config.proxyPac', values: { url } },
      });
    }
    return parsed.kind === 'direct'
      ? { url: undefined, noProxy, source: '--proxy direct' }
      : { url: parsed.url, noProxy, source: 'the proxy setting' };
  }
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) {
    const value = env[name]?.trim();
    if (value === undefined || value === '') continue;
    const parsed = parseProxySetting(value);
    if ('problem' in parsed || parsed.kind === 'pac') {
      const found = proxyValueForDisplay(value);
      throw new SignInError('invalid_config', `${name} must be an http(s) proxy URL; found "${found}".`, {
        problem: { rule: 'config.proxyVariable', values: { name, found } },
      });
    }
    return { url: parsed.kind === 'proxy' ? parsed.url : undefined, noProxy, source: name };
  }
  return { url: undefined, noProxy, source: 'none' };
}

/**
 * Whether NO_PROXY exempts a host, the way curl and undici read it: `*` exempts all; otherwise
 * comma- or space-separated names, each matching the host itself or any subdomain (a leading
 * dot is optional), optionally with `:port`.
 */
export function bypassesProxy(target: URL, noProxy: string): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port === '' ? (target.protocol === 'https:' ? '443' : '80') : target.port;
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    // A bare IPv6 address has colons of its own; a port is given only as [::1]:8443.
    const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(entry);
    const plain = bracketed === null && (entry.match(/:/g) ?? []).length <= 1 ? /^(.*?)(?::(\d+))?$/.exec(entry) : null;
    const name = (bracketed?.[1] ?? plain?.[1] ?? entry).replace(/^\*?\./, '');
    const entryPort = bracketed?.[2] ?? plain?.[2];
    if (entryPort !== undefined && entryPort !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/** The fetch the CLI's commands use: network set up on first use, failures classified with the proxy in mind. */
export function cliFetch(settings: NetworkSettings, env: Environment, base: Fetch = globalThis.fetch): Fetch {
  const setUp = async (): Promise<{ readonly choice: ProxyChoice; readonly extra: readonly string[] }> => {
    const choice = chooseProxy(settings, env);
    // Read (and refused when bad) whatever the first request's scheme, so a wrong caFile is said at once.
    const extra = settings.caFile === undefined ? [] : await readCaFile(settings.caFile);
    // Loaded here, not at import: node:http takes milliseconds to load, which a command with no
    // request to make (`token` on a fresh session) must not pay.
    applyProxy((await import('node:http')).default, choice);
    return { choice, extra };
  };
  const trust = async (extra: readonly string[]): Promise<void> => {
    const { default: tls } = await import('node:tls');
    tls.setDefaultCACertificates([...tls.getCACertificates('default'), ...tls.getCACertificates('system'), ...extra]);
  };
  let ready: ReturnType<typeof setUp> | undefined;
  let trusted: Promise<void> | undefined;
  return async (url, init) => {
    ready ??= setUp();
    const { choice, extra } = await ready;
    const target = new URL(url);
    if (target.protocol === 'https:') await (trusted ??= trust(extra));
    try {
      return await base(url, init);
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw error;
      const proxy =
        choice.url !== undefined && target.protocol === 'https:' && !bypassesProxy(target, choice.noProxy) ? choice.url : undefined;
      throw networkErrorFor(target.origin, error, proxy === undefined ? undefined : `${proxyForDisplay(proxy)} from ${choice.source}`);
    }
  };
}

const proxyVariables = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'] as const;

/**
 * https only: HTTP_PROXY is not passed on, so plain-http requests never go through a proxy.
 * Node fills whatever the given object leaves out from process.env, so the variables are taken
 * out while it reads them (and put back after: a browser this process starts keeps them).
 */
function applyProxy(http: typeof import('node:http'), choice: ProxyChoice): void {
  const saved = proxyVariables.map((name) => [name, process.env[name]] as const);
  for (const name of proxyVariables) Reflect.deleteProperty(process.env, name);
  try {
    http.setGlobalProxyFromEnv(choice.url === undefined ? {} : { HTTPS_PROXY: choice.url.href, NO_PROXY: choice.noProxy });
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}
