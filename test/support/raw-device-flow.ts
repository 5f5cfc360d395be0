/**
 * A device's side of the device flow on the wire, with raw HTTP and no app code: discovery, the
 * device authorization request, one poll, userinfo. For the tests of the demo provider and of the
 * strict server in front of it, which check what the wire carries.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { defaultScope } from '../../src/core/config.ts';
import { type DemoProvider, startDemoProvider } from '../../src/demo-provider/provider.ts';
import { launchBrowser } from './phone.ts';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export type Json = Record<string, unknown>;

export interface Metadata {
  issuer: string;
  device_authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string;
  revocation_endpoint: string;
  introspection_endpoint: string;
}

export interface DeviceAuthorization {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval?: number;
}

export async function readJson(response: Response): Promise<Json> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return (await response.json()) as Json;
}

export async function postForm(
  url: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json }> {
  const response = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params) });
  return { status: response.status, body: await readJson(response) };
}

export async function discover(issuer: string): Promise<Metadata> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  expect(response.status).toBe(200);
  return (await readJson(response)) as unknown as Metadata;
}

/** RFC 8628 §3.1–3.2. */
export async function authorizeDevice(metadata: Metadata, clientId: string): Promise<DeviceAuthorization> {
  const { status, body } = await postForm(metadata.device_authorization_endpoint, { client_id: clientId, scope: defaultScope });
  expect(status).toBe(200);
  return body as unknown as DeviceAuthorization;
}

/** RFC 8628 §3.4: one poll of the token endpoint. */
export function pollToken(metadata: Metadata, clientId: string, deviceCode: string): Promise<{ status: number; body: Json }> {
  return postForm(metadata.token_endpoint, { grant_type: DEVICE_CODE_GRANT, device_code: deviceCode, client_id: clientId });
}

export async function userinfo(metadata: Metadata, accessToken: unknown): Promise<Json> {
  expect(typeof accessToken).toBe('string');
  const response = await fetch(metadata.userinfo_endpoint, { headers: { authorization: `Bearer ${String(accessToken)}` } });
  expect(response.status).toBe(200);
  return readJson(response);
}

export function basicAuth(clientId: string, clientSecret: string): Record<string, string> {
  // RFC 6749 §2.3.1: each part form-urlencoded before base64.
  const credentials = `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`;
  return { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/** The file's one Chromium (the phone) and one demo provider with default settings, with its discovery document. */
export interface DemoOnTheWire {
  readonly browser: Browser;
  readonly provider: DemoProvider;
  readonly metadata: Metadata;
}

/** Starts the phone and the provider before the file's tests, and stops both after them. */
export function useDemoOnTheWire(): DemoOnTheWire {
  const demo: { -readonly [K in keyof DemoOnTheWire]?: DemoOnTheWire[K] } = {};
  beforeAll(async () => {
    const [browser, provider] = await Promise.all([launchBrowser(), startDemoProvider()]);
    Object.assign(demo, { browser, provider, metadata: await discover(provider.issuer) });
  });
  afterAll(async () => {
    await Promise.all([demo.browser?.close(), demo.provider?.close()]);
  });
  const present = <K extends keyof DemoOnTheWire>(key: K): DemoOnTheWire[K] => {
    const value = demo[key];
    if (value === undefined) throw new Error(`the ${key} is used before beforeAll started it`);
    return value;
  };
  return {
    get browser() {
      return present('browser');
    },
    get provider() {
      return present('provider');
    },
    get metadata() {
      return present('metadata');
    },
  };
}
