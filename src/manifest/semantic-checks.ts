/**
 * Checks the schema cannot express: references between files, uniqueness across
 * files, product folders. One small pure function per check, all in one list.
 */
import { type Diagnostic, didYouMean } from './diagnostics';
import type { Catalog } from './model';
import { organizationSsmInputs, type ProductSsmUses } from './organization-checks';
import { PUBLISHING_CHECKS } from './publishing-checks';
import { studioExecutionRolesNamed } from './sagemaker-projects';
import type { CatalogManifest, PortfolioManifest } from './schema';
import type { YamlSource } from './yaml-source';

export interface ParsedFile<T> {
  readonly source: YamlSource;
  readonly data: T;
}

/** Everything the checks look at: parsed, schema-valid files and a way to probe the product folders. */
export interface ManifestFiles {
  readonly catalog: ParsedFile<CatalogManifest>;
  readonly portfolios: readonly ParsedFile<PortfolioManifest>[];
  /** Whether a file exists, relative to the catalog root. */
  readonly fileExists: (relativePath: string) => boolean;
}

export type SemanticCheck = (files: ManifestFiles) => Diagnostic[];

/** The entry file every product folder must have. */
export const PRODUCT_ENTRY = 'index.ts';

export const unknownProducts: SemanticCheck = ({ catalog, portfolios }) => {
  const known = Object.keys(catalog.data.products);
  return portfolios.flatMap(({ source, data }) =>
    data.products.flatMap((product, index) =>
      known.includes(product.id)
        ? []
        : [{
          ...source.locate(['products', index, 'id']),
          code: 'UNKNOWN_PRODUCT' as const,
          message: `unknown product '${product.id}'${didYouMean(product.id, known) || `; products in catalog.yaml: ${known.join(', ')}`}`,
        }],
    ),
  );
};

export const unknownAccounts: SemanticCheck = ({ catalog, portfolios }) => {
  const known = Object.keys(catalog.data.accounts);
  return portfolios.flatMap(({ source, data }) =>
    (data.accounts ?? []).flatMap((account, index) =>
      known.includes(account)
        ? []
        : [{
          ...source.locate(['accounts', index]),
          code: 'UNKNOWN_ACCOUNT' as const,
          message: `unknown account '${account}'${didYouMean(account, known) || `; accounts in catalog.yaml: ${known.join(', ')}`}`,
        }],
    ),
  );
};

export const duplicatePortfolioIds: SemanticCheck = ({ portfolios }) => {
  const firstFile = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const { source, data } of portfolios) {
    const first = firstFile.get(data.id);
    if (first === undefined) {
      firstFile.set(data.id, source.file);
    } else {
      diagnostics.push({
        ...source.locate(['id']),
        code: 'DUPLICATE_PORTFOLIO_ID',
        message: `portfolio id '${data.id}' is already used by ${first}; portfolio ids must be unique`,
      });
    }
  }
  return diagnostics;
};

export const duplicateProductsInPortfolio: SemanticCheck = ({ portfolios }) =>
  portfolios.flatMap(({ source, data }) =>
    data.products.flatMap((product, index) => {
      const first = data.products.findIndex((p) => p.id === product.id);
      return first === index
        ? []
        : [{
          ...source.locate(['products', index, 'id']),
          code: 'DUPLICATE_PRODUCT_IN_PORTFOLIO' as const,
          message: `product '${product.id}' is listed twice in this portfolio (first as products[${first}])`,
        }];
    }),
  );

export const duplicateVersions: SemanticCheck = ({ catalog }) =>
  Object.entries(catalog.data.products).flatMap(([id, product]) =>
    product.versions.flatMap((version, index) => {
      const first = product.versions.findIndex((v) => v.name === version.name);
      return first === index
        ? []
        : [{
          ...catalog.source.locate(['products', id, 'versions', index, 'name']),
          code: 'DUPLICATE_VERSION' as const,
          message: `version '${version.name}' of product '${id}' is listed twice (first as versions[${first}]); version names must be unique`,
        }];
    }),
  );

export const duplicateAccountIds: SemanticCheck = ({ catalog }) => {
  const byId = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const [name, account] of Object.entries(catalog.data.accounts)) {
    const first = byId.get(account.id);
    if (first === undefined) {
      byId.set(account.id, name);
    } else {
      diagnostics.push({
        ...catalog.source.locate(['accounts', name, 'id']),
        code: 'DUPLICATE_ACCOUNT_ID',
        message: `account id ${account.id} is already used by account '${first}'; give each account one name`,
      });
    }
  }
  return diagnostics;
};

export const productFolders: SemanticCheck = ({ catalog, fileExists }) =>
  Object.entries(catalog.data.products).flatMap(([id, product]) =>
    fileExists(`products/${product.path}/${PRODUCT_ENTRY}`)
      ? []
      : [{
        ...catalog.source.locate(['products', id, 'path']),
        code: 'PRODUCT_FOLDER_MISSING' as const,
        message: `product '${id}': products/${product.path}/${PRODUCT_ENTRY} does not exist; create the folder with an ${PRODUCT_ENTRY} exporting the product stack class, or fix 'path'`,
      }],
  );

/** The newest version is the one built from the current code, so it cannot be the one withdrawn. */
export const newestVersionNotRemoved: SemanticCheck = ({ catalog }) =>
  Object.entries(catalog.data.products).flatMap(([id, product]) => {
    const index = product.versions.length - 1;
    const newest = product.versions[index];
    return newest.status !== 'removed'
      ? []
      : [{
        ...catalog.source.locate(['products', id, 'versions', index, 'status']),
        code: 'NEWEST_VERSION_REMOVED' as const,
        message:
          `version '${newest.name}' of product '${id}' is the newest (built from the current code) and cannot be removed; ` +
          "mark it 'inactive', or add a newer version after it",
      }];
  });

export const SEMANTIC_CHECKS: readonly SemanticCheck[] = [
  unknownProducts,
  unknownAccounts,
  duplicatePortfolioIds,
  duplicateProductsInPortfolio,
  duplicateVersions,
  newestVersionNotRemoved,
  duplicateAccountIds,
  productFolders,
  studioExecutionRolesNamed,
  ...PUBLISHING_CHECKS,
];

/**
 * Checks that need what product code declares (the SSM parameters each product
 * reads and publishes): run once the product classes are loaded
 * (product-registry.ts, so by validate and synth), and again at synth on the
 * synthesized templates (organization-member-template.ts).
 */
export type ProductCheck = (catalog: Catalog, ssm: ProductSsmUses) => Diagnostic[];

export const PRODUCT_CHECKS: readonly ProductCheck[] = [organizationSsmInputs];
