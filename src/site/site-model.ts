/**
 * Everything the catalog site shows, as plain data, built from what synth
 * builds: the Catalog model, the version templates synth resolved (released
 * versions: their frozen template.json; the newest: the template built from
 * the current code), and the rule-pack results of that same synthesis
 * (security-report.ts). No page reads anything else.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ControlTable } from './controls';
import { type LaunchForm, launchFormOf } from './launch-form';
import { type NetworkSketch, networkSketchOf } from './network-sketch';
import { summarizeTemplate, type TemplateSummary } from './template-summary';
import { templateChanges, type TemplateChanges } from './version-history';
import { readFrozenVersion } from '../generator/frozen-versions';
import type { ProductSecurityReport, SecurityReport } from '../generator/security-report';
import type { VersionTemplates } from '../generator/versions';
import { type Catalog, catalogTargets, type Product } from '../model/catalog';
import { launchRoleNameIn } from '../model/launch-roles';

export interface MatrixColumn {
  readonly kind: 'account' | 'organizational-unit';
  readonly name: string;
  readonly id?: string;
  readonly stage?: string;
  readonly regions: readonly string[];
  readonly description?: string;
}

export interface MatrixRow {
  readonly portfolioId: string;
  readonly displayName: string;
  readonly description?: string;
  readonly file: string;
  readonly products: readonly { readonly id: string; readonly launchRole: string }[];
  /** Per column: published there or not. */
  readonly cells: readonly boolean[];
}

export interface VersionEntry {
  readonly name: string;
  readonly status: string;
  readonly description: string;
  /** released: a frozen template.json; current: built from today's code; withdrawn: status removed (frozen, not published). */
  readonly origin: 'released' | 'current' | 'withdrawn';
  /** sha256 of the template's bytes (for released versions, the one release.json recorded). */
  readonly sha256?: string;
  readonly releasedAt?: string;
  /** The template file, relative to the catalog root (released), or where synth wrote it. */
  readonly template: string;
}

export interface HistoryEntry {
  readonly version: VersionEntry;
  /** The version it is compared with; undefined for the first. */
  readonly previous?: string;
  readonly changes?: TemplateChanges;
}

export interface ProductPage {
  readonly product: Product;
  /** Oldest first. */
  readonly versions: readonly VersionEntry[];
  /** The newest published version: its template is the launch form and what the product creates. */
  readonly current?: VersionEntry;
  readonly launchForm?: LaunchForm;
  readonly summary?: TemplateSummary;
  /** Its network, when it creates a VPC. */
  readonly network?: NetworkSketch;
  readonly portfolios: readonly { readonly id: string; readonly displayName: string; readonly launchRole: string }[];
  /** `account (id) region` per catalog stack publishing it, then organizational units. */
  readonly publishedTo: readonly string[];
  /** Newest first. */
  readonly history: readonly HistoryEntry[];
  readonly security?: ProductSecurityReport;
}

export interface SiteModel {
  readonly catalog: Catalog;
  readonly matrix: { readonly columns: readonly MatrixColumn[]; readonly rows: readonly MatrixRow[] };
  readonly products: readonly ProductPage[];
  readonly security: SecurityReport;
  readonly controls: readonly ControlTable[];
}

export interface SiteInput {
  readonly catalog: Catalog;
  readonly versions: VersionTemplates;
  readonly security: SecurityReport;
  readonly controls: readonly ControlTable[];
}

export function siteModel(input: SiteInput): SiteModel {
  const { catalog } = input;
  return {
    catalog,
    matrix: publishingMatrix(catalog),
    products: catalog.products.map((product) => productPage(input, product)),
    security: input.security,
    controls: input.controls,
  };
}

