/**
 * The vocabulary the policy table (schema.ts) is written in: what a value must look like, and
 * the TypeScript type each description stands for, so the `Settings` type is read off the table.
 */

/**
 * What a value must look like. `issuer-url` is https, or http on a loopback address only;
 * `https-url` is https without exception (a page people are sent to).
 */
export type ValueSpec =
  | TextSpec
  | { readonly type: 'boolean' }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'object'; readonly fields: Readonly<Record<string, FieldSpec>> };

interface TextSpec {
  readonly type: 'string';
  readonly format?: 'issuer-url' | 'https-url' | 'proxy';
}

/** One field of an object-valued key; a field left out of a policy takes its default. */
export interface FieldSpec {
  readonly spec: ValueSpec;
  readonly default: unknown;
  readonly description: string;
}

/** A text field unset unless the policy gives it, in `format` when that is named. */
export function optionalText(
  description: string,
  format?: TextSpec['format'],
): { readonly spec: TextSpec; readonly default: undefined; readonly description: string } {
  return { spec: format === undefined ? { type: 'string' } : { type: 'string', format }, default: undefined, description };
}

/** One policy key. `default: undefined` means unset unless some layer sets it. */
export interface KeySpec {
  readonly spec: ValueSpec;
  readonly default: unknown;
  readonly description: string;
  /** A value worth showing in the docs' example. */
  readonly example: unknown;
}

/** The TypeScript value a spec describes. */
type ValueOf<S> = S extends { readonly type: 'string' }
  ? string
  : S extends { readonly type: 'boolean' }
    ? boolean
    : S extends { readonly type: 'enum'; readonly values: readonly (infer V)[] }
      ? V
      : S extends { readonly type: 'object'; readonly fields: infer F }
        ? { readonly [K in keyof F]: EntryValue<F[K]> }
        : never;

/** The value of a key or field: possibly `undefined` when its default is. */
export type EntryValue<E> = E extends { readonly spec: infer S; readonly default: infer D }
  ? D extends undefined
    ? ValueOf<S> | undefined
    : ValueOf<S>
  : never;
