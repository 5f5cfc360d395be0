import { readFile } from 'node:fs/promises';
import { SignInError } from '../../core/errors.ts';
import type { AuthorizedRequestInit } from '../../core/flow/authorized-fetch.ts';
import type { FetchRequest } from '../fetch-request.ts';
import { type CommandContext, type ExitStatus, reportFailure, withSignedInFlow } from './context.ts';

/**
 * `device-signin fetch URL`: one authorized request with the session's token, and with a fresh
 * DPoP proof when the session is bound (the core's authorizedFetch: refreshed first when the
 * token is about to expire, nonce and expiry challenges answered once). The response body goes
 * to stdout as it came; the exit status is 0 for 2xx and 1 otherwise, with the status on stderr.
 * With `--json`, one `response` object with the status and the body as text instead.
 */
export async function fetchCommand(context: CommandContext): Promise<ExitStatus> {
  const request = context.line.fetch;
  if (request === undefined) throw new Error('fetch without a request');
  return withSignedInFlow(context, async (flow) => {
    let response: Response;
    try {
      response = await flow.authorizedFetch(request.url, await requestInit(request));
    } catch (error) {
      return await reportFailure(context, error);
    }
    const body = new Uint8Array(await response.arrayBuffer());
    if (context.out.json) {
      context.out.emit({ type: 'response', status: response.status, ok: response.ok, body: new TextDecoder().decode(body) });
    } else {
      context.writeBody(body);
      if (!response.ok) context.out.warn(`HTTP ${response.status}${response.statusText === '' ? '' : ` ${response.statusText}`}`);
    }
    return response.ok ? 0 : 1;
  });
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
    throw new SignInError('invalid_config', `--data @${file}: the file could not be read (${detail}).`, { cause: error, problem: { rule: 'fetch.dataUnreadable', values: { file, detail } } });
  }
}
