/**
 * The shipped catalog's published versions without building any product: every
 * published version is released, so each product's newest frozen template is
 * also what its current code builds (synth proves it byte for byte).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { frozenTemplatePath } from '../../src/generator/frozen-versions';
import { resolveVersionTemplates, type VersionTemplates } from '../../src/generator/versions';
import { type Catalog, newestVersion, sha256 } from '../../src/model';

export function shippedVersions(catalog: Catalog): VersionTemplates {
  const current = new Map(
    catalog.products.map((product) => {
      const templateFile = path.join(catalog.root, frozenTemplatePath(product, newestVersion(product).name));
      const text = fs.readFileSync(templateFile, 'utf8');
      return [product.id, { productId: product.id, templateFile, sha256: sha256(text), template: JSON.parse(text) }];
    }),
  );
  return resolveVersionTemplates(catalog, current);
}
