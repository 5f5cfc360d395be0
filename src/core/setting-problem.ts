/**
 * What is wrong with a setting, as data: a rule and the values it names (a file, a key, the value
 * found). The core's error message says it in English for logs, `--json` details and the window's
 * technical details; each front end words the rule in its own language by its id (the command
 * line: `problem.<rule>` in messages/cli/*.json), never by showing or splitting that message.
 *
 * Values are language-neutral text: names, paths, URLs, JSON (`shownValue`) and comma-separated
 * lists of key names. A `detail` is what the OS or a parser said, shown as it said it.
 */
/**
 * Where a setting's value came from, as `config.*` problems name it: a catalog's ICU `select`,
 * whose case names are words, so the policy kinds lose their hyphens (`setBy` in
 * client-choice.ts). This file imports nothing: errors.ts, below everything, uses it.
 */
export type SetBy = 'groupPolicy' | 'configurationProfile' | 'policyFile' | 'installer' | 'flag' | 'environment' | 'user' | 'default';

/**
 * Each rule and the names of the values its sentence names: the catalogs' placeholders for
 * `problem.<rule>` are checked against this table (test/cli/cli-problems.test.ts).
 */
export const problemValueNames = {
  // A policy (file, registry key or configuration profile): `source` names it, `key` the offending key.
  'policy.notJson': ['source', 'detail'],
  'policy.notObject': ['source'],
  'policy.commentNotString': ['source', 'key'],
  'policy.unknownKey': ['source', 'key', 'known'],
  'policy.lockedNotList': ['source', 'key'],
  'policy.lockedNotString': ['source', 'key', 'found'],
  'policy.lockedUnknown': ['source', 'key', 'item', 'known'],
  'policy.notBoolean': ['source', 'key', 'found'],
  'policy.notString': ['source', 'key', 'found'],
  'policy.empty': ['source', 'key'],
  'policy.notHttpsUrl': ['source', 'key', 'found'],
  'policy.proxyForm': ['source', 'key', 'found'],
  'policy.proxyPath': ['source', 'key', 'found'],
  'policy.notOneOf': ['source', 'key', 'allowed', 'found'],
  'policy.notAnObject': ['source', 'key', 'found'],
  'policy.unknownField': ['source', 'key', 'parent', 'known'],
  'policy.notAbsoluteUrl': ['source', 'key', 'found'],
  'policy.credentials': ['source', 'key'],
  'policy.queryOrFragment': ['source', 'key'],
  'policy.notHttps': ['source', 'key', 'found'],
  'policy.untrusted': ['source', 'detail'],
  'policy.noProgramData': ['source', 'detail'],
  'policy.unreadable': ['source', 'detail'],
  'policy.registryNotString': ['source', 'key', 'found'],
  'policy.registryNotJson': ['source', 'key', 'detail'],
  'policy.registryNotDword': ['source', 'key', 'found'],
  'policy.notPropertyList': ['source', 'detail'],
  'policy.notDictionary': ['source'],
  // A value a flag, a variable or the user's settings asks for, which a locked policy overrides.
  'locked.flag': ['key', 'lockedBy', 'flag'],
  'locked.environment': ['key', 'lockedBy', 'variable'],
  'locked.user': ['key', 'lockedBy'],
  'locked.insecureStorage': ['value', 'lockedBy'],
  // The command line's settings.json.
  'settings.unreadable': ['path', 'detail'],
  'settings.notJson': ['path'],
  'settings.notObject': ['path'],
  'settings.notNonEmpty': ['path', 'key'],
  'settings.providerNotOneOf': ['path', 'allowed'],
  // A key the command line does not know, with the known key it most resembles (a slip: "clientid"), or the list.
  'settings.unknownKeyNear': ['path', 'key', 'nearest'],
  'settings.unknownKey': ['path', 'key', 'known'],
  'settings.insecureStorageNotBoolean': ['path'],
  // The settings taken together, whichever layer set them.
  'config.noClientId': [],
  'config.noScope': [],
  'config.issuerNotUrl': ['issuer'],
  'config.issuerQueryFragment': ['issuer'],
  'config.issuerNotHttps': ['issuer'],
  'config.issuerCredentials': ['issuer'],
  // The provider's ID token names another issuer than the one set (OIDC Core §3.1.3.7 step 2): `actual` is the provider's.
  'config.issuerMismatch': ['issuer', 'actual'],
  'config.endpointNotHttps': ['name', 'url'],
  // An endpoint a person's layer gives on another origin than the issuer's (client-choice.ts).
  'config.endpointOtherOrigin': ['name', 'url', 'issuer', 'setBy'],
  'config.providerNotOneOf': ['provider', 'setBy', 'allowed'],
  'config.dpopNotOneOf': ['value', 'setBy', 'allowed'],
  'config.demoOff': ['setBy'],
  'config.halfClient': ['present', 'missing', 'setBy'],
  'config.proxyForm': ['found'],
  'config.proxyPath': ['found'],
  'config.proxyPac': ['url'],
  'config.proxyVariable': ['name', 'found'],
  'config.caFileUnreadable': ['path', 'detail'],
  'config.caFileEmpty': ['path'],
  // What a command is given to send (fetch --data @FILE).
  'fetch.dataUnreadable': ['file', 'detail'],
  'fetch.outputUnwritable': ['file', 'detail'],
} as const satisfies Readonly<Record<string, readonly string[]>>;

export type SettingProblemRule = keyof typeof problemValueNames;

/** The values of a rule: every name is text, except `setBy`, which says which layer set a value. */
export type SettingProblemValues = {
  [R in SettingProblemRule]: { [N in (typeof problemValueNames)[R][number]]: N extends 'setBy' ? SetBy : string };
};

export type SettingProblem = {
  [R in SettingProblemRule]: { readonly rule: R; readonly values: Readonly<SettingProblemValues[R]> };
}[SettingProblemRule];

/** The rules of a policy, whose `source` and `key` the policy error adds (policy-document.ts). */
export type PolicyRule = Extract<SettingProblemRule, `policy.${string}`>;

export type PolicyProblem = {
  [R in PolicyRule]: { readonly rule: R; readonly values: Readonly<Omit<SettingProblemValues[R], 'source' | 'key'>> };
}[PolicyRule];

/** A value as any language can show it: JSON for a string, number or boolean; `[…]` or `{…}` for a list or an object. */
export function shownValue(value: unknown): string {
  if (Array.isArray(value)) return '[…]';
  if (typeof value === 'object' && value !== null) return '{…}';
  return JSON.stringify(value);
}
