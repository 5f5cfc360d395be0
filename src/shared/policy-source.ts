/**
 * Where an administrator's setting came from, as every front end names it: Windows Group Policy
 * (the Policies registry keys, set by a GPO or Intune), a macOS configuration profile (managed
 * preferences), the system policy file, or the policy bundled into the installer. Strongest first.
 */
export const policySourceKinds = ['group-policy', 'configuration-profile', 'policy-file', 'installer'] as const;

export type PolicySourceKind = (typeof policySourceKinds)[number];

export function isPolicySourceKind(value: unknown): value is PolicySourceKind {
  return (policySourceKinds as readonly unknown[]).includes(value);
}

/** One source that set or locked something: its kind, and the file or registry key it is. */
export interface PolicySource {
  readonly kind: PolicySourceKind;
  readonly name: string;
}
