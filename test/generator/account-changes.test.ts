/**
 * Catalog facts reach products as parameters, never baked in (issue 11, item 1). In a copy of the
 * shipped catalog, an account is added (one of each stage, and one without a stage), one is
 * replaced (the staging account removed, another added), one is renamed: each time synth succeeds
 * (no released version is refused), every product template it writes is byte-identical to the
 * unchanged catalog's (the newest released versions still rebuild identically, and the released
 * templates are served from their frozen files), and only catalog stacks differ: their SSM
 * parameters under /<catalog>/catalog/ carry the new account lists.
 *
 * And the other half: a product that embeds another product's template (the deploy project
 * carries the endpoint's) says so, and a changed embedded template is reported by product and
 * version, not as a difference inside an encoded string.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PRODUCTS_ASSEMBLY_DIR, synthesizeCatalog, type SynthesizedCatalog } from '../../src/generator/catalog-app';
import { CatalogFacts } from '../../src/generator/catalog-facts';
import { embeddedTemplateChange } from '../../src/generator/embedded-templates';
import { readFrozenVersion } from '../../src/generator/frozen-versions';
import { embedsOf, resolveProductClasses } from '../../src/generator/product-registry';
import { changedReleasedVersion } from '../../src/generator/versions';
import { loadCatalog } from '../../src/manifest';
import { catalogFactName, findProduct } from '../../src/model';
import { catalogRoot, REPO_ROOT, tempDir } from '../helpers';

/** Relative path -> bytes, of every file under `dir`. */
function filesOf(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const file of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const full = path.join(dir, file);
    if (fs.statSync(full).isFile()) files.set(file, fs.readFileSync(full));
  }
  return files;
}

/** A copy of the shipped catalog (its products, released versions included, linked), with `edit` applied to its YAML files. */
function shippedCatalogWith(edit: (files: CatalogFiles) => void): string {
  const root = catalogRoot('repo');
  const files = {
    catalog: fs.readFileSync(path.join(root, 'catalog.yaml'), 'utf8'),
    portfolios: new Map(fs.readdirSync(path.join(root, 'portfolios')).map((name) => [name, fs.readFileSync(path.join(root, 'portfolios', name), 'utf8')])),
  };
  edit(files);
  fs.writeFileSync(path.join(root, 'catalog.yaml'), files.catalog);
  for (const [name, text] of files.portfolios) fs.writeFileSync(path.join(root, 'portfolios', name), text);
  return root;
}

type CatalogFiles = { catalog: string; portfolios: Map<string, string> };

/** Adds accounts after `prod`'s entry and, with `publish`, publishes to each the portfolios published to the shipped account of its stage. */
function addAccounts(files: CatalogFiles, accounts: readonly { name: string; id: string; stage?: string }[], options = { publish: true }): void {
  const yaml = accounts
    .map((a) => `  ${a.name}:\n    id: "${a.id}"\n    regions: [eu-west-1]\n${a.stage ? `    stage: ${a.stage}\n` : ''}    description: Added by the test\n`)
    .join('');
  files.catalog = files.catalog.replace(/(  prod:\n(?: {4}.*\n)+)/, `$1${yaml}`);
  // An account without a stage is not published to (like the tooling account): validate requires a stage for that.
  if (!options.publish) return;
  for (const [name, text] of files.portfolios) {
    let updated = text;
    for (const account of accounts) {
      const like = account.stage === 'dev' ? 'dev' : account.stage!;
      // A portfolio published to the account of the same stage is published to the new one too.
      updated = updated.replace(/^accounts: \[(.*)\]$/m, (line, list: string) => (list.split(', ').includes(like) ? `accounts: [${list}, ${account.name}]` : line));
    }
    files.portfolios.set(name, updated);
  }
}

const synthesized = new Map<string, SynthesizedCatalog>();
function synth(name: string, root: string): SynthesizedCatalog {
  const result = synthesizeCatalog({ root, outdir: path.join(tempDir(), 'cdk.out') });
  synthesized.set(name, result);
  return result;
}

/** Files of the two assemblies that differ (or exist in one only). */
function differingFiles(a: SynthesizedCatalog, b: SynthesizedCatalog): string[] {
  const before = filesOf(a.outdir);
  const after = filesOf(b.outdir);
  return [...new Set([...before.keys(), ...after.keys()])].filter((file) => !before.get(file)?.equals(after.get(file) ?? Buffer.alloc(0))).sort();
}

