/**
 * The files of a new product (`sc-factory new product`): a minimal product
 * stack from the kit, its README and a jest test, or a copy of another
 * product's code. Pure: paths and texts out, nothing written here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ScaffoldPaths {
  /** Catalog root. */
  readonly root: string;
  /** The repository of this tool (its src/ and test/helpers.ts). */
  readonly toolRoot: string;
  /** The new product's folder name under products/ (= its id). */
  readonly id: string;
}

/** `feature-store` -> `FeatureStore`. */
export function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

/** `feature-store` -> `Feature store`. */
export function titleOf(id: string): string {
  const words = id.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A module specifier from `fromDir` to `target` (posix, always starting with `.`). */
function specifier(fromDir: string, target: string): string {
  const relative = path.relative(fromDir, target).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** The minimal product: one launch parameter, one resource; the kit adds the secure defaults and rule packs. */
export function productIndex(paths: ScaffoldPaths): string {
  const dir = path.join(paths.root, 'products', paths.id);
  const model = specifier(dir, path.join(paths.toolRoot, 'src/model'));
  const secure = specifier(dir, path.join(paths.toolRoot, 'src/secure'));
  return `/**
 * ${titleOf(paths.id)}: say here what a launch creates and for whom.
 * Scaffolded by \`sc-factory new product\`; see docs/product-authors.md,
 * "How to add a product" (parameters, shared SSM parameters, rule packs).
 */
import { aws_ssm as ssm } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { SsmParameterUse } from '${model}';
import { SecureProductStack, type SecureProductStackProps } from '${secure}';

export class ${pascalCase(paths.id)}Product extends SecureProductStack {
  /** What it reads and publishes of the SSM contract (docs/product-authors.md, "The SSM contract"). */
  public static readonly ssmParameters: SsmParameterUse = { reads: [], publishes: [] };

  constructor(scope: Construct, id: string, props: SecureProductStackProps) {
    super(scope, id, props);
    const owner = this.addParameter('OwnerName', {
      type: 'String',
      label: 'Owner',
      group: 'Product',
      description: 'Who is responsible for this launch.',
      allowedPattern: '^[A-Za-z0-9 ._@-]{1,64}$',
    });
    // Replace with the product's resources.
    new ssm.StringParameter(this, 'Owner', {
      stringValue: owner.valueAsString,
      description: '${titleOf(paths.id)}: who is responsible for this launch.',
    });
  }
}
`;
}

export function productReadme(paths: ScaffoldPaths, from?: string): string {
  return `# ${titleOf(paths.id)}

${from ? `Started as a copy of \`products/${from}\` (its code, not its released versions).` : 'Scaffolded by `sc-factory new product`.'}
Say here what a launch creates, for whom, what it reads from the catalog's SSM
parameters, and what the launch role needs.

- Code: \`products/${paths.id}/index.ts\` (one class extending \`SecureProductStack\`).
- Test: \`test/products/${paths.id}.test.ts\`.
- Before the first release: \`npx projen synth\`, then
  \`npx sc-factory release ${paths.id} 1.0.0\` (docs/maintainers.md, "Product versions").
`;
}

/** A test that builds the product as the generator does and fails on any unacknowledged rule-pack finding. */
export function productTest(paths: ScaffoldPaths): string {
  const dir = path.join(paths.root, 'test/products');
  const product = specifier(dir, path.join(paths.root, 'products', paths.id));
  const secure = specifier(dir, path.join(paths.toolRoot, 'src/secure'));
  const helpers = specifier(dir, path.join(paths.toolRoot, 'test/helpers'));
  return `/**
 * ${paths.id}: built as the generator builds it, from the shipped catalog. Add
 * tests of what the product does (behaviour, IAM simulation: test/secure/).
 */
import * as exported from '${product}';
import { SecureProductStack } from '${secure}';
import { synthProduct } from '${helpers}';

const ProductClass = Object.values(exported).find((value) => SecureProductStack.isProductStackClass(value)) as Parameters<typeof synthProduct>[0];

test('${paths.id}: the rule packs find nothing unacknowledged', () => {
  expect(synthProduct(ProductClass, '${paths.id}').findings).toEqual([]);
});
`;
}

/**
 * Another product's files for the new folder: everything but `versions/`
 * (released versions belong to the product they were released for). Relative
 * imports that leave the product folder are re-pointed from the new place.
 */
export function copiedProductFiles(sourceDir: string, targetDir: string): Map<string, string | Buffer> {
  const files = new Map<string, string | Buffer>();
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(sourceDir, relative), { withFileTypes: true })) {
      const name = path.join(relative, entry.name);
      if (relative === '' && entry.name === 'versions') continue;
      const full = path.join(sourceDir, name);
      if (fs.statSync(full).isDirectory()) {
        if (entry.name !== 'node_modules') walk(name);
        continue;
      }
      files.set(
        name,
        /\.[cm]?[tj]sx?$/.test(entry.name) ? repointImports(fs.readFileSync(full, 'utf8'), full, sourceDir, path.join(targetDir, relative)) : fs.readFileSync(full),
      );
    }
  };
  walk('');
  return files;
}

/**
 * An import that stays inside the product folder is copied as it is; one that
 * leaves it is re-pointed at the same module from the new folder. Node resolves
 * a module from its real path, so a linked file's imports are resolved from there.
 */
function repointImports(code: string, file: string, sourceRoot: string, newDir: string): string {
  const realDir = path.dirname(fs.realpathSync(file));
  return code.replace(/(\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*)\2/g, (match, head: string, quote: string, spec: string) => {
    const logical = path.resolve(path.dirname(file), spec);
    if (logical === sourceRoot || logical.startsWith(sourceRoot + path.sep)) return match;
    return `${head}${quote}${specifier(newDir, path.resolve(realDir, spec))}${quote}`;
  });
}
