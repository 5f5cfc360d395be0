/**
 * A security descriptor read from SDDL, the text Windows writes for one (Get-Acl's `Sddl`
 * property is ConvertSecurityDescriptorToStringSecurityDescriptor's output): the owner's SID and
 * the DACL's entries, by SID, so no account name in the display language is ever compared. The
 * grammar is Microsoft's:
 * https://learn.microsoft.com/windows/win32/secauthz/security-descriptor-string-format (O:, G:,
 * D:, S: and the DACL flags), https://learn.microsoft.com/windows/win32/secauthz/ace-strings
 * (`type;flags;rights;object_guid;inherit_object_guid;account_sid[;(condition)]`) and
 * https://learn.microsoft.com/windows/win32/secauthz/sid-strings (`S-1-…` or a two-letter alias).
 * Text that does not follow it throws: a policy whose permissions cannot be read is refused.
 */
import { builtinRids, domainRids, otherAliases, rightLetters } from './sddl-tables.ts';
import type { WindowsAccessRule } from './windows-acl.ts';

export interface DescribedSecurity {
  readonly ownerSid: string;
  readonly rules: readonly WindowsAccessRule[];
}

/** A SID string: `S-1-`, the authority (decimal, or 12 hex digits when it is that large), the sub-authorities; or an alias. */
const sidPattern = /^(S-1-(0x[0-9A-Fa-f]{12}|\d+)(-\d+)*|[A-Z]{2})/;
const wholeSid = new RegExp(`${sidPattern.source}$`);

const aceFlags = new Set(['CI', 'OI', 'NP', 'IO', 'ID', 'SA', 'FA']);
/** Allowed and denied entry types; the callback and object kinds allow or deny as plainly as A and D for our question. */
const allowTypes = new Set(['A', 'OA', 'XA', 'ZA']);
const denyTypes = new Set(['D', 'OD', 'XD']);

/**
 * A null DACL (`D:NO_ACCESS_CONTROL`, or no D: at all) lets everyone do everything; .NET shows it
 * as Everyone with every right, and so do we, so that the rules refuse it like any other writer.
 */
const nullDacl: readonly WindowsAccessRule[] = [{ sid: 'S-1-1-0', rights: 0xffff_ffff, allow: true, inheritOnly: false }];

export function parseSddl(sddl: string): DescribedSecurity {
  const reader = new SddlReader(sddl.trim());
  let ownerSid: string | undefined;
  let rules: readonly WindowsAccessRule[] | undefined;
  const seen = new Set<string>();
  while (!reader.atEnd()) {
    const part = reader.take(/^[OGDS]:/, 'O:, G:, D: or S:');
    if (seen.has(part)) throw reader.error(`a second ${part}`);
    seen.add(part);
    if (part === 'O:') ownerSid = sidOf(reader.take(sidPattern, 'a SID'), reader);
    else if (part === 'G:') reader.take(sidPattern, 'a SID');
    // The SACL says what is audited, not who may change the file: read past, not judged.
    else if (part === 'S:') readAcl(reader, false);
    else rules = readAcl(reader, true);
  }
  if (ownerSid === undefined) throw reader.error('no owner (O:)');
  return { ownerSid, rules: rules ?? nullDacl };
}

function readAcl(reader: SddlReader, judged: boolean): readonly WindowsAccessRule[] {
  const flags = reader.take(/^(NO_ACCESS_CONTROL|P|AR|AI)*/, 'ACL flags');
  const aces: WindowsAccessRule[] = [];
  while (reader.peek() === '(') {
    const ace = readAce(reader);
    if (judged) aces.push(rule(ace, reader));
  }
  return flags.includes('NO_ACCESS_CONTROL') ? nullDacl : aces;
}

interface AceText {
  readonly type: string;
  readonly flags: string;
  readonly rights: string;
  readonly account: string;
}

