/**
 * validate reads which class a product exports, and its contract, without
 * loading the product (src/manifest/product-entry-scan.ts, product-code.ts):
 * the scan must agree with loading the class, and anything it cannot read
 * must send validate to loading it, so the diagnostics stay synth's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveProductClasses } from '../../src/generator/product-registry';
import { loadCatalog } from '../../src/manifest';
import { readProductCode } from '../../src/manifest/product-code';
import { KIT_PRODUCT_STACK_BASES, scanProductEntry } from '../../src/manifest/product-entry-scan';
import { formatDiagnostic, isProductStackClass, PRODUCT_STACK_MARK } from '../../src/model';
import { catalogRoot, REPO_ROOT, tempDir, validationDiagnostics, writeFiles } from '../helpers';

const KIT = `${REPO_ROOT}/src/secure`;

describe('the entry scan', () => {
  test('names the class synth loads, for every shipped product', () => {
    const catalog = loadCatalog(REPO_ROOT);
    const registry = resolveProductClasses(catalog);
    for (const product of catalog.products) {
      const scan = scanProductEntry(path.join(REPO_ROOT, product.directory, 'index.ts'));
      expect({ product: product.id, scan }).toEqual({
        product: product.id,
        scan: { kind: 'one', className: registry.get(product.id)!.name, contract: 'reexported' },
      });
    }
  });

  test.each([
    ['export *', "export * from './stack';\n"],
    ['a default export', `import { SecureProductStack } from '${KIT}';\nexport default class A extends SecureProductStack {}\n`],
    ['an alias of a class', `import { SecureProductStack } from '${KIT}';\nclass A extends SecureProductStack {}\nexport const B = A;\n`],
    ['a base class from another file of the product', "import { Base } from './base';\nexport class A extends Base {}\n"],
    ['two product stacks', `import { SecureProductStack } from '${KIT}';\nexport class A extends SecureProductStack {}\nexport class B extends SecureProductStack {}\n`],
    ['a re-exported kit base', `export { MonitoringProduct } from '${REPO_ROOT}/src/monitoring';\n`],
    ['module.exports', `const { SecureProductStack } = require('${KIT}');\nmodule.exports = { A: class extends SecureProductStack {} };\n`],
  ])('cannot tell, so validate loads the entry: %s', (_, text) => {
    const root = tempDir();
    writeFiles(root, { 'index.ts': text });
    expect(scanProductEntry(path.join(root, 'index.ts')).kind).toBe('unknown');
  });

  test('reads through comments, strings, templates and regular expressions', () => {
    const root = tempDir();
    writeFiles(root, {
      'index.ts': [
        `import * as secure from '${KIT}';`,
        "import { Construct } from 'constructs';",
        '// export class Commented extends secure.SecureProductStack {}',
        "const text = 'export class InString extends secure.SecureProductStack {}';",
        // eslint-disable-next-line no-template-curly-in-string
        'const template = `export class InTemplate ${"{"} extends secure.SecureProductStack {}`;',
        "const pattern = /export class InRegExp extends ['\"]/;",
        "export { LIMIT } from './limits';",
        'export class Helper extends Construct {}',
        'export class Real extends secure.SecureProductStack {}',
        '',
      ].join('\n'),
      'limits.ts': 'export const LIMIT = 10;\n',
    });
    expect(scanProductEntry(path.join(root, 'index.ts'))).toEqual({ kind: 'one', className: 'Real', contract: 'none' });
  });
});

describe("the kit's product stack bases", () => {
  test.each(Object.entries(KIT_PRODUCT_STACK_BASES))('%s exports %p, each a product stack class or the base', (module, names) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exports = require(path.join(REPO_ROOT, module)) as Record<string, unknown>;
    for (const name of names) {
      const value = exports[name] as Record<symbol, unknown>;
      expect(isProductStackClass(value) || (typeof value === 'function' && Object.prototype.hasOwnProperty.call(value, PRODUCT_STACK_MARK))).toBe(true);
    }
  });

  test.each(['src/secure', 'src/monitoring', 'src/sagemaker-projects', 'src/model', 'src/cdk/context'])(
    '%s exports no product stack class but the listed bases (re-exporting anything else from it is safe)',
    (module) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exports = require(path.join(REPO_ROOT, module)) as Record<string, unknown>;
      const stacks = Object.entries(exports).filter(([, value]) => isProductStackClass(value)).map(([name]) => name);
      expect(stacks.filter((name) => !(KIT_PRODUCT_STACK_BASES[module] ?? []).includes(name))).toEqual([]);
    },
  );
});

describe('contracts', () => {
  test("validate reads the shipped products' contracts without loading their classes, and they are the classes' own", () => {
    const catalog = loadCatalog(REPO_ROOT);
    const read = readProductCode(catalog, { load: false });
    const loaded = readProductCode(catalog, { load: true });
    for (const product of catalog.products) {
      expect(read.get(product.id)!.productClass).toBeUndefined();
      const productClass = loaded.get(product.id)!.productClass as Record<string, unknown>;
      expect(read.get(product.id)!.contract.ssmParameters).toBe(productClass.ssmParameters);
      expect(read.get(product.id)!.contract.catalogRequirements).toBe(productClass.catalogRequirements);
    }
  });

  /** A catalog whose one product is `files` (an entry and maybe a contract.ts). */
  const productCatalog = (files: Record<string, string>): string => {
    const root = catalogRoot('export-missing');
    fs.rmSync(path.join(root, 'products', 'empty'), { recursive: true });
    writeFiles(root, Object.fromEntries(Object.entries(files).map(([file, text]) => [`products/empty/${file}`, text])));
    return root;
  };
  const entry = (statics: string) =>
    [
      `import { SecureProductStack } from '${KIT}';`,
      "import * as contract from './contract';",
      'export class EmptyProduct extends SecureProductStack {',
      statics,
      '}',
      '',
    ].join('\n');
  const requirement = [
    "import type { CatalogRequirements } from '../../src/model';",
    'export const catalogRequirements: CatalogRequirements = (catalog, product) =>',
    "  [{ ...product.source, code: 'PRODUCT_CATALOG_REQUIREMENT', message: `product '${product.id}' needs something` }];",
    '',
  ].join('\n');

  test("a contract.ts requirement is reported by validate and synth alike, at the product's entry in catalog.yaml", () => {
    const root = productCatalog({ 'index.ts': entry('  static readonly catalogRequirements = contract.catalogRequirements;'), 'contract.ts': requirement });
    fs.symlinkSync(path.join(REPO_ROOT, 'src'), path.join(root, 'src'));
    expect(validationDiagnostics(root).map(formatDiagnostic)).toEqual(["catalog.yaml:16:3: product 'sagemaker-endpoint' needs something"]);
  });

  test('a class declaring another contract than its contract.ts fails validate and synth alike', () => {
    const root = productCatalog({ 'index.ts': entry('  static readonly catalogRequirements = () => [];'), 'contract.ts': requirement });
    fs.symlinkSync(path.join(REPO_ROOT, 'src'), path.join(root, 'src'));
    expect(validationDiagnostics(root).map((d) => [d.code, d.line, d.col])).toEqual([['PRODUCT_EXPORT_MISSING', 16, 3]]);
  });
});