function publishingMatrix(catalog: Catalog): SiteModel['matrix'] {
  const units = [...new Set(catalog.portfolios.flatMap((p) => p.organizationalUnits))];
  const columns: MatrixColumn[] = [
    ...catalog.accounts.map((a) => ({ kind: 'account' as const, name: a.name, id: a.id, stage: a.stage, regions: a.regions, description: a.description })),
    ...units.map((unit) => ({ kind: 'organizational-unit' as const, name: unit, regions: catalog.organization?.regions ?? [] })),
  ];
  const rows = catalog.portfolios.map((p) => ({
    portfolioId: p.id,
    displayName: p.displayName,
    description: p.description,
    file: p.file,
    products: p.products.map((pp) => ({ id: pp.id, launchRole: launchRoleNameIn(pp, REGION_PLACEHOLDER) })),
    cells: columns.map((c) => (c.kind === 'account' ? p.accounts.includes(c.name) : p.organizationalUnits.includes(c.name))),
  }));
  return { columns, rows };
}

function productPage(input: SiteInput, product: Product): ProductPage {
  const { catalog } = input;
  const published = input.versions.get(product.id) ?? [];
  const templates = new Map<string, any>();
  const versions: VersionEntry[] = product.versions.map((version) => {
    const built = published.find((v) => v.version.name === version.name);
    const frozen = readFrozenVersion(catalog.root, product, version.name);
    const file = built?.templateFile ?? frozen?.templateFile;
    if (file && fs.existsSync(file)) templates.set(version.name, JSON.parse(fs.readFileSync(file, 'utf8')));
    return {
      name: version.name,
      status: version.status,
      description: version.description,
      origin: version.status === 'removed' ? 'withdrawn' : built?.origin ?? 'released',
      sha256: built?.sha256 ?? frozen?.record?.sha256,
      releasedAt: frozen?.record?.releasedAt,
      template: built?.origin === 'current' ? `${product.directory} (built from the current code)` : frozen?.folder ? `${frozen.folder}/template.json` : '',
    };
  });
  const current = [...versions].reverse().find((v) => v.origin !== 'withdrawn');
  const currentTemplate = current && templates.get(current.name);

  const portfolios = catalog.portfolios.flatMap((p) =>
    p.products
      .filter((pp) => pp.id === product.id)
      .map((pp) => ({ id: p.id, displayName: p.displayName, launchRole: launchRoleNameIn(pp, REGION_PLACEHOLDER) })),
  );
  const publishedTo = [
    ...catalogTargets(catalog)
      .filter((t) => t.products.some((p) => p.id === product.id))
      .map((t) => `${t.account.name} (${t.account.id}) ${t.region}`),
    ...[...new Set(catalog.portfolios.filter((p) => p.products.some((pp) => pp.id === product.id)).flatMap((p) => p.organizationalUnits))].map(
      (unit) => `organizational unit ${unit} (${(catalog.organization?.regions ?? []).join(', ')})`,
    ),
  ];

  const history: HistoryEntry[] = [];
  let previous: VersionEntry | undefined;
  for (const version of versions) {
    const before = previous && templates.get(previous.name);
    const after = templates.get(version.name);
    history.push({ version, previous: previous?.name, changes: before && after ? templateChanges(before, after) : undefined });
    if (after) previous = version;
  }

  return {
    product,
    versions,
    current,
    launchForm: currentTemplate && launchFormOf(currentTemplate),
    summary: currentTemplate && summarizeTemplate(currentTemplate),
    network: currentTemplate && networkSketchOf(currentTemplate),
    portfolios,
    publishedTo,
    history: history.reverse(),
    security: input.security.products.find((p) => p.productId === product.id),
  };
}

/** A site path for a product page (products/<id>.html) and its history. */
export const pagePaths = {
  overview: 'index.html',
  security: 'security.html',
  product: (id: string) => `products/${id}.html`,
  history: (id: string) => `products/${id}-history.html`,
  stylesheet: 'site.css',
} as const;

/** A relative link from page `from` to page `to` (both site paths). */
export function linkFrom(from: string, to: string): string {
  return path.posix.relative(path.posix.dirname(from), to) || path.posix.basename(to);
}

/** The site shows a factory launch role once for every region: `<catalog>-<product>-<region>`. */
const REGION_PLACEHOLDER = '<region>';
