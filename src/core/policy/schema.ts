/**
 * The managed policy's keys as one table: the validator reads it to check a policy file, the
 * docs generator (scripts/generate-admin-docs.ts) reads it to write the admin reference, and the
 * `Settings` type is derived from it, so code, checks and docs cannot disagree.
 */
import { defaultScope } from '../config.ts';
import { dpopModes } from '../protocol/dpop-mode.ts';
import { providerNames } from '../providers/provider-names.ts';
import { type EntryValue, type KeySpec, optionalText } from './value-spec.ts';

export const policySchema = {
  issuer: {
    spec: { type: 'string', format: 'issuer-url' },
    default: undefined,
    description:
      'The OpenID Connect issuer to sign in against. Must be https; plain http is accepted only on a loopback address ' +
      '(localhost, 127.0.0.0/8, ::1).',
    example: 'https://login.example.com/realms/staff',
  },
  clientId: {
    spec: { type: 'string' },
    default: undefined,
    description: 'The OAuth client id registered at the issuer for the device authorization grant (RFC 8628).',
    example: 'device-signin-desktop',
  },
  scope: {
    spec: { type: 'string' },
    default: defaultScope,
    description: 'Space-separated scopes to request. `offline_access` asks for a refresh token, so people stay signed in.',
    example: defaultScope,
  },
  audience: {
    spec: { type: 'string' },
    default: undefined,
    description: 'Sent as `audience` on the device authorization request: the API the token is for (the Auth0/Okta convention).',
    example: 'https://api.example.com',
  },
  provider: {
    spec: { type: 'enum', values: providerNames },
    default: 'generic',
    description:
      'Whose documented deviations from the standards to allow for: `generic` for any OpenID provider with discovery, or ' +
      '`github`, `google`, `entra`, `okta`, `auth0`, `keycloak` (docs/providers.md). For `github` the issuer is the host, ' +
      '`https://github.com` unless set.',
    example: 'entra',
  },
  deviceAuthorizationEndpoint: {
    spec: { type: 'string', format: 'issuer-url' },
    default: undefined,
    description:
      'The device authorization endpoint (RFC 8628 §3.1), for a server without discovery or to override the discovered ' +
      'one. With `tokenEndpoint` too, no discovery is done. Same rule as the issuer: https, or http on loopback.',
    example: 'https://login.example.com/orgs/42/api/v1/oauth/device_authorization',
  },
  tokenEndpoint: {
    spec: { type: 'string', format: 'issuer-url' },
    default: undefined,
    description: 'The token endpoint (RFC 6749 §3.2), for a server without discovery or to override the discovered one.',
    example: 'https://login.example.com/orgs/42/api/v1/oauth/token',
  },
  userinfoEndpoint: {
    spec: { type: 'string', format: 'issuer-url' },
    default: undefined,
    description: 'The OpenID Connect userinfo endpoint, where the profile comes from when there is no discovery.',
    example: 'https://login.example.com/orgs/42/api/v1/oauth/userinfo',
  },
  revocationEndpoint: {
    spec: { type: 'string', format: 'issuer-url' },
    default: undefined,
    description: 'The RFC 7009 revocation endpoint sign-out calls, when there is no discovery or it names none.',
    example: 'https://login.example.com/orgs/42/api/v1/oauth/revoke',
  },
  clientSecret: {
    spec: { type: 'string' },
    default: undefined,
    description:
      'The client secret of a provider that demands one even of device clients (Google\'s "TVs and Limited Input devices" ' +
      "clients). It ships with the app and is no real secret; never put a confidential client's secret here.",
    example: 'GOCSPX-example',
  },
  proxy: {
    spec: { type: 'string', format: 'proxy' },
    default: undefined,
    description:
      'The proxy for sign-in traffic, for fleets whose OS proxy settings are not enough: `direct`, an http(s) proxy URL ' +
      '(`http://proxy.example.com:8080`), or a PAC file URL (ending in `.pac` or `wpad.dat`; the app only). Unset, the ' +
      'app follows the OS proxy settings and the command line `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`.',
    example: 'http://proxy.example.com:8080',
  },
  caFile: {
    spec: { type: 'string' },
    default: undefined,
    description:
      'A PEM file of extra certificate authorities (for a TLS-inspecting gateway) that both the app and the command line trust, ' +
      'besides the certificates each already trusts: the app its Chromium store (the OS store on Windows and macOS, ' +
      'the NSS database on Linux), the command line the OS store and Node.js’s own list.',
    example: '/etc/pki/company/ca.pem',
  },
  dpop: {
    spec: { type: 'enum', values: dpopModes },
    default: undefined,
    description:
      'Whether tokens are bound to a key that never leaves this computer (DPoP, RFC 9449), so that a copied token is ' +
      'useless elsewhere: `auto` binds them when the provider lists `dpop_signing_alg_values_supported` in its discovery, ' +
      '`required` refuses to sign in otherwise, `off` asks for plain bearer tokens. Unset: the provider profile decides, ' +
      '`auto` for all but `github` (`off`, as GitHub has no DPoP). Also `--dpop` and `DEVICE_SIGNIN_DPOP`.',
    example: 'required',
  },
  tokenStorage: {
    spec: { type: 'enum', values: ['protected', 'session-only', 'allow-unprotected'] },
    default: 'protected',
    description:
      '`protected`: tokens are kept only in OS-protected storage (Keychain, Credential Manager/DPAPI, Secret Service); ' +
      'where there is none, the session lasts until the app quits. `session-only`: tokens are kept in memory only and ' +
      'never written. `allow-unprotected`: the admin allows weaker storage where nothing better exists (Linux safeStorage ' +
      '`basic_text`, or a 0600 file).',
    example: 'protected',
  },
  language: {
    spec: { type: 'string' },
    default: undefined,
    description:
      'The window’s language as a BCP 47 tag (`de`, `pt-BR`), for machines whose OS language is not the one people should ' +
      'read. Unset, the window follows the OS’s preferred languages; a language without a translation falls back through ' +
      'the OS’s preferences to English.',
    example: 'de',
  },
  demoProvider: {
    spec: { type: 'boolean' },
    default: true,
    description:
      'Whether the embedded demo provider may be used when no issuer and client id are configured. Turn off on managed machines.',
    example: false,
  },
  multipleAccounts: {
    spec: { type: 'boolean' },
    default: true,
    description:
      'Whether people may keep several accounts side by side (a work and a personal account, two tenants): signing in as ' +
      'another account adds it, and the window and `device-signin switch` choose the current one. With false, one account ' +
      'is kept at a time: a new sign-in replaces the kept account and ends its session at the provider.',
    example: true,
  },
  systemLog: {
    spec: { type: 'boolean' },
    default: true,
    description:
      'Whether sign-ins, failed sign-ins, sign-outs, sessions the provider ended, failed refreshes and policy changes are ' +
      'also written to the system’s own log (the Windows Application log, macOS’s unified log, the systemd journal): one ' +
      'line each with an event id, the issuer’s host, the account and an outcome code, never a token or a sign-in code. ' +
      'See "When sign-in fails on one machine".',
    example: true,
  },
  branding: {
    spec: {
      type: 'object',
      fields: {
        organizationName: optionalText('Your organization’s name, shown in the window’s heading ("Sign in to …") and footer.'),
        logo: optionalText('A local PNG, JPEG or SVG file (at most 256 KB), shown at most 32 px tall above the heading.'),
      },
    },
    default: undefined,
    description: 'What the sign-in window shows of your organization. Set as a whole, like `updates`.',
    example: { organizationName: 'Example Corp', logo: '/usr/share/example/logo.png' },
  },
  support: {
    spec: {
      type: 'object',
      fields: {
        url: optionalText('Your help desk’s page, https only; offered on error screens.', 'https-url'),
        contact: optionalText('A line of contact text (a phone number, an email address) shown beside it.'),
      },
    },
    default: undefined,
    description: 'Where people get help when sign-in fails for a reason only your IT can fix.',
    example: { url: 'https://help.example.com/sign-in', contact: 'IT help desk, ext. 4357' },
  },
  updates: {
    spec: {
      type: 'object',
      fields: {
        enabled: { spec: { type: 'boolean' }, default: true, description: 'Whether the app checks for updates at all.' },
        allowDowngrade: {
          spec: { type: 'boolean' },
          default: false,
          description:
            'Whether an update may install an older version than the one installed (to roll a fleet back). Off unless ' +
            'set, whatever the channel.',
        },
        channel: {
          spec: { type: 'enum', values: ['latest', 'beta', 'alpha'] },
          default: 'latest',
          description: 'The update channel to follow. `beta` and `alpha` also receive pre-releases.',
        },
      },
    },
    default: { enabled: true, allowDowngrade: false, channel: 'latest' },
    description:
      'Update control, set as a whole: a field left out takes its default, not a value from a weaker layer. When no layer ' +
      'sets `updates`, the app checks the channel of the installed build.',
    example: { enabled: true, allowDowngrade: false, channel: 'latest' },
  },
} as const satisfies Readonly<Record<string, KeySpec>>;

