/**
 * DPoP (RFC 9449): whether tokens are bound to a key of this computer's. `auto` binds them when
 * the provider's metadata lists `dpop_signing_alg_values_supported` (§5.1), `required` refuses
 * to sign in otherwise, `off` never binds. Apart from dpop.ts so that reading the settings loads
 * no crypto or protocol code.
 */
export const dpopModes = ['auto', 'required', 'off'] as const;
export type DPoPMode = (typeof dpopModes)[number];

export function isDPoPMode(value: unknown): value is DPoPMode {
  return typeof value === 'string' && (dpopModes as readonly string[]).includes(value);
}
