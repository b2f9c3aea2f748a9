/**
 * The one ajv configuration the manifest's schemas are compiled with, at run
 * time (schema-validation.ts, when no precompiled validator matches) and when
 * the CLI is built (schema-precompile.ts): both must produce the same errors.
 */
import Ajv, { _, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import { SAGEMAKER_PROJECT_ID_KEYWORD } from '../model/schema';

export function createAjv(extra: Options = {}): Ajv {
  // passContext: the validator is called with the catalog's SageMaker project ids as `this` (schema-validation.ts).
  const ajv = new Ajv({ allErrors: true, strict: true, verbose: true, passContext: true, ...extra });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'errorMessage', schemaType: ['string', 'object'] });
  ajv.addKeyword({
    keyword: SAGEMAKER_PROJECT_ID_KEYWORD,
    schemaType: 'boolean',
    code(cxt) {
      const ids = _`(this && this.sagemakerProjectIds) || []`;
      cxt.fail(_`!(${ids}).includes(${cxt.data})`);
    },
  });
  return ajv;
}
