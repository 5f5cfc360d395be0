/**
 * A phone without a browser, for tests whose subject is what happens after the approval (the
 * command line, the kept session): it reads the provider's pages and posts their forms as a
 * browser does (the same fields and buttons, the provider's cookies, each redirect followed), so
 * the provider's real device, login and consent steps run, and a refusal on a page fails the
 * test. Chromium plays the phone wherever the phone or a page is what is tested (phone.ts): an
 * approval costs it about 3 s of CPU on this machine, this one a small fraction of that.
 */
import type { PhoneUser } from './phone.ts';

interface Control {
  readonly tag: 'input' | 'button';
  readonly attributes: Readonly<Record<string, string>>;
}

interface Form {
  readonly id: string | undefined;
  readonly action: string;
  readonly method: string;
  readonly controls: Control[];
}

/** The most pages one approval may take (code, confirm, login, consent, success, and spares). */
const maxPages = 12;

/** Opens `verification_uri_complete`, confirms the code, signs in as `user`, consents, and returns at the success page. */
export async function approveByForms(verificationUriComplete: string, user: PhoneUser): Promise<void> {
  await approve(verificationUriComplete, user);
}

/** Opens `verification_uri`, types `userCode` into its form as printed, then approves as approveByForms does. */
export async function enterCodeByForms(verificationUri: string, userCode: string, user: PhoneUser): Promise<void> {
  await approve(verificationUri, user, userCode);
}

