import { UsageError } from './usage-error.ts';

/**
 * What `device-signin fetch [-X METHOD] [-H 'Name: value']… [--data BODY | --data @FILE] [-o FILE] URL`
 * asks for, checked before anything is sent. The names follow curl's, so a script moves from
 * `curl -H "Authorization: Bearer $(device-signin token)"` to `device-signin fetch` by dropping
 * the header: with DPoP the token alone is refused, and only `fetch` can add the proof.
 */
export interface FetchRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: readonly (readonly [string, string])[];
  /** The body as given (`--data BODY`), or the file to read it from (`--data @FILE`). */
  readonly data?: { readonly text: string } | { readonly file: string };
  /** `-o FILE`: the response body goes to this file instead of stdout (curl's `--output`). */
  readonly output?: string;
}

/** RFC 9110 §5.6.2: a method and a field name are tokens. */
const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The fetch-only options as parseArgs read them, and the positionals after the command. */
export function fetchRequestFrom(
  values: {
    readonly request?: string | undefined;
    readonly header?: readonly string[] | undefined;
    readonly data?: string | undefined;
    readonly output?: string | undefined;
  },
  positionals: readonly string[],
): FetchRequest {
  const [url, ...more] = positionals;
  if (url === undefined) throw new UsageError("'fetch' needs the URL to send the request to.", { id: 'usage.fetchNeedsUrl' });
  // A mistyped or schemeless address is the command line's mistake, said before anything is read or sent.
  if (!URL.canParse(url) || !['http:', 'https:'].includes(new URL(url).protocol)) {
    throw new UsageError(`'${url}' is not an address fetch can send to: give a full https URL, such as https://api.example.com/me.`, {
      id: 'usage.fetchNotUrl',
      values: { url },
    });
  }
  const [extra] = more;
  if (extra !== undefined)
    throw new UsageError(`Unexpected argument '${extra}' after the URL.`, { id: 'usage.unexpectedAfterUrl', values: { argument: extra } });
  // curl's rule: with data and no -X, the request is a POST.
  const method = (values.request ?? (values.data === undefined ? 'GET' : 'POST')).toUpperCase();
  if (!token.test(method)) throw new UsageError(`'${method}' is not an HTTP method.`, { id: 'usage.notMethod', values: { method } });
  const headers = (values.header ?? []).map(headerOf);
  const data = values.data;
  return {
    url,
    method,
    headers,
    ...(data === undefined ? {} : { data: data.startsWith('@') ? { file: data.slice(1) } : { text: data } }),
    ...(values.output === undefined ? {} : { output: values.output }),
  };
}

function headerOf(text: string): readonly [string, string] {
  const colon = text.indexOf(':');
  const name = colon === -1 ? '' : text.slice(0, colon).trim();
  if (!token.test(name)) throw new UsageError(`-H takes 'Name: value', not '${text}'.`, { id: 'usage.headerShape', values: { text } });
  // The token and its proof are fetch's to add: one set by hand would replace or contradict them.
  if (['authorization', 'dpop'].includes(name.toLowerCase()))
    throw new UsageError(`-H '${name}' is set by fetch itself from the session.`, { id: 'usage.headerReserved', values: { name } });
  return [name, text.slice(colon + 1).trim()];
}
