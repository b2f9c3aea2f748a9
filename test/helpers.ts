/** Shared test helpers: temporary catalog roots, the CLI with captured output, synthesized templates. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { runCli } from '../src/cli/main';
import { resolveProductClasses } from '../src/generator/product-registry';
import { productContext } from '../src/generator/product-templates';
import { checkReleasedVersions, loadCatalog } from '../src/manifest';
import { validateProductCode } from '../src/manifest/product-code';
import { type Catalog, type CatalogFactKey, catalogFactName, catalogFactValues, type Diagnostic, ManifestError } from '../src/model';
import { publishedRegions } from '../src/model/publishing';
import { acknowledgementsIn } from '../src/secure/acknowledgements';
import { checkedApp, readRuleFindings, type RuleFinding } from '../src/secure/rule-packs';
import type { SecureProductStack, SecureProductStackProps } from '../src/secure/secure-product-stack';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const FIXTURES = path.join(__dirname, 'fixtures');

export function tempDir(prefix = 'sc-factory-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A writable copy of a catalog root: `test/fixtures/<name>` or, with `'repo'`,
 * the shipped catalog. Each product folder of the repository the copy does not
 * have itself is linked in (so fixtures stay small, and a test may still add
 * product folders of its own without touching the repository); a fixture gets
 * the products' code without their released versions.
 */
export function catalogRoot(name: string | 'repo'): string {
  const source = name === 'repo' ? REPO_ROOT : path.join(FIXTURES, name);
  const root = tempDir();
  for (const entry of ['catalog.yaml', 'portfolios', ...(name === 'repo' ? [] : ['products'])]) {
    const from = path.join(source, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(root, entry), { recursive: true });
  }
  fs.mkdirSync(path.join(root, 'products'), { recursive: true });
  for (const product of fs.readdirSync(path.join(REPO_ROOT, 'products'))) {
    const target = path.join(root, 'products', product);
    if (fs.existsSync(target)) continue;
    if (name === 'repo') {
      fs.symlinkSync(path.join(REPO_ROOT, 'products', product), target);
      continue;
    }
    // A fixture catalog has other defaults than the shipped one, so the shipped
    // released versions (frozen with the shipped defaults) are not its own: link
    // the product's code, not its versions/ folder.
    fs.mkdirSync(target);
    for (const entry of fs.readdirSync(path.join(REPO_ROOT, 'products', product))) {
      if (entry !== 'versions') fs.symlinkSync(path.join(REPO_ROOT, 'products', product, entry), path.join(target, entry));
    }
  }
  return root;
}

/** Writes `files` (path -> text) under `root`. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in `cwd` with output captured. */
export async function cli(cwd: string, ...argv: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    cwd,
    out: (text) => (stdout += text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => (stderr += text.endsWith('\n') ? text : `${text}\n`),
  });
  return { code, stdout, stderr };
}

export interface SynthesizedProduct {
  readonly stack: SecureProductStack;
  readonly template: Template;
  /** Unacknowledged rule-pack findings (should be none). */
  readonly findings: RuleFinding[];
  /** The raw template JSON. */
  readonly json: any;
}

/**
 * Synthesizes one product of the shipped catalog exactly as the generator does
 * (own app, rule packs on), optionally with a changed catalog.
 */
export function synthProduct(
  ProductClass: new (scope: App, id: string, props: SecureProductStackProps) => SecureProductStack,
  productId: string,
  catalog: Catalog = loadCatalog(REPO_ROOT),
): SynthesizedProduct {
  const product = catalog.products.find((p) => p.id === productId);
  if (!product) throw new Error(`no product ${productId} in the catalog`);
  const app = checkedApp({ outdir: tempDir('sc-product-'), regions: publishedRegions(catalog) });
  const stack = new ProductClass(app, productId, { context: productContext(catalog, product) });
  const assembly = app.synth();
  const json = assembly.getStackArtifact(productId).template;
  return { stack, template: Template.fromJSON(json), findings: readRuleFindings(assembly.directory), json };
}

/** Every acknowledgement written on `stack` or below: [rule id, reason, path of the construct it is on]. */
export function acknowledgementsOf(stack: SecureProductStack): [id: string, reason: string, path: string][] {
  return acknowledgementsIn(stack).map(({ id, reason, acknowledgedAt }) => [id, reason, acknowledgedAt]);
}

/** Every acknowledgement on `stack` names its rule pack (`Pack::Rule`) and gives a reason a reviewer can read; there is at least one. */
export function expectReasonedAcknowledgements(stack: SecureProductStack): void {
  const acknowledged = acknowledgementsOf(stack);
  expect(acknowledged.length).toBeGreaterThan(0);
  for (const [id, reason] of acknowledged) {
    expect(id).toMatch(/^[A-Za-z0-9.-]+::/);
    expect(reason.length).toBeGreaterThan(40);
  }
}

