/**
 * What each product folder exports and declares, and the checks that need it:
 * every product exports exactly one product stack class; what each product
 * needs of the catalog (its contract's catalogRequirements); its checkov
 * acknowledgements each with a reason; the checks across
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
import { frozenTemplatePath, VERSIONS_DIR } from './released-versions';
import { transpileTypeScript } from './typescript-transpile';
import { type Catalog, type Product, PRODUCT_CONTRACT, PRODUCT_ENTRY, type ProductVersion } from '../model/catalog';
import { compileErrorDiagnostic } from '../model/compile-errors';
import { type Diagnostic, echo, throwIfAny } from '../model/diagnostics';
import { invalidCheckovAcknowledgements, isProductStackClass, type ProductContract, unmetCatalogRequirements } from '../model/product-contract';
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
      folder = readFolder(catalog.root, path.join(catalog.root, product.directory), load);
      byFolder.set(product.directory, folder);
    }
    if ('compileError' in folder) {
      diagnostics.push({ ...folder.compileError, message: `product '${product.id}': ${folder.compileError.file} ${folder.compileError.message}` });
    } else if ('problem' in folder) {
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
  // Every checkov acknowledgement carries a reason (src/model/checkov-acknowledgement.ts), at the line declaring it.
  const relative = (file: string) => path.relative(catalog.root, file).split(path.sep).join('/');
  throwIfAny(catalog.products.flatMap((product) => invalidCheckovAcknowledgements(code.get(product.id)?.contract ?? {}, product, relative)));
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

/** A folder's code, or what is wrong with it (relative to the folder, for the message), or where it does not compile. */
type FolderCode = ProductCode | { readonly problem: string } | { readonly compileError: Diagnostic };

function readFolder(root: string, folder: string, load: boolean): FolderCode {
  const hasContract = fs.existsSync(path.join(folder, PRODUCT_CONTRACT));
  // Not loading needs every file of the folder to compile (checked, cached by content, without running it);
  // otherwise the folder is loaded as synth loads it, which reports the error where synth would.
  if (!load && compiles(folder)) {
    const scan = scanProductEntry(path.join(folder, PRODUCT_ENTRY));
    // Conclusive: the one class, and a contract that is contract.ts's (re-exported) or none at all.
    if (scan.kind === 'one' && scan.contract === (hasContract ? 'reexported' : 'none')) {
      return hasContract ? loadContract(folder, root) : { contract: {} };
    }
    if (scan.kind === 'one' && hasContract && scan.contract === 'none') return loadContract(folder, root);
  }
  const found = loadProductClass(root, folder);
  if (typeof found === 'string') return { problem: found };
  if (typeof found === 'object' && found !== null && 'compileError' in found) return found as { compileError: Diagnostic };
  if (!hasContract) return { productClass: found, contract: found as ProductContract };
  const contract = loadContract(folder, root);
  if (!('contract' in contract)) return contract;
  // The class re-exports its contract.ts; a class declaring something else would make validate and synth disagree.
  for (const key of ['ssmParameters', 'catalogRequirements', 'checkovAcknowledgements'] as const) {
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

type ContractOrProblem = { readonly contract: ProductContract } | { readonly problem: string } | { readonly compileError: Diagnostic };

function loadContract(folder: string, root: string): ContractOrProblem {
  let exports: ProductContract;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exports = require(path.join(folder, path.basename(PRODUCT_CONTRACT, '.ts'))) as ProductContract;
  } catch (error) {
    const compileError = compileErrorDiagnostic(error, root);
    if (compileError) return { compileError };
    return { problem: `${PRODUCT_CONTRACT} failed to load: ${echo(String((error as Error)?.message).split('\n')[0], 200)}` };
  }
  return {
    contract: {
      ssmParameters: exports.ssmParameters,
      catalogRequirements: exports.catalogRequirements,
      checkovAcknowledgements: exports.checkovAcknowledgements,
    },
  };
}

/** Whether every TypeScript file of the folder compiles (versions/ and node_modules/ aside). */
function compiles(folder: string): boolean {
  const files = fs.readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .filter((file) => !path.relative(folder, file).split(path.sep).some((part) => part === VERSIONS_DIR || part === 'node_modules'));
  try {
    for (const file of files) transpileTypeScript(fs.readFileSync(file, 'utf8'), file);
    return true;
  } catch {
    return false;
  }
}

/**
 * The exported product stack class, or why there is none (the message after
 * `products/<path>/`), or a compile error at its place in the product's code.
 */
function loadProductClass(root: string, folder: string): unknown {
  let exports: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exports = require(path.join(folder, path.basename(PRODUCT_ENTRY, '.ts'))) as Record<string, unknown>;
  } catch (error) {
    const compileError = compileErrorDiagnostic(error, root);
    if (compileError) return { compileError };
    return `${PRODUCT_ENTRY} failed to load: ${echo(String((error as Error)?.message).split('\n')[0], 200)}`;
  }
  const classes = Object.entries(exports).filter(([, value]) => isProductStackClass(value));
  if (classes.length === 1) return classes[0][1];
  if (classes.length === 0) return `${PRODUCT_ENTRY} exports no product stack; export a class extending SecureProductStack (src/secure)`;
  return `${PRODUCT_ENTRY} exports ${classes.length} product stacks (${classes.map(([name]) => name).join(', ')}); export exactly one`;
}
