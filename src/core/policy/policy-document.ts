/**
 * One policy, checked against the schema table (schema.ts), whatever delivered it: a JSON file,
 * the Windows registry or a macOS configuration profile. Each source turns what it holds into a
 * plain document of keys and values; this file alone says what a valid value is, so every
 * source refuses the same mistakes in the same words, naming the source, the key and the problem.
 */
import { SignInError } from '../errors.ts';
import { type PolicyProblem, type SettingProblem, shownValue } from '../setting-problem.ts';
import { requireSafeUrl } from '../protocol/uri-safety.ts';
import { parseProxySetting } from './proxy-setting.ts';
import { commentKey, lockedKey, policySchema, settingKeys, type PartialSettings, type SettingKey } from './schema.ts';
import type { ValueSpec } from './value-spec.ts';

/** One policy, checked: the values it sets and the keys it locks. */
export interface Policy {
  /** What delivered it, as errors name it: a file's path, or a registry key. */
  readonly file: string;
  readonly values: PartialSettings;
  readonly locked: ReadonlySet<SettingKey>;
}

/**
 * A policy that cannot be used. `key` is the offending key (dotted for a field), absent when the
 * whole file is at fault; `text` is the English of the problem, for logs; `rule` is the problem as
 * data, with the file and the key added as its `source` and `key`.
 */
export class PolicyError extends SignInError {
  readonly file: string;
  readonly key: string | undefined;
  /** The problem in English, after the file and the key: "must be true or false; found string "no"." */
  readonly text: string;

  /** `key` is the setting at fault, left out when the problem is the whole file or key. */
  constructor(file: string, text: string, rule: PolicyProblem, options: { readonly key?: string; readonly cause?: unknown } = {}) {
    const { key, cause } = options;
    // The rule's own values, plus the two every policy rule names (setting-problem.ts).
    const problem = { rule: rule.rule, values: { ...rule.values, source: file, ...(key === undefined ? {} : { key }) } } as SettingProblem;
    super('invalid_config', `Policy ${file}: ${key === undefined ? '' : `"${key}" `}${text}`, {
      ...(cause === undefined ? {} : { cause }),
      problem,
    });
    this.name = 'PolicyError';
    this.file = file;
    this.key = key;
    this.text = text;
  }

  /**
   * A source that exists but cannot be read. Failing closed: the policy we cannot read may be
   * the one that locks the issuer.
   */
  static unreadable(source: string, error: unknown): PolicyError {
    const detail = describe(error);
    return new PolicyError(source, `cannot be read (${detail}).`, { rule: 'policy.unreadable', values: { detail } }, { cause: error });
  }
}

/** Checks a policy file's text against the schema table. `file` names it in errors. */
export function parsePolicy(text: string, file: string): Policy {
  let document: unknown;
  try {
    // A UTF-8 byte order mark is what Notepad and some MDM tools write; JSON.parse refuses it.
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new PolicyError(
      file,
      `is not valid JSON (${describe(error)}).`,
      { rule: 'policy.notJson', values: { detail: describe(error) } },
      { cause: error },
    );
  }
  if (!isRecord(document)) throw new PolicyError(file, 'must be a JSON object of settings.', { rule: 'policy.notObject', values: {} });
  return checkPolicyDocument(document, file);
}

/** Checks a document of keys and values, as any source gives it, against the schema table. `source` names it in errors. */
export function checkPolicyDocument(document: Readonly<Record<string, unknown>>, source: string): Policy {
  const values: Record<string, unknown> = {};
  let locked: ReadonlySet<SettingKey> = new Set();
  for (const [key, value] of Object.entries(document)) {
    if (key === commentKey) {
      if (typeof value !== 'string') {
        throw new PolicyError(source, 'must be a string (a note for people).', { rule: 'policy.commentNotString', values: {} }, { key });
      }
    } else if (key === lockedKey) {
      locked = parseLocked(value, source);
    } else if (isSettingKey(key)) {
      values[key] = checkValue(policySchema[key].spec, value, source, key);
    } else {
      const known = [...settingKeys, lockedKey].join(', ');
      throw new PolicyError(
        source,
        `is not a policy key. Known keys: ${known}.`,
        { rule: 'policy.unknownKey', values: { known } },
        { key },
      );
    }
  }
  return { file: source, values, locked };
}

/** Whether a string names a setting (not `locked` or `$comment`). */
export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(policySchema, key);
}