/** Product templates: the products' own assembly, and the template files catalog stacks publish (assets). */
function isProductFile(file: string): boolean {
  return file.startsWith(`${PRODUCTS_ASSEMBLY_DIR}/`) || /^asset\.[0-9a-f]{64}/.test(file);
}

/**
 * A file of a catalog stack (template, asset manifest, metadata), of the publishing pipeline that deploys the
 * catalog stacks (its own template embeds theirs), or the assembly's bookkeeping.
 */
function isCatalogOrPublishingFile(file: string, stacks: readonly string[]): boolean {
  if (['manifest.json', 'tree.json', 'cdk.out', 'validation-report.json'].includes(file)) return true;
  if (/^(Pipeline|assembly-Pipeline-|buildspec-[0-9a-f]+-FileAsset\.yaml$)/.test(file)) return true;
  return stacks.includes(file.replace(/\.(template|assets|metadata)\.json$/, ''));
}

const VARIANTS = {
  'an account of each stage, and one without a stage, added': (files: CatalogFiles) => {
    addAccounts(files, [
      { name: 'analytics', id: '555555555555', stage: 'dev' },
      { name: 'staging2', id: '666666666666', stage: 'staging' },
      { name: 'prod2', id: '777777777777', stage: 'prod' },
    ]);
    addAccounts(files, [{ name: 'sandbox', id: '888888888888' }], { publish: false });
  },
  'the staging account replaced (one removed, another added)': (files: CatalogFiles) => {
    files.catalog = files.catalog.replace('id: "222222222222"', 'id: "999999999999"');
  },
  'the prod account renamed': (files: CatalogFiles) => {
    files.catalog = files.catalog.replace(/^ {2}prod:$/m, '  production:');
    for (const [name, text] of files.portfolios) files.portfolios.set(name, text.replace(/^accounts: \[(.*)\]$/m, (_, list: string) => `accounts: [${list.split(', ').map((a) => (a === 'prod' ? 'production' : a)).join(', ')}]`));
  },
};

describe('adding, removing or renaming an account changes catalog stacks only', () => {
  let shipped: SynthesizedCatalog;
  beforeAll(() => {
    shipped = synth('shipped', catalogRoot('repo'));
  }, 600_000);

  describe.each(Object.entries(VARIANTS))('%s', (name, edit) => {
    let changed: SynthesizedCatalog;
    beforeAll(() => {
      changed = synth(name, shippedCatalogWith(edit));
    }, 600_000);

    test('synth succeeds and every product version is served from the same bytes', () => {
      for (const [productId, versions] of shipped.versions) {
        const after = changed.versions.get(productId)!;
        expect(after.map((v) => `${v.version.name}:${v.origin}:${v.sha256}`)).toEqual(versions.map((v) => `${v.version.name}:${v.origin}:${v.sha256}`));
      }
      // The released versions are the frozen files of products/<id>/versions/, whatever the accounts.
      const released = [...changed.versions.values()].flat().filter((v) => v.origin === 'released');
      expect(released.length).toBeGreaterThan(15);
      for (const version of released) {
        const frozen = readFrozenVersion(changed.catalog.root, findProduct(changed.catalog, version.productId)!, version.version.name)!;
        expect([version.productId, version.version.name, version.sha256]).toEqual([version.productId, version.version.name, frozen.sha256]);
      }
    });

    test('only catalog stacks differ (and the pipeline deploying them); the product templates are byte-identical', () => {
      const stacks = [...shipped.stacks, ...changed.stacks].map((stack) => stack.id);
      const differing = differingFiles(shipped, changed);
      expect(differing.filter(isProductFile)).toEqual([]);
      expect(differing.filter((file) => !isCatalogOrPublishingFile(file, stacks))).toEqual([]);
      // The product files are there to compare: the products' assembly and one template file per published version.
      expect(filesOf(changed.outdir).has(`${PRODUCTS_ASSEMBLY_DIR}/sagemaker-project-deploy.template.json`)).toBe(true);
      // Something did change: the catalog facts of the catalog stacks.
      expect(differing.some((file) => file.endsWith('.template.json'))).toBe(true);
    });

    test('the catalog stacks publish the changed account lists as catalog facts', () => {
      const facts = (result: SynthesizedCatalog) =>
        result.stacks.map((stack) => {
          const template = JSON.parse(fs.readFileSync(stack.templateFile, 'utf8'));
          return Object.fromEntries(
            Object.entries<any>(template.Resources)
              .filter(([id, r]) => r.Type === 'AWS::SSM::Parameter' && id.startsWith(CatalogFacts.ID))
              .map(([, r]) => [r.Properties.Name, r.Properties.Value]),
          );
        });
      const after = facts(changed);
      expect(after.length).toBe(changed.stacks.length);
      const factName = (key: 'devAccounts' | 'stagingAccounts' | 'prodAccounts') => catalogFactName(changed.catalog.name, key);
      const expected = (stage: string) => changed.catalog.accounts.filter((a) => a.stage === stage).map((a) => a.id).join(',');
      for (const published of after) {
        const lists = [published[factName('devAccounts')], published[factName('stagingAccounts')], published[factName('prodAccounts')]];
        expect(lists).toEqual([expected('dev'), expected('staging'), expected('prod')]);
      }
    });
  });

  test('the variants really changed the accounts (the comparisons above could fail)', () => {
    const ids = (key: string) => synthesized.get(key)!.catalog.accounts.map((a) => `${a.name}:${a.id}:${a.stage ?? '-'}`);
    expect(ids('an account of each stage, and one without a stage, added')).toEqual(expect.arrayContaining(['analytics:555555555555:dev', 'sandbox:888888888888:-']));
    expect(ids('the staging account replaced (one removed, another added)')).not.toContain('staging:222222222222:staging');
    expect(synthesized.get('the prod account renamed')!.stacks.map((s) => s.id)).toContain('production-eu-west-1');
  });
});