/** A policy key (not counting `locked`). */
export type SettingKey = keyof typeof policySchema;

export const settingKeys = Object.keys(policySchema) as readonly SettingKey[];

type SettingValue<K extends SettingKey> = EntryValue<(typeof policySchema)[K]>;

/** Every setting, resolved: unset optional values are `undefined`. */
export type Settings = { readonly [K in SettingKey]: SettingValue<K> };

/** Some settings, as one layer (a policy file, the user's settings, flags) gives them. */
export type PartialSettings = { readonly [K in SettingKey]?: Exclude<SettingValue<K>, undefined> };

export type TokenStorage = Settings['tokenStorage'];
export type UpdatesSettings = Settings['updates'];
export type UpdateChannel = UpdatesSettings['channel'];
export type BrandingSettings = NonNullable<Settings['branding']>;
export type SupportSettings = NonNullable<Settings['support']>;

/** The built-in defaults, read off the table. */
export const defaultSettings = Object.fromEntries(settingKeys.map((key) => [key, policySchema[key].default])) as Settings;

/**
 * A key a policy file may hold besides the settings: a free-text note for whoever reads the file
 * next (the JSON Schema convention), since JSON has no comments.
 */
export const commentKey = '$comment';

/** The key that lists which settings users may not change. */
export const lockedKey = 'locked';