/** One ACE's fields, as text; what they mean is asked of a DACL's entries only (rule). */
function readAce(reader: SddlReader): AceText {
  const [, type = '', flags = '', rights = '', objectGuid = '', inheritedGuid = '', account = ''] = reader.match(
    /^\(([A-Z]{1,2});([A-Z]*);(0x[0-9A-Fa-f]{1,8}|[A-Z]*);([-0-9A-Fa-f]*);([-0-9A-Fa-f]*);([^;()]+)/,
    'an ACE',
  );
  if (reader.peek() === ';') reader.skipCondition();
  reader.take(/^\)/, 'the end of the ACE');
  for (const guid of [objectGuid, inheritedGuid]) {
    if (guid !== '' && !/^[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$/.test(guid)) throw reader.error(`the GUID ${guid}`);
  }
  return { type, flags, rights, account };
}

function rule({ type, flags, rights, account }: AceText, reader: SddlReader): WindowsAccessRule {
  const flagList = pairs(flags, reader);
  const unknownFlag = flagList.find((flag) => !aceFlags.has(flag));
  if (unknownFlag !== undefined) throw reader.error(`the ACE flag ${unknownFlag}`);
  if (!allowTypes.has(type) && !denyTypes.has(type)) throw reader.error(`the ACE type ${type} in a DACL`);
  const sid = sidOf(account, reader);
  return { sid, rights: rightsOf(rights, reader), allow: allowTypes.has(type), inheritOnly: flagList.includes('IO') };
}

function rightsOf(text: string, reader: SddlReader): number {
  if (text.startsWith('0x')) return Number.parseInt(text.slice(2), 16);
  let mask = 0;
  for (const letters of pairs(text, reader)) {
    const right = rightLetters[letters];
    if (right === undefined) throw reader.error(`the access right ${letters}`);
    mask |= right;
  }
  return mask >>> 0;
}

/**
 * An alias is its SID; a domain account's is written with `<domain>` for the part SDDL leaves
 * out. An alias newer than this table is kept as written: it cannot be SYSTEM, Administrators or
 * TrustedInstaller (SY, BA and a full S-1-5-80-… SID), so it is judged as any other account.
 */
function sidOf(text: string, reader: SddlReader): string {
  if (!wholeSid.test(text)) throw reader.error(`the SID ${text}`);
  if (text.startsWith('S-1-')) return text;
  const builtin = builtinRids[text];
  if (builtin !== undefined) return `S-1-5-32-${builtin}`;
  const domain = domainRids[text];
  if (domain !== undefined) return `S-1-5-21-<domain>-${domain}`;
  return otherAliases[text] ?? `SDDL alias ${text}`;
}

function pairs(text: string, reader: SddlReader): string[] {
  if (text.length % 2 !== 0) throw reader.error(`the letters ${text}`);
  return text.match(/../g) ?? [];
}

class SddlReader {
  readonly #text: string;
  #at = 0;

  constructor(text: string) {
    this.#text = text;
  }

  atEnd(): boolean {
    return this.#at >= this.#text.length;
  }

  peek(): string | undefined {
    return this.#text[this.#at];
  }

  /** What `pattern` matches where the reader stands, consumed; otherwise an error naming `expected`. */
  match(pattern: RegExp, expected: string): RegExpExecArray {
    const match = pattern.exec(this.#text.slice(this.#at));
    if (match === null) throw this.error(`something other than ${expected}`);
    this.#at += match[0].length;
    return match;
  }

  take(pattern: RegExp, expected: string): string {
    return this.match(pattern, expected)[0];
  }

  /** A conditional ACE's `;(expression)`: parentheses nest, and a "string" may hold any of them. */
  skipCondition(): void {
    this.take(/^;\(/, 'a condition');
    let depth = 1;
    while (depth > 0) {
      const char = this.#text[this.#at];
      if (char === undefined) throw this.error('a condition that never ends');
      if (char === '"') {
        const end = this.#text.indexOf('"', this.#at + 1);
        if (end < 0) throw this.error('a string that never ends');
        this.#at = end;
      } else if (char === '(') depth += 1;
      else if (char === ')') depth -= 1;
      this.#at += 1;
    }
  }

  error(found: string): Error {
    return new Error(`The security descriptor "${this.#text}" has ${found} at character ${this.#at + 1}, where SDDL does not allow it.`);
  }
}
