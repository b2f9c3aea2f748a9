/**
 * What each product folder exports and declares, and the checks that need it:
 * every product exports exactly one product stack class; what each product
 * needs of the catalog (its contract's catalogRequirements); the checks across
 * products (PRODUCT_CHECKS, fed with the SSM parameters each version uses).
 *
 * validate runs these without loading aws-cdk-lib: the entry is scanned
 * (product-entry-scan.ts) and the contract read from the folder's contract.ts
 * (PRODUCT_CONTRACT, model imports only). The entry is loaded, exactly as synth
 * loads it, only when the scan cannot tell or a product without contract.ts
 * declares its contract in the class. synth (src/generator/product-registry.ts)
 * loads every class and reads the same contracts, so both report the same.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PRODUCT_CHECKS } from './checks';
import { scanProductEntry } from './product-entry-scan';
import { type Catalog, frozenTemplatePath, type Product, PRODUCT_CONTRACT, PRODUCT_ENTRY, type ProductVersion } from '../model/catalog';
import { type Diagnostic, throwIfAny } from '../model/diagnostics';
import { isProductStackClass, type ProductContract, unmetCatalogRequirements } from '../model/product-contract';
import { declaredSsmParameterUse, productSsmUses, type SsmParameterUse, ssmParameterUseOfTemplate } from '../model/ssm-parameter-use';

export interface ProductCode {
  /** The exported product stack class, when it was loaded. */
  readonly productClass?: unknown;
  readonly contract: ProductContract;
}

/** Reads every product folder of `catalog` (once per folder); loads each class when `load` (synth), else only when needed. */
export function readProductCode(catalog: Catalog, { load }: { readonly load: boolean }): Map<string, ProductCode> {
  const byFolder = new Map<string, FolderCode>();
  const code = new Map<string, ProductCode>();
  const diagnostics: Diagnostic[] = [];
  for (const product of catalog.products) {
    let folder = byFolder.get(product.directory);
    if (!folder) {
      folder = readFolder(path.join(catalog.root, product.directory), load);
      byFolder.set(product.directory, folder);
    }
    if ('problem' in folder) {
      diagnostics.push({ ...product.source, code: 'PRODUCT_EXPORT_MISSING', message: `product '${product.id}': ${product.directory}/${folder.problem}` });
    } else {
      code.set(product.id, folder);
    }
  }
  throwIfAny(diagnostics);
  return code;
}

/**
 * What each product needs of the catalog, in the product's own words (its
 * contract's catalogRequirements), then the checks across products.
 */
export function checkProductContracts(catalog: Catalog, code: ReadonlyMap<string, ProductCode>): void {
  throwIfAny(catalog.products.flatMap((product) => unmetCatalogRequirements(code.get(product.id)?.contract ?? {}, catalog, product)));
  const ssm = productSsmUses(catalog, (product, version) => declaredOrFrozenSsmUse(catalog, product, version, code));
  throwIfAny(PRODUCT_CHECKS.flatMap((check) => check(catalog, ssm)));
}

/** validate's product checks: readProductCode without loading what it need not, then checkProductContracts. */
export function validateProductCode(catalog: Catalog): void {
  checkProductContracts(catalog, readProductCode(catalog, { load: false }));
}

/** A released version's frozen template says what it uses; an unreleased one is the current code, whose contract declares it. */
function declaredOrFrozenSsmUse(
  catalog: Catalog,
  product: Product,
  version: ProductVersion,
  code: ReadonlyMap<string, ProductCode>,
): SsmParameterUse {
  const frozen = path.join(catalog.root, frozenTemplatePath(product, version.name));
  if (fs.existsSync(frozen)) {
    try {
      return ssmParameterUseOfTemplate(JSON.parse(fs.readFileSync(frozen, 'utf8')), catalog.defaults);
    } catch {
      // An unreadable frozen template is reported by the version checks at synth; judge by the code meanwhile.
    }
  }
  return declaredSsmParameterUse(code.get(product.id)?.contract ?? {});
}

/** A folder's code, or what is wrong with it (relative to the folder, for the message). */
type FolderCode = ProductCode | { readonly problem: string };

function readFolder(folder: string, load: boolean): FolderCode {
  const hasContract = fs.existsSync(path.join(folder, PRODUCT_CONTRACT));
  if (!load) {
    const scan = scanProductEntry(path.join(folder, PRODUCT_ENTRY));
    // Conclusive: the one class, and a contract that is contract.ts's (re-exported) or none at all.
    if (scan.kind === 'one' && scan.contract === (hasContract ? 'reexported' : 'none')) {
      return hasContract ? loadContract(folder) : { contract: {} };
    }
    if (scan.kind === 'one' && hasContract && scan.contract === 'none') return loadContract(folder);
  }
  const found = loadProductClass(folder);
  if (typeof found === 'string') return { problem: found };
  if (!hasContract) return { productClass: found, contract: found as ProductContract };
  const contract = loadContract(folder);
  if ('problem' in contract) return contract;
  // The class re-exports its contract.ts; a class declaring something else would make validate and synth disagree.
  for (const key of ['ssmParameters', 'catalogRequirements'] as const) {
    const declared = (found as ProductContract)[key];
    if (declared !== undefined && declared !== contract.contract[key]) {
      return {
        problem: `${PRODUCT_ENTRY} declares its own ${key}, not the one of ${PRODUCT_CONTRACT}; ` +
          `declare it in ${PRODUCT_CONTRACT} and re-export it (static readonly ${key} = contract.${key})`,
      };
    }
  }
  return { productClass: found, contract: contract.contract };
}

function loadContract(folder: string): { readonly contract: ProductContract } | { readonly problem: string } {
  let exports: ProductContract;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exports = require(path.join(folder, path.basename(PRODUCT_CONTRACT, '.ts'))) as ProductContract;
  } catch (error) {
    return { problem: `${PRODUCT_CONTRACT} failed to load: ${(error as Error).message.split('\n')[0]}` };
  }
  return { contract: { ssmParameters: exports.ssmParameters, catalogRequirements: exports.catalogRequirements } };
}

/** The exported product stack class, or why there is none (the message after `products/<path>/`). */
function loadProductClass(folder: string): unknown {
  let exports: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exports = require(path.join(folder, path.basename(PRODUCT_ENTRY, '.ts'))) as Record<string, unknown>;
  } catch (error) {
    return `${PRODUCT_ENTRY} failed to load: ${(error as Error).message.split('\n')[0]}`;
  }
  const classes = Object.entries(exports).filter(([, value]) => isProductStackClass(value));
  if (classes.length === 1) return classes[0][1];
  if (classes.length === 0) return `${PRODUCT_ENTRY} exports no product stack; export a class extending SecureProductStack (src/secure)`;
  return `${PRODUCT_ENTRY} exports ${classes.length} product stacks (${classes.map(([name]) => name).join(', ')}); export exactly one`;
}
