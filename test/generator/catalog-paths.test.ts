/** Source locations are shown as the maintainer sees them in the catalog, through linked product folders. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalogRelativePath } from '../../src/generator/catalog-paths';
import { tempDir } from '../helpers';

describe('catalogRelativePath', () => {
  const elsewhere = fs.realpathSync(tempDir());
  fs.mkdirSync(path.join(elsewhere, 'endpoint'));
  fs.writeFileSync(path.join(elsewhere, 'endpoint', 'index.ts'), '');

  test('a file of the catalog itself', () => {
    const root = fs.realpathSync(tempDir());
    expect(catalogRelativePath(root, path.join(root, 'products', 'x', 'index.ts'))).toBe('products/x/index.ts');
  });

  test('through a linked product folder', () => {
    const root = fs.realpathSync(tempDir());
    fs.mkdirSync(path.join(root, 'products'));
    fs.symlinkSync(path.join(elsewhere, 'endpoint'), path.join(root, 'products', 'sagemaker-endpoint'));
    expect(catalogRelativePath(root, path.join(elsewhere, 'endpoint', 'index.ts'))).toBe('products/sagemaker-endpoint/index.ts');
  });

  test('through a linked file inside a product folder', () => {
    const root = fs.realpathSync(tempDir());
    fs.mkdirSync(path.join(root, 'products', 'sagemaker-endpoint'), { recursive: true });
    fs.symlinkSync(path.join(elsewhere, 'endpoint', 'index.ts'), path.join(root, 'products', 'sagemaker-endpoint', 'index.ts'));
    expect(catalogRelativePath(root, path.join(elsewhere, 'endpoint', 'index.ts'))).toBe('products/sagemaker-endpoint/index.ts');
  });

  test('through a linked products/ folder', () => {
    const root = fs.realpathSync(tempDir());
    fs.symlinkSync(elsewhere, path.join(root, 'products'));
    expect(catalogRelativePath(root, path.join(elsewhere, 'endpoint', 'index.ts'))).toBe('products/endpoint/index.ts');
  });
});