describe('a product that embeds another product\'s template', () => {
  const catalog = loadCatalog(REPO_ROOT);
  const embeds = embedsOf(resolveProductClasses(catalog));
  const endpoint = findProduct(catalog, 'sagemaker-endpoint')!;
  const endpointSha = (version: string) => readFrozenVersion(catalog.root, endpoint, version)!.sha256;

  test('says so in its contract: the deploy project carries the endpoint\'s template, recorded in an output', () => {
    expect(embeds.get('sagemaker-project-deploy')).toEqual([{ productId: 'sagemaker-endpoint', sha256Output: 'EndpointTemplateSha256' }]);
    expect([...embeds].filter(([, list]) => list.length > 0).map(([id]) => id)).toEqual(['sagemaker-project-deploy']);
  });

  test('a released version whose embedded template changed is reported by the embedded product and its versions', () => {
    const deploy = findProduct(catalog, 'sagemaker-project-deploy')!;
    const released = readFrozenVersion(catalog.root, deploy, '3.0.0')!;
    const template = JSON.parse(fs.readFileSync(released.templateFile, 'utf8'));
    // The released 3.0.0 carries endpoint 2.0.0; pretend the current code carried 1.0.0's template instead.
    expect(template.Outputs.EndpointTemplateSha256.Value).toBe(endpointSha('2.0.0'));
    const current = JSON.parse(JSON.stringify(template));
    current.Outputs.EndpointTemplateSha256.Value = endpointSha('1.0.0');
    expect(embeddedTemplateChange(catalog, embeds.get(deploy.id)!, template, current)).toEqual({
      productId: 'sagemaker-endpoint',
      released: "version '2.0.0'",
      current: "version '1.0.0'",
    });
    // Through the release check, as synth and release run it.
    const file = path.join(tempDir(), 'current.json');
    fs.writeFileSync(file, JSON.stringify(current));
    const version = deploy.versions.find((v) => v.name === '3.0.0')!;
    const diagnostic = changedReleasedVersion(deploy, version, released, file, { catalog, embeds: embeds.get(deploy.id)! })!;
    expect(diagnostic.code).toBe('RELEASED_VERSION_CHANGED');
    expect(diagnostic.message).toContain("it embeds the template of product 'sagemaker-endpoint', version '2.0.0' in the released template and version '1.0.0' in the current code");
    // Without the declaration, only a difference inside the template is found.
    expect(changedReleasedVersion(deploy, version, released, file)!.message).not.toContain('sagemaker-endpoint');
  });

  test('an embedded template no version has is told as such', () => {
    const change = embeddedTemplateChange(catalog, embeds.get('sagemaker-project-deploy')!,
      { Outputs: { EndpointTemplateSha256: { Value: endpointSha('2.0.0') } } },
      { Outputs: { EndpointTemplateSha256: { Value: 'f'.repeat(64) } } });
    expect(change).toEqual({ productId: 'sagemaker-endpoint', released: "version '2.0.0'", current: expect.stringMatching(/^a template of sha256 ffffffffffff… that no released version has$/) });
  });
});
