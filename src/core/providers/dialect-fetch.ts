import type { Fetch } from '../protocol/http.ts';
import type { Dialect, EndpointName } from './profile.ts';

/** The endpoints whose answers are OAuth JSON (RFC 6749 §5, RFC 8628 §3.2), and so may be translated. */
const oauthEndpoints: ReadonlySet<EndpointName> = new Set(['device_authorization', 'token']);

/**
 * Wraps the (bounded, fully buffered) fetch so that a provider's answers reach the protocol
 * steps in the RFCs' wire format:
 * - a form-encoded OAuth answer is read as the JSON it stands for (GitHub without `Accept`);
 * - an OAuth error sent with 200 or 428 gets RFC 6749 §5.2's 400 (GitHub, Google), so that
 *   `authorization_pending` is never mistaken for a token; so does an error the profile says
 *   comes with a status of its own (Auth0's `slow_down` with 429, not a rate limit);
 * - the profile's field and error renames are applied.
 * Whatever cannot be read as an OAuth object passes unchanged, for the steps to refuse.
 */
export function dialectFetch(fetch: Fetch, dialect: Dialect | undefined, endpointOf: (url: string) => EndpointName): Fetch {
  return async (url, init) => {
    const headers = new Headers(init.headers);
    for (const [name, value] of Object.entries(dialect?.requestHeaders ?? {})) headers.set(name, value);
    const response = await fetch(url, { ...init, headers });
    const endpoint = endpointOf(url);
    return oauthEndpoints.has(endpoint) ? translate(response, endpoint, dialect) : response;
  };
}

async function translate(response: Response, endpoint: EndpointName, dialect: Dialect | undefined): Promise<Response> {
  const text = await response.text();
  const body = readOAuthObject(text, response.headers.get('content-type') ?? '');
  if (body === undefined) {
    return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  }
  renameFields(body, dialect?.fieldNames?.[endpoint]);
  const isError = typeof body.error === 'string' && body.access_token === undefined && body.device_code === undefined;
  const ownStatus = isError && endpoint === 'token' && statusOf(dialect, body.error) === response.status;
  if (isError && endpoint === 'token') body.error = renamed(dialect?.errorNames, body.error as string);
  const status = isError && (response.status === 200 || response.status === 428 || ownStatus) ? 400 : response.status;
  const headers = new Headers(response.headers);
  headers.set('content-type', 'application/json');
  headers.delete('content-length');
  return new Response(JSON.stringify(body), { status, headers });
}

/** The status the provider sends this `error` with instead of 400; own keys only, so "constructor" names none. */
function statusOf(dialect: Dialect | undefined, error: unknown): number | undefined {
  const statuses = dialect?.errorStatuses;
  return typeof error === 'string' && statuses !== undefined && Object.hasOwn(statuses, error) ? statuses[error] : undefined;
}

/** An OAuth answer as an object: JSON, or form encoding (`application/x-www-form-urlencoded`). */
function readOAuthObject(text: string, contentType: string): Record<string, unknown> | undefined {
  if (/application\/x-www-form-urlencoded/i.test(contentType)) {
    const form = Object.fromEntries(new URLSearchParams(text));
    // Form encoding carries only strings; RFC 8628 §3.2 and RFC 6749 §5.1 numbers are numbers.
    for (const field of ['expires_in', 'interval']) {
      if (typeof form[field] === 'string' && /^\d+$/.test(form[field])) (form as Record<string, unknown>)[field] = Number(form[field]);
    }
    return form;
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function renameFields(body: Record<string, unknown>, names: Readonly<Record<string, string>> | undefined): void {
  for (const [from, to] of Object.entries(names ?? {})) {
    if (body[from] !== undefined && body[to] === undefined) body[to] = body[from];
    Reflect.deleteProperty(body, from);
  }
}

/** A rename from the profile's own table; never a property every object has (`error: "constructor"`). */
function renamed(names: Readonly<Record<string, string>> | undefined, name: string): string {
  return names !== undefined && Object.hasOwn(names, name) ? (names[name] ?? name) : name;
}
