/** A schema's identity across processes: the sha256 of its JSON (what a precompiled validator was compiled from). */
import type { TSchema } from '@sinclair/typebox';
import { sha256 } from '../model/sha256';

const keys = new WeakMap<TSchema, string>();

export function schemaKey(schema: TSchema): string {
  let key = keys.get(schema);
  if (key === undefined) {
    key = sha256(JSON.stringify(schema));
    keys.set(schema, key);
  }
  return key;
}
