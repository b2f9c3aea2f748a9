/**
 * The one ajv configuration the manifest's schemas are compiled with, at run
 * time (schema-validation.ts, when no precompiled validator matches) and when
 * the CLI is built (schema-precompile.ts): both must produce the same errors.
 */
import Ajv, { type Options } from 'ajv';
import addFormats from 'ajv-formats';

export function createAjv(extra: Options = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, verbose: true, ...extra });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'errorMessage', schemaType: ['string', 'object'] });
  return ajv;
}