/**
 * Writes a product of a test's own: `products/<folder>/index.ts` under `root`,
 * exporting `<PascalFolder>Product extends SecureProductStack`, whose
 * constructor runs `constructorBody` after `super`. `imports` (name -> module)
 * resolve from this repository, as a temporary root has no node_modules. One
 * line per import, then four, so the body starts at line `imports + 5`:
 * tests that expect a finding at a line of the body count from there.
 */
export function writeProduct(root: string, folder: string, constructorBody: readonly string[], imports: Readonly<Record<string, string>> = {}): void {
  const className = `${folder.replace(/(^|-)([a-z0-9])/g, (_, __, letter: string) => letter.toUpperCase())}Product`;
  const from = (module: string) => (module.startsWith('node:') ? module : `${REPO_ROOT}/node_modules/${module}`);
  writeFiles(root, {
    [`products/${folder}/index.ts`]: [
      ...Object.entries(imports).map(([name, module]) => `import * as ${name} from '${from(module)}';`),
      `import { SecureProductStack } from '${REPO_ROOT}/src/secure/secure-product-stack';`,
      `export class ${className} extends SecureProductStack {`,
      '  constructor(scope: any, id: string, props: any) {',
      '    super(scope, id, props);',
      ...constructorBody,
      '  }',
      '}',
      '',
    ].join('\n'),
  });
}

/**
 * What validate throws for `root` (the manifest, the release rules, then the
 * products' code read without loading aws-cdk-lib when it can be; no
 * synthesis); none: []. Synth's product
 * resolution (loading every class) must report exactly the same: checked here,
 * so every test of validate's diagnostics checks synth's too.
 */
export function validationDiagnostics(root: string): readonly Diagnostic[] {
  const problemsOf = (check: () => void): readonly Diagnostic[] => {
    try {
      check();
    } catch (error) {
      if (ManifestError.is(error)) return error.diagnostics;
      throw error;
    }
    return [];
  };
  const validate = problemsOf(() => {
    const catalog = loadCatalog(root);
    checkReleasedVersions(catalog);
    validateProductCode(catalog);
  });
  const synth = problemsOf(() => {
    const catalog = loadCatalog(root);
    checkReleasedVersions(catalog);
    resolveProductClasses(catalog);
  });
  if (JSON.stringify(validate) !== JSON.stringify(synth)) {
    throw new Error(`validate and synth disagree on ${root}:\nvalidate: ${JSON.stringify(validate)}\nsynth: ${JSON.stringify(synth)}`);
  }
  return validate;
}

/**
 * The 'valid' catalog with its endpoint product replaced by one with an open
 * finding (a notebook with direct internet access, line 6 of its index.ts) and
 * a stale acknowledgement (line 9): what reports must flag.
 */
export function carelessCatalog(): string {
  const careless = catalogRoot('valid');
  const catalog = fs.readFileSync(path.join(careless, 'catalog.yaml'), 'utf8');
  writeFiles(careless, { 'catalog.yaml': catalog.replace('path: sagemaker-endpoint', 'path: careless') });
  writeProduct(
    careless,
    'careless',
    [
      "    new sagemaker.CfnNotebookInstance(this, 'Notebook', {",
      "      instanceType: 'ml.t3.medium', roleArn: 'arn:aws:iam::111111111111:role/x', directInternetAccess: 'Enabled',",
      '    });',
      "    this.acknowledge(this, { id: 'AwsSolutions::AwsSolutions-S1', reason: 'there is no bucket here any more' });",
    ],
    { sagemaker: 'aws-cdk-lib/aws-sagemaker' },
  );
  return careless;
}

/**
 * The catalog facts the catalog stack publishes in `accountId` (src/generator/catalog-facts.ts), by
 * SSM parameter name: what a product's catalog fact parameters resolve to at a launch there (pass as
 * the resolver's `ssmValues`). `accounts` replaces the catalog's accounts (an account added, removed).
 */
export function catalogFactsIn(
  catalog: Pick<Catalog, 'name' | 'accounts'>,
  accountId: string,
  accounts: readonly { readonly id: string; readonly stage?: string }[] = catalog.accounts,
): Record<string, string> {
  const values = catalogFactValues(accounts, accounts.find((account) => account.id === accountId)?.stage);
  return Object.fromEntries((Object.keys(values) as CatalogFactKey[]).map((key) => [catalogFactName(catalog.name, key), values[key]]));
}
