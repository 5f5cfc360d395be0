/**
 * Policies as the settings tests give them: parsed from a document as if read from the system
 * policy file or from the one bundled with the installation.
 */
import { parsePolicy, type Policy } from '../../src/core/policy/policy-document.ts';

export const systemFile = '/etc/device-signin/policy.json';
export const bundledFile = '/opt/Device Sign-In/resources/policy.json';

/** `document` as the system policy file (/etc/device-signin/policy.json). */
export function system(document: object): Policy {
  return parsePolicy(JSON.stringify(document), systemFile);
}

/** `document` as the policy bundled with the installation. */
export function bundled(document: object): Policy {
  return parsePolicy(JSON.stringify(document), bundledFile);
}