async function approve(address: string, user: PhoneUser, userCode?: string): Promise<void> {
  const phone = new FormPhone();
  let page = await phone.open(address);
  for (let step = 0; step < maxPages; step += 1) {
    if (page.html.includes('data-page="success"') || page.html.includes("data-page='success'")) return;
    const refusal = /data-outcome=["']([\w-]+)["']/.exec(page.html);
    if (refusal !== null) throw new Error(`the provider refused the approval on its page: ${refusal[1] ?? ''}`);
    page = await phone.submit(page, nextStep(forms(page.html, page.url), user, userCode));
  }
  throw new Error(`no success page after ${String(maxPages)} pages; the last was ${page.url}`);
}

/** Which form to send next, with which values, as a person approving would (typing `userCode` where asked for one). */
function nextStep(found: readonly Form[], user: PhoneUser, userCode?: string): { form: Form; values: Record<string, string> } {
  const entry = found.find((form) => form.id === 'op.deviceInputForm');
  if (entry !== undefined) {
    if (userCode === undefined) throw new Error('the provider asks for the code, which the phone was not given');
    return { form: entry, values: { ...pressed(entry, () => true), user_code: userCode } };
  }
  const confirm = found.find((form) => form.id === 'op.deviceConfirmForm');
  if (confirm !== undefined) return { form: confirm, values: pressed(confirm, (button) => button.attributes.name !== 'abort') };
  const login = found.find((form) => hasPrompt(form, 'login'));
  if (login !== undefined) return { form: login, values: { ...fields(login), login: user.login, password: user.password ?? 'demo' } };
  const consent = found.find((form) => hasPrompt(form, 'consent'));
  if (consent !== undefined) return { form: consent, values: pressed(consent, () => true) };
  // A page that submits itself (oidc-provider's callbacks) sends its one form as it is.
  const [only, ...more] = found;
  if (only === undefined || more.length > 0) throw new Error(`no form a person would send next among ${String(found.length)}`);
  return { form: only, values: fields(only) };
}

function hasPrompt(form: Form, prompt: string): boolean {
  return form.controls.some((control) => control.attributes.name === 'prompt' && control.attributes.value === prompt);
}

/** The form's fields, and the first submit button `choose` accepts, as a click sends them. */
function pressed(form: Form, choose: (button: Control) => boolean): Record<string, string> {
  const button = form.controls.find(
    (control) => control.tag === 'button' && (control.attributes.type ?? 'submit') === 'submit' && choose(control),
  );
  if (button === undefined) throw new Error(`form ${form.id ?? form.action} has no button to press`);
  const { name, value } = button.attributes;
  return name === undefined ? fields(form) : { ...fields(form), [name]: value ?? '' };
}

function fields(form: Form): Record<string, string> {
  const values: Record<string, string> = {};
  for (const { tag, attributes } of form.controls) {
    if (tag === 'input' && attributes.name !== undefined) values[attributes.name] = attributes.value ?? '';
  }
  return values;
}

/** The forms of a page, with their controls: those inside each form and those naming it by their `form` attribute. */
function forms(html: string, base: string): Form[] {
  const found: Form[] = [];
  const outside: (Control & { readonly form: string })[] = [];
  let open: Form | undefined;
  for (const match of html.matchAll(/<(\/?)(form|input|button)\b([^>]*)>/gi)) {
    const [, closing, tag = '', attributeText = ''] = match;
    const name = tag.toLowerCase();
    if (name === 'form') {
      if (closing === '/') open = undefined;
      else {
        const attributes = attributesOf(attributeText);
        open = {
          id: attributes.id,
          action: new URL(attributes.action ?? base, base).href,
          method: attributes.method ?? 'get',
          controls: [],
        };
        found.push(open);
      }
    } else if (closing !== '/') {
      const control = { tag: name as Control['tag'], attributes: attributesOf(attributeText) };
      const named = control.attributes.form;
      if (named !== undefined) outside.push({ ...control, form: named });
      else open?.controls.push(control);
    }
  }
  for (const control of outside) found.find((form) => form.id === control.form)?.controls.push(control);
  return found;
}

function attributesOf(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [, name = '', doubled, single, bare] of text.matchAll(/([\w:.-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    attributes[name.toLowerCase()] = unescape(doubled ?? single ?? bare ?? '');
  }
  return attributes;
}

function unescape(text: string): string {
  return text
    .replace(/&#x([\da-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** A browser's share of the work: cookies kept by name and path, redirects followed one by one. */
class FormPhone {
  readonly #cookies = new Map<string, { readonly value: string; readonly path: string }>();

  open(url: string): Promise<{ url: string; html: string }> {
    return this.#request(url, { method: 'GET' });
  }

  submit(page: { url: string }, step: { form: Form; values: Record<string, string> }): Promise<{ url: string; html: string }> {
    const body = new URLSearchParams(step.values);
    if (step.form.method.toLowerCase() !== 'post')
      return this.#request(`${step.form.action.split('?')[0] ?? ''}?${body.toString()}`, { method: 'GET' });
    return this.#request(step.form.action, { method: 'POST', body, headers: { referer: page.url } });
  }

  async #request(
    first: string,
    init: { method: string; body?: URLSearchParams; headers?: Record<string, string> },
  ): Promise<{ url: string; html: string }> {
    let url = first;
    let request = init;
    for (let hop = 0; hop < maxPages; hop += 1) {
      const response = await fetch(url, {
        ...request,
        redirect: 'manual',
        headers: { ...request.headers, cookie: this.#cookieHeader(url) },
      });
      this.#keep(response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location !== null) {
        await response.body?.cancel();
        url = new URL(location, url).href;
        request = { method: 'GET' };
        continue;
      }
      const html = await response.text();
      if (!response.ok) throw new Error(`the provider answered ${String(response.status)} at ${url}: ${html.slice(0, 200)}`);
      return { url, html };
    }
    throw new Error(`more than ${String(maxPages)} redirects from ${first}`);
  }

  #cookieHeader(url: string): string {
    const { pathname } = new URL(url);
    return [...this.#cookies]
      .filter(([, cookie]) => pathname.startsWith(cookie.path))
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join('; ');
  }

  #keep(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const path = attributes.find((attribute) => attribute.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const expires = attributes.find((attribute) => attribute.toLowerCase().startsWith('expires='))?.slice(8);
      const gone = expires !== undefined && Date.parse(expires) <= Date.now();
      if (gone) this.#cookies.delete(name);
      else this.#cookies.set(name, { value: pair.slice(separator + 1), path });
    }
  }
}
