/**
 * The CLI's bundle validates with ajv standalone code generated at build time
 * (src/manifest/schema-precompile.ts); jest and ts-node compile the schemas at
 * run time. Both must report the same errors (so the same positioned
 * diagnostics), for every fixture manifest.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { createAjv } from '../../src/manifest/ajv-setup';
import { schemaKey } from '../../src/manifest/schema-key';
import { PRECOMPILED_SCHEMAS, precompiledValidatorsSource } from '../../src/manifest/schema-precompile';
import { CatalogSchema, PortfolioLoaderSchema } from '../../src/model';
import { FIXTURES, REPO_ROOT } from '../helpers';

/** The generated module, loaded as the bundle loads it (its requires resolve from src/manifest). */
function loadPrecompiled(): Record<string, ValidateFunction> {
  const file = path.join(REPO_ROOT, 'src', 'manifest', 'precompiled-validators.generated.js');
  type Compilable = NodeJS.Module & { _compile(code: string, file: string): void };
  const internals = Module as unknown as { new (id: string): Compilable; _nodeModulePaths(dir: string): string[] };
  const module = new internals(file);
  module.filename = file;
  module.paths = internals._nodeModulePaths(path.dirname(file));
  module._compile(precompiledValidatorsSource(), file);
  return module.exports.PRECOMPILED_VALIDATORS;
}

const manifests = (): [string, unknown][] => {
  const roots = [REPO_ROOT, ...fs.readdirSync(FIXTURES).map((name) => path.join(FIXTURES, name))];
  return roots.flatMap((root) => {
    const read = (file: string) => {
      try {
        return parse(fs.readFileSync(path.join(root, file), 'utf8'));
      } catch {
        return undefined; // the YAML syntax fixture
      }
    };
    if (!fs.existsSync(path.join(root, 'catalog.yaml'))) return [];
    const portfolios = fs.existsSync(path.join(root, 'portfolios')) ? fs.readdirSync(path.join(root, 'portfolios')) : [];
    return [
      [`${path.basename(root)}/catalog.yaml`, read('catalog.yaml')] as [string, unknown],
      ...portfolios.map((file) => [`${path.basename(root)}/portfolios/${file}`, read(`portfolios/${file}`)] as [string, unknown]),
    ];
  });
};

const errorsOf = (validate: ValidateFunction, data: unknown) => {
  validate(data);
  const errors = (validate.errors ?? []).map(({ keyword, instancePath, schemaPath, params, message, propertyName, parentSchema }) => ({
    keyword, instancePath, schemaPath, params, message, propertyName, parentSchema,
  }));
  // As JSON: the run-time parent schemas are TypeBox's objects, which also carry symbol keys.
  return JSON.parse(JSON.stringify(errors));
};

describe('precompiled validators', () => {
  const precompiled = loadPrecompiled();

  test('are keyed by the schemas the loader validates with', () => {
    expect(Object.keys(precompiled).sort()).toEqual(Object.values(PRECOMPILED_SCHEMAS).map(schemaKey).sort());
    expect(precompiled[schemaKey(CatalogSchema)]).toBeDefined();
    expect(precompiled[schemaKey(PortfolioLoaderSchema)]).toBeDefined();
  });

  test.each(manifests())('report what the run-time compiled ones report: %s', (file, data) => {
    const schema = file.endsWith('catalog.yaml') ? CatalogSchema : PortfolioLoaderSchema;
    expect(errorsOf(precompiled[schemaKey(schema)], data)).toEqual(errorsOf(createAjv().compile(schema), data));
  });
});
