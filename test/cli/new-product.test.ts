/**
 * `new product`: the scaffold passes validate and the rule packs, the YAML
 * files keep every byte they had (only the new entry's lines are added), and a
 * bad or taken id is refused at a position with nothing written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { loadCatalog } from '../../src/manifest';
import { SecureProductStack } from '../../src/secure';
import { catalogRoot, cli, REPO_ROOT, synthProduct } from '../helpers';

/** The valid fixture (one product, one portfolio), with node_modules reachable from its products as in a repository. */
function fixture(): string {
  const root = catalogRoot('valid');
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
  return root;
}

const read = (root: string, file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** `after` is `before` with lines added: every line of before, in order, and those that were added. */
function addedLines(before: string, after: string): string[] {
  const old = before.split('\n');
  const added: string[] = [];
  let i = 0;
  for (const line of after.split('\n')) {
    if (i < old.length && line === old[i]) i++;
    else added.push(line);
  }
  expect(i).toBe(old.length);
  return added;
}

function productClassIn(root: string, id: string): Parameters<typeof synthProduct>[0] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(path.join(root, 'products', id)) as Record<string, unknown>;
  return Object.values(exported).find((value) => SecureProductStack.isProductStackClass(value)) as Parameters<typeof synthProduct>[0];
}

describe('new product', () => {
  test('scaffolds code, README and test, adds the catalog and portfolio entries line by line, passes validate and the rule packs', async () => {
    const root = fixture();
    const catalogBefore = read(root, 'catalog.yaml');
    const portfolioBefore = read(root, 'portfolios/hosting.yaml');

    const result = await cli(root, 'new', 'product', 'feature-flags', '--portfolio', 'hosting');
    expect(result).toMatchObject({ code: 0, stderr: '' });

    expect(addedLines(catalogBefore, read(root, 'catalog.yaml'))).toHaveLength(9);
    expect(parse(read(root, 'catalog.yaml'))).toEqual({
      ...parse(catalogBefore),
      products: {
        ...parse(catalogBefore).products,
        'feature-flags': expect.objectContaining({ path: 'feature-flags', versions: [expect.objectContaining({ name: '1.0.0', status: 'active' })] }),
      },
    });
    expect(addedLines(portfolioBefore, read(root, 'portfolios/hosting.yaml'))).toEqual(['  - id: feature-flags', '    launchRole: SCLaunch-FeatureFlags']);
    for (const file of ['products/feature-flags/index.ts', 'products/feature-flags/README.md', 'test/products/feature-flags.test.ts']) {
      expect([file, fs.existsSync(path.join(root, file))]).toEqual([file, true]);
    }
    // Every relative import of the test resolves (it runs in the repository as test/products/<id>.test.ts).
    const testFile = path.join(root, 'test/products/feature-flags.test.ts');
    for (const [, spec] of read(root, 'test/products/feature-flags.test.ts').matchAll(/from '(\.[^']+)'/g)) {
      expect(() => require.resolve(path.resolve(path.dirname(testFile), spec))).not.toThrow();
    }

    expect(await cli(root, 'validate')).toMatchObject({ code: 0, stdout: expect.stringContaining('2 products') });
    const catalog = loadCatalog(root);
    expect(catalog.portfolios[0].products.map((p) => p.id)).toEqual(['sagemaker-endpoint', 'feature-flags']);
    expect(synthProduct(productClassIn(root, 'feature-flags'), 'feature-flags', catalog).findings).toEqual([]);
  });

  test('--from copies the code of another product but not its released versions, with imports re-pointed', async () => {
    const root = fixture();
    const result = await cli(root, 'new', 'product', 'endpoint-copy', '--from', 'sagemaker-endpoint');
    expect(result).toMatchObject({ code: 0, stderr: '' });

    const folder = path.join(root, 'products/endpoint-copy');
    const source = path.join(REPO_ROOT, 'products/sagemaker-endpoint');
    expect(fs.readdirSync(folder).sort()).toEqual([...fs.readdirSync(source).filter((f) => f !== 'versions'), ...(fs.existsSync(path.join(source, 'README.md')) ? [] : ['README.md'])].sort());
    expect(parse(read(root, 'catalog.yaml')).products['endpoint-copy']).toMatchObject({ path: 'endpoint-copy', displayName: 'Endpoint (copy)', versions: [{ name: '1.0.0' }] });
    // validate loads the copied code: its imports resolve from the new place.
    expect(await cli(root, 'validate')).toMatchObject({ code: 0 });
  });

  test('refuses a taken id at its position in catalog.yaml, and writes nothing', async () => {
    const root = fixture();
    const before = read(root, 'catalog.yaml');
    const result = await cli(root, 'new', 'product', 'sagemaker-endpoint');
    expect(result.code).toBe(1);
    // The existing product's key: catalog.yaml line 16, column 3.
    expect(result.stderr).toMatch(/^catalog\.yaml:16:3: /m);
    expect(read(root, 'catalog.yaml')).toBe(before);
    expect(fs.existsSync(path.join(root, 'test'))).toBe(false);
  });

  test.each([['Feature_Flags'], ['-x'], ['a'.repeat(41)]])('refuses the bad id %s at a position, and writes nothing', async (id) => {
    const root = fixture();
    const result = await cli(root, 'new', 'product', id);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^catalog\.yaml:\d+:\d+: /m);
    expect(fs.readdirSync(path.join(root, 'products')).sort()).toEqual(fs.readdirSync(path.join(REPO_ROOT, 'products')).sort());
  });

  test('refuses an unknown --from or --portfolio', async () => {
    const root = fixture();
    expect((await cli(root, 'new', 'product', 'x-y', '--from', 'sagemaker-endpoints')).code).toBe(1);
    expect((await cli(root, 'new', 'product', 'x-y', '--portfolio', 'nope')).code).toBe(1);
    expect(fs.existsSync(path.join(root, 'products/x-y'))).toBe(false);
  });

  test('when the result would not validate (a bad launch role name), every file is put back', async () => {
    const root = fixture();
    const before = { catalog: read(root, 'catalog.yaml'), portfolio: read(root, 'portfolios/hosting.yaml') };
    const result = await cli(root, 'new', 'product', 'x-y', '--portfolio', 'hosting', '--launch-role', 'not a role!');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^portfolios\/hosting\.yaml:\d+:\d+: /m);
    expect({ catalog: read(root, 'catalog.yaml'), portfolio: read(root, 'portfolios/hosting.yaml') }).toEqual(before);
    expect(fs.existsSync(path.join(root, 'products/x-y'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'test'))).toBe(false);
  });
});
