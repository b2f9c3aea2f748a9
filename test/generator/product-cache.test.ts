/**
 * The product cache's key and its entries, without synthesizing: the key moves
 * with every input a product template depends on and with nothing else, and an
 * entry that is damaged in any way is dropped, never served. (That a cached or
 * parallel synth gives the bytes of a serial uncached one is proved by
 * test/publish/determinism.test.ts.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { productKey, readCachedPiece, writeCachedPiece } from '../../src/generator/product-cache';
import type { ProductPiece } from '../../src/generator/product-pieces';
import { synthWorkers } from '../../src/generator/product-templates';
import { loadCatalog } from '../../src/manifest';
import { catalogRoot, tempDir } from '../helpers';

/** A catalog copy whose sagemaker-endpoint folder is a real copy (editable), not a link to the repository's. */
function editableCatalog(): { root: string; product: string } {
  const root = catalogRoot('valid');
  const product = path.join(root, 'products', 'sagemaker-endpoint');
  const files = tempDir();
  fs.cpSync(product, files, { recursive: true, dereference: true });
  fs.rmSync(product, { recursive: true });
  fs.renameSync(files, product);
  return { root, product };
}

const keyOf = (root: string) => {
  const catalog = loadCatalog(root);
  return productKey(catalog, catalog.products.find((p) => p.id === 'sagemaker-endpoint')!);
};

describe('the product cache key', () => {
  test('is the same for the same inputs, wherever the catalog is', () => {
    expect(keyOf(catalogRoot('valid'))).toBe(keyOf(catalogRoot('valid')));
  });

  test("changes with the product's files, not with its released versions", () => {
    const { root, product } = editableCatalog();
    const before = keyOf(root);
    fs.mkdirSync(path.join(product, 'versions', '9.9.9'), { recursive: true });
    fs.writeFileSync(path.join(product, 'versions', '9.9.9', 'template.json'), '{}');
    expect(keyOf(root)).toBe(before);
    fs.appendFileSync(path.join(product, 'index.ts'), '\n// an edit\n');
    expect(keyOf(root)).not.toBe(before);
  });

  test('changes with a file outside the product folder that its code imports', () => {
    const { root, product } = editableCatalog();
    fs.writeFileSync(path.join(root, 'shared.ts'), 'export const VALUE = 1;\n');
    fs.appendFileSync(path.join(product, 'index.ts'), "\nexport { VALUE } from '../../shared';\n");
    const before = keyOf(root);
    fs.writeFileSync(path.join(root, 'shared.ts'), 'export const VALUE = 2;\n');
    expect(keyOf(root)).not.toBe(before);
  });

  test('changes with the catalog settings the product sees, not with where they are written', () => {
    const root = catalogRoot('valid');
    const before = keyOf(root);
    const file = path.join(root, 'catalog.yaml');
    fs.writeFileSync(file, `# a comment moves every line\n${fs.readFileSync(file, 'utf8')}`);
    expect(keyOf(root)).toBe(before);
    // Account ids are not among them (products read the catalog facts through SSM parameters).
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/id: "(\d{11})\d"/, 'id: "$19"'));
    expect(keyOf(root)).toBe(before);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('environmentName: team-a', 'environmentName: team-b'));
    expect(keyOf(root)).not.toBe(before);
  });
});

describe('cache entries', () => {
  /** A piece with a template and an asset, written into a fresh cache. */
  function stored(): { cache: string; key: string; piece: ProductPiece; entry: string } {
    const source = tempDir();
    fs.writeFileSync(path.join(source, 'p.template.json'), '{"Resources":{}}');
    fs.mkdirSync(path.join(source, 'product-assets', 'abc'), { recursive: true });
    fs.writeFileSync(path.join(source, 'product-assets', 'abc', 'abc.zip'), 'bytes');
    const piece = {
      productId: 'p',
      files: ['p.template.json', 'product-assets/abc/abc.zip'],
      ruleCheck: { id: 'p', openFindings: [], acknowledgements: [] },
      locatedFindings: [],
      plugins: [],
    } as unknown as ProductPiece;
    const cache = tempDir();
    const key = 'f'.repeat(64);
    writeCachedPiece(cache, key, piece, source);
    return { cache, key, piece, entry: path.join(cache, 'products', key) };
  }

  test('an intact entry is served with its files', () => {
    const { cache, key, piece } = stored();
    const read = readCachedPiece(cache, key)!;
    expect(read.piece).toEqual(piece);
    expect(fs.readFileSync(path.join(read.folder, 'product-assets', 'abc', 'abc.zip'), 'utf8')).toBe('bytes');
  });

  test.each([
    ['a file altered', (entry: string) => fs.appendFileSync(path.join(entry, 'files', 'p.template.json'), ' ')],
    ['a file missing', (entry: string) => fs.rmSync(path.join(entry, 'files', 'product-assets'), { recursive: true })],
    ['the piece altered', (entry: string) => fs.writeFileSync(path.join(entry, 'piece.json'), '{"productId":"p","files":[]}')],
    ['the piece unreadable', (entry: string) => fs.writeFileSync(path.join(entry, 'piece.json'), '{')],
    ['no recorded hash', (entry: string) => fs.rmSync(path.join(entry, 'sha256'))],
  ])('an entry with %s is dropped, not served', (_what, damage) => {
    const { cache, key, entry } = stored();
    damage(entry);
    expect(readCachedPiece(cache, key)).toBeUndefined();
    expect(fs.existsSync(entry)).toBe(false);
  });
});

test('threads: as configured, else one per core, else 1 under jest', () => {
  expect(synthWorkers(3, {})).toBe(3);
  expect(synthWorkers(undefined, { SC_FACTORY_SYNTH_WORKERS: '2', JEST_WORKER_ID: '1' })).toBe(2);
  expect(synthWorkers(undefined, { JEST_WORKER_ID: '1' })).toBe(1);
  expect(synthWorkers(undefined, {})).toBeGreaterThanOrEqual(1);
});
