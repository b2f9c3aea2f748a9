/**
 * What the CLI's build precompiles (scripts/cli-bundle.js runs this at build
 * time only): ajv's standalone code of every schema the loader and the plan
 * validate with, exported by schemaKey, so a run needs neither ajv's compiler
 * nor TypeBox's schema objects' compilation. A schema not listed here (or
 * changed since the build, which also makes the bundle stale) is compiled at
 * run time as before.
 */
import { _ } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { createAjv } from './ajv-setup';
import { schemaKey } from './schema-key';
import { PublishedStateSchema } from '../model/published-state-schema';
import { CatalogSchema, PortfolioLoaderSchema } from '../model/schema';

export const PRECOMPILED_SCHEMAS = {
  catalog: CatalogSchema,
  portfolio: PortfolioLoaderSchema,
  publishedState: PublishedStateSchema,
} as const;

export function precompiledValidatorsSource(): string {
  const ajv = createAjv({ code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` } });
  const names = Object.keys(PRECOMPILED_SCHEMAS) as (keyof typeof PRECOMPILED_SCHEMAS)[];
  for (const name of names) ajv.addSchema(PRECOMPILED_SCHEMAS[name], name);
  const code = standaloneCode(ajv, Object.fromEntries(names.map((name) => [name, name])));
  const byKey = names.map((name) => `  ${JSON.stringify(schemaKey(PRECOMPILED_SCHEMAS[name]))}: exports.${name},`);
  return `${code}\nexports.PRECOMPILED_VALIDATORS = {\n${byKey.join('\n')}\n};\n`;
}
