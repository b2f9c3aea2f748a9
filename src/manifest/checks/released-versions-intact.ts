/** A released version's folder still matches its release record: template bytes, record, asset files. */
import type { ReleaseCheck } from './types';
import type { Product, ProductVersion } from '../../model/catalog';
import type { Diagnostic } from '../../model/diagnostics';
import { type FrozenVersion, releasedForOtherProduct } from '../released-versions';

export const releasedVersionsIntact: ReleaseCheck = (catalog, released) =>
  catalog.products.flatMap((product) =>
    product.versions.flatMap((version) => {
      const frozen = released.get(product.id)?.get(version.name);
      return frozen?.problem && releasedForOtherProduct(product, frozen) === undefined ? [frozenVersionTampered(product, version, frozen)] : [];
    }),
  );

/** The diagnostic for a released version whose frozen folder no longer matches its release record. */
export function frozenVersionTampered(product: Product, version: ProductVersion, frozen: FrozenVersion): Diagnostic {
  const remedy = frozen.missingAssets
    ? `Run 'sc-factory release ${product.id} ${version.name}' to put back the assets of the unchanged version, or restore ${frozen.folder} from version control`
    : `Released versions are immutable: restore ${frozen.folder} from version control`;
  return {
    ...version.source,
    code: 'FROZEN_TEMPLATE_TAMPERED',
    message: `product '${product.id}' version '${version.name}' was released, but its frozen files were altered: ${frozen.problem}. ${remedy}`,
  };
}