function parseLocked(value: unknown, file: string): ReadonlySet<SettingKey> {
  if (!Array.isArray(value)) {
    throw new PolicyError(file, 'must be a list of key names.', { rule: 'policy.lockedNotList', values: {} }, { key: lockedKey });
  }
  const keys = new Set<SettingKey>();
  for (const item of value as unknown[]) {
    if (typeof item !== 'string') {
      throw new PolicyError(
        file,
        `must list key names as strings; found ${JSON.stringify(item)}.`,
        { rule: 'policy.lockedNotString', values: { found: shownValue(item) } },
        { key: lockedKey },
      );
    }
    if (!isSettingKey(item)) {
      const known = settingKeys.join(', ');
      throw new PolicyError(
        file,
        `locks "${item}", which is not a policy key. Lockable keys: ${known}.`,
        { rule: 'policy.lockedUnknown', values: { item, known } },
        { key: lockedKey },
      );
    }
    keys.add(item);
  }
  return keys;
}

function checkValue(spec: ValueSpec, value: unknown, file: string, key: string): unknown {
  const refuse = (text: string, rule: PolicyProblem, at: string = key): PolicyError => new PolicyError(file, text, rule, { key: at });
  const found = shownValue(value);
  const described = describeValue(value);
  switch (spec.type) {
    case 'boolean':
      if (typeof value !== 'boolean') {
        throw refuse(`must be true or false; found ${described}.`, { rule: 'policy.notBoolean', values: { found } });
      }
      return value;
    case 'string':
      if (typeof value !== 'string') throw refuse(`must be a string; found ${described}.`, { rule: 'policy.notString', values: { found } });
      if (value.trim() === '') throw refuse('must not be empty; leave the key out instead.', { rule: 'policy.empty', values: {} });
      if (spec.format === 'issuer-url') checkIssuer(value, file, key);
      if (spec.format === 'https-url' && URL.parse(value)?.protocol !== 'https:') {
        throw refuse(`must be an https URL; found "${value}".`, { rule: 'policy.notHttpsUrl', values: { found: value } });
      }
      if (spec.format === 'proxy') {
        const parsed = parseProxySetting(value);
        if ('problem' in parsed) throw refuse(`${parsed.text}.`, { rule: `policy.${parsed.problem}`, values: { found: parsed.found } });
      }
      return value.trim();
    case 'enum':
      if (typeof value !== 'string' || !spec.values.includes(value)) {
        const allowed = spec.values.map((v) => `"${v}"`).join(', ');
        throw refuse(`must be one of ${allowed}; found ${described}.`, { rule: 'policy.notOneOf', values: { allowed, found } });
      }
      return value;
    case 'object': {
      if (!isRecord(value)) throw refuse(`must be an object; found ${described}.`, { rule: 'policy.notAnObject', values: { found } });
      for (const field of Object.keys(value)) {
        if (!Object.hasOwn(spec.fields, field)) {
          const known = Object.keys(spec.fields).join(', ');
          const text = `is not a field of "${key}". Known fields: ${known}.`;
          throw refuse(text, { rule: 'policy.unknownField', values: { parent: key, known } }, `${key}.${field}`);
        }
      }
      return Object.fromEntries(
        Object.entries(spec.fields).map(([field, fieldSpec]) => [
          field,
          Object.hasOwn(value, field) ? checkValue(fieldSpec.spec, value[field], file, `${key}.${field}`) : fieldSpec.default,
        ]),
      );
    }
  }
}

/** The same rule the core applies to any issuer (uri-safety.ts), said in an admin's terms. */
function checkIssuer(value: string, file: string, key: string): void {
  const refuse = (text: string, rule: PolicyProblem, cause?: unknown): PolicyError =>
    new PolicyError(file, text, rule, { key, ...(cause === undefined ? {} : { cause }) });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse(`must be an absolute URL; found "${value}".`, { rule: 'policy.notAbsoluteUrl', values: { found: value } });
  }
  if (url.username !== '' || url.password !== '') {
    throw refuse('must not carry a user name or password.', { rule: 'policy.credentials', values: {} });
  }
  if (url.search !== '' || url.hash !== '') {
    throw refuse('must not have a query or fragment (OpenID Connect Discovery §2).', { rule: 'policy.queryOrFragment', values: {} });
  }
  try {
    requireSafeUrl(url.href, key);
  } catch (error) {
    const text = `must use https (plain http only on a loopback address); found "${value}".`;
    throw refuse(text, { rule: 'policy.notHttps', values: { found: value } }, error);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
