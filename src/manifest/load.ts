/**
 * The only place that reads the manifest files: catalog.yaml + portfolios/*.yaml
 * -> YAML with positions -> JSON Schema -> semantic checks -> Catalog model.
 * Throws one ManifestError carrying every problem found.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TSchema } from '@sinclair/typebox';
import { SEMANTIC_CHECKS } from './checks';
import { publishingModel } from './publishing-model';
import { validateAgainstSchema } from './schema-validation';
import { type Catalog, DEFAULT_SSM_PREFIX, type Portfolio, type Product } from '../model/catalog';
import { dataScienceEnvironmentSettings } from '../model/data-science-environment-settings';
import { type Diagnostic, throwIfAny } from '../model/diagnostics';
import { factoryLaunchRolePrefix } from '../model/launch-roles';
import { launchRoleOf, principalPatternsOf, principalRolesOf, sagemakerProjectSettings } from '../model/sagemaker-projects';
import { CatalogSchema, type CatalogManifest, PortfolioLoaderSchema, type PortfolioManifest } from '../model/schema';
import { type ManifestFiles, type ParsedFile } from './checks/types';
import { locatedLater, YamlSource } from './yaml-source';

export const CATALOG_FILE = 'catalog.yaml';
export const PORTFOLIO_DIR = 'portfolios';

/** Reads and validates the catalog rooted at `root`. */
export function loadCatalog(root: string): Catalog {
  const absoluteRoot = path.resolve(root);
  const diagnostics: Diagnostic[] = [];

  // What may run after a stage failed (no cascade: a problem is reported once, where it is):
  // - a file that cannot be read (bytes, YAML, aliases) is not checked against its schema;
  // - the checks across files need a schema-valid catalog.yaml and run on the portfolios
  //   that are schema-valid: each only finds fewer problems when a portfolio is missing,
  //   never a false one, so a maintainer sees reference errors alongside a typo elsewhere;
  // - product code (product-registry.ts) and the release rules (checkReleasedVersions)
  //   run only on a manifest without problems.
  const catalogFile = readManifestFile<CatalogManifest>(absoluteRoot, CATALOG_FILE, CatalogSchema, diagnostics);
  const portfolioFiles = listPortfolioFiles(absoluteRoot).map((file) =>
    readManifestFile<PortfolioManifest>(absoluteRoot, file, PortfolioLoaderSchema, diagnostics),
  );

  if (catalogFile) {
    const files: ManifestFiles = {
      catalog: catalogFile,
      portfolios: portfolioFiles.filter((p): p is ParsedFile<PortfolioManifest> => p !== undefined),
      fileExists: (relative) => fs.existsSync(path.join(absoluteRoot, relative)),
    };
    for (const check of SEMANTIC_CHECKS) diagnostics.push(...check(files));
  }
  throwIfAny(diagnostics);

  return toModel(absoluteRoot, catalogFile!, portfolioFiles as ParsedFile<PortfolioManifest>[]);
}

function listPortfolioFiles(root: string): string[] {
  const dir = path.join(root, PORTFOLIO_DIR);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => `${PORTFOLIO_DIR}/${name}`);
}

function readManifestFile<T>(
  root: string,
  file: string,
  schema: TSchema,
  diagnostics: Diagnostic[],
): ParsedFile<T> | undefined {
  const absolute = path.join(root, file);
  if (!fs.existsSync(absolute)) {
    diagnostics.push({ file, line: 1, col: 1, code: 'FILE_MISSING', message: `${file} not found in ${root}` });
    return undefined;
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(absolute);
  } catch (error) {
    // A folder where the file should be, no permission: the maintainer's to fix, not a bug here.
    const reason = (error as NodeJS.ErrnoException).code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    diagnostics.push({ file, line: 1, col: 1, code: 'FILE_UNREADABLE', message: `${file} ${reason}` });
    return undefined;
  }
  const source = YamlSource.parse(file, bytes);
  if (source.diagnostics.length > 0) {
    diagnostics.push(...source.diagnostics);
    return undefined;
  }
  const data = source.data;
  const problems = validateAgainstSchema(schema, source, data);
  diagnostics.push(...problems);
  return problems.length > 0 ? undefined : { source, data: data as T };
}

function toModel(
  root: string,
  catalogFile: ParsedFile<CatalogManifest>,
  portfolioFiles: readonly ParsedFile<PortfolioManifest>[],
): Catalog {
  const { data, source } = catalogFile;
  const products: Product[] = Object.entries(data.products).map(([id, { path: folder, kind, versions, ...rest }]) => ({
    ...rest,
    id,
    kind: kind ?? 'standard',
    directory: `products/${folder}`,
    versions: versions.map((version, index) => ({
      ...version,
      source: locatedLater(source.file, () => source.locate(['products', id, 'versions', index])),
    })),
    source: locatedLater(source.file, () => source.locateKey(['products'], id)),
  }));

  const portfolios: Portfolio[] = portfolioFiles.map(({ data: portfolio, source: portfolioSource }) => ({
    ...portfolio,
    file: portfolioSource.file,
    accounts: portfolio.accounts ?? [],
    organizationalUnits: portfolio.organizationalUnits ?? [],
    principals: {
      roles: principalRolesOf(data, portfolio),
      rolePatterns: principalPatternsOf(data, portfolio),
    },
    products: portfolio.products.map((product, index) => ({
      ...product,
      launchRole: launchRoleOf(data, product),
      factoryLaunchRolePrefix: factoryLaunchRolePrefix(data.catalog.name, product.id),
      source: locatedLater(portfolioSource.file, () => portfolioSource.locate(['products', index])),
    })),
    tagOptions: portfolio.tagOptions ?? {},
    source: locatedLater(portfolioSource.file, () => portfolioSource.locate(['id'])),
  }));

  return {
    root,
    name: data.catalog.name,
    displayName: data.catalog.displayName ?? data.catalog.name,
    owner: data.catalog.owner,
    supportEmail: data.catalog.supportEmail,
    supportUrl: data.catalog.supportUrl,
    accounts: Object.entries(data.accounts).map(([name, account]) => ({
      ...account,
      name,
      source: locatedLater(source.file, () => source.locateKey(['accounts'], name)),
    })),
    defaults: {
      environmentName: data.defaults.environmentName,
      ssmPrefix: data.defaults.ssmPrefix ?? DEFAULT_SSM_PREFIX,
      tags: data.defaults.tags ?? {},
      dataScienceEnvironment: dataScienceEnvironmentSettings(data.defaults.dataScienceEnvironment),
    },
    products,
    portfolios,
    ...publishingModel(data, source),
    sagemakerProjects: sagemakerProjectSettings(data),
  };
}
