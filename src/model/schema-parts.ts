/**
 * The TypeBox building blocks the manifest schema (schema.ts) and the
 * published-state schema (published-state-schema.ts) share. Not part of the
 * model's public entry (index.ts): products have no use for them.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';

/**
 * `errorMessage` is our annotation (also understood by yaml-language-server):
 * the text a maintainer reads instead of the generic validator message. A string
 * applies to every failure of that schema; an object maps keywords to texts.
 */
export type Messages = { readonly errorMessage?: string | Readonly<Record<string, string>> };

export const closed = { additionalProperties: false } as const;

/** A map keyed by ids: keys checked by `propertyNames`, values by `values`. */
export function MapOf<T extends TSchema>(keys: TSchema, values: T, options: Record<string, unknown> = {}) {
  return Type.Unsafe<Record<string, Static<T>>>({
    type: 'object',
    propertyNames: keys,
    additionalProperties: values,
    ...options,
  });
}

/** A string from a closed list (a plain `enum`, so validators report one error, not one per branch). */
export function Enum<T extends string>(values: readonly T[], options: Record<string, unknown> = {}) {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });
}
