import { readFile, writeFile } from 'node:fs/promises';
import { SignInError } from '../../core/errors.ts';
import type { AuthorizedRequestInit } from '../../core/flow/authorized-fetch.ts';
import { isHttpAllowed } from '../../core/protocol/uri-safety.ts';
import type { FetchRequest } from '../fetch-request.ts';
import { explain } from '../messages.ts';
import { bodyLayout, decodeText, visibleText } from '../visible-text.ts';
import type { CommandContext, ExitStatus } from './command-context.ts';
import { reportFailure, withSignedInFlow } from './context.ts';

/**
 * `device-signin fetch URL`: one authorized request with the session's token, and with a fresh
 * DPoP proof when the session is bound (the core's authorizedFetch: refreshed first when the
 * token is about to expire, nonce and expiry challenges answered once). The response body goes
 * to `-o FILE`, or to stdout: as it came into a file or a pipe, and as curl does to a terminal
 * (see `showBody`). The exit status is 0 for 2xx and 1 otherwise, with the status on
 * stderr. With `--json`, one `response` object with the status and the body as text instead.
 */
export async function fetchCommand(context: CommandContext): Promise<ExitStatus> {
  const request = context.line.fetch;
  if (request === undefined) throw new Error('fetch without a request');
  const url = new URL(request.url);
  // The token never crosses the network in clear: said in the API's terms, before the session is opened.
  if (url.protocol === 'http:' && !isHttpAllowed(url.hostname, context.settings.config)) {
    const { t } = await context.words();
    context.out.fail('insecure_uri', { what: t('fetch.notHttps.what', { url: request.url }), next: t('fetch.notHttps.next') });
    return 2;
  }
  // Which failure was the API's own: its URL, not the issuer, is what could not be reached.
  let apiFailure: unknown;
  const watched: CommandContext = {
    ...context,
    fetch: async (input, init) => {
      try {
        return await context.fetch(input, init);
      } catch (error) {
        if (input === url.href) apiFailure = error;
        throw error;
      }
    },
  };
  return withSignedInFlow(watched, async (flow) => {
    let response: Response;
    try {
      response = await flow.authorizedFetch(request.url, await requestInit(request));
    } catch (error) {
      if (error === apiFailure && error instanceof SignInError && unreachable.has(error.code)) return failUnreachable(context, error, url);
      return await reportFailure(context, error);
    }
    const body = new Uint8Array(await response.arrayBuffer());
    if (request.output !== undefined) {
      try {
        await writeBodyFile(request.output, body);
      } catch (error) {
        return await reportFailure(context, error);
      }
    }
    if (context.out.json) {
      context.out.emit({
        type: 'response',
        status: response.status,
        ok: response.ok,
        body: request.output === undefined ? new TextDecoder().decode(body) : '',
      });
    } else {
      if (request.output === undefined) await showBody(context, body);
      // The status line is the server's: its reason phrase is text from outside. After a body
      // without its last line feed, in the same terminal, it starts a line of its own.
      const ownLine = request.output === undefined && context.stdoutIsTerminal() && body.length > 0 && body.at(-1) !== 0x0a ? '\n' : '';
      if (!response.ok) context.out.warn(`${ownLine}HTTP ${response.status}${response.statusText === '' ? '' : ` ${response.statusText}`}`);
    }
    return response.ok ? 0 : 1;
  });
}

/** Failures of the connection itself, whose sentence names the host that could not be reached. */
const unreachable: ReadonlySet<string> = new Set(['network', 'tls_untrusted', 'tls_hostname', 'proxy']);

/** The API could not be reached: said with the URL given, not the issuer's (whose sentences these are otherwise). */
async function failUnreachable(context: CommandContext, error: SignInError, url: URL): Promise<ExitStatus> {
  const { t } = await context.words();
  const explanation = explain(t, error.code, { config: { ...context.settings.config, issuer: url.origin } });
  const next = error.code === 'network' || error.code === 'tls_hostname' ? t('fetch.unreachable.next') : explanation.next;
  context.out.fail(error.code, { what: explanation.what, next, detailsLabel: t('error.detailsLabel') }, error.message);
  return 1;
}

/**
 * The body on stdout. Into a file or a pipe it goes byte for byte: the reader asked for what the
 * API sent. A person at a terminal gets what a terminal can show safely, as curl does: a body
 * that is not text (NUL bytes, invalid UTF-8) is not written, with one line saying how to save
 * it; a text body has its controls and bidirectional formatting characters shown as escapes
 * (only tab and line feed kept), so an API cannot retitle the window, clear the screen or
 * reorder what is read.
 */
async function showBody(context: CommandContext, body: Uint8Array): Promise<void> {
  if (!context.stdoutIsTerminal()) {
    context.writeBody(body);
    return;
  }
  const text = decodeText(body);
  if (text === undefined) {
    context.out.warn((await context.words()).t('fetch.notText'));
    return;
  }
  context.writeBody(new TextEncoder().encode(visibleText(text, bodyLayout)));
}

/** `-o FILE`: a file that cannot be written is the command line's mistake, said in words. */
async function writeBodyFile(file: string, body: Uint8Array): Promise<void> {
  try {
    await writeFile(file, body);
  } catch (error) {
    const detail = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new SignInError('invalid_config', `-o ${file}: the file could not be written (${detail}).`, {
      cause: error,
      problem: { rule: 'fetch.outputUnwritable', values: { file, detail } },
    });
  }
}

async function requestInit(request: FetchRequest): Promise<AuthorizedRequestInit> {
  const data = request.data;
  const body = data === undefined ? undefined : 'text' in data ? data.text : await fileBody(data.file);
  const headers = new Headers(request.headers.map(([name, value]) => [name, value] as [string, string]));
  // curl's default for --data, which most APIs that take a form expect.
  if (body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded');
  return { method: request.method, headers, ...(body === undefined ? {} : { body }) };
}

/** `--data @FILE`: a file that cannot be read is the command line's mistake, said in words, not a crash. */
async function fileBody(file: string): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    const detail = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new SignInError('invalid_config', `--data @${file}: the file could not be read (${detail}).`, {
      cause: error,
      problem: { rule: 'fetch.dataUnreadable', values: { file, detail } },
    });
  }
}
