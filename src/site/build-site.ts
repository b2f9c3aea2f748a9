/**
 * `site`: one synthesis exactly as synth runs it (synthesizeCatalog, into a
 * temporary folder, collecting the rule-pack results as security-report
 * does), then the site model and its pages, written into a staging folder
 * that replaces the output folder only when everything was written.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { controlTables } from './controls';
import { renderSite } from './render';
import { siteModel } from './site-model';
import { synthesizeCatalog } from '../generator/catalog-app';
import { TOOL_ROOT } from '../generator/portable-assembly';
import type { AppRuleCheck } from '../generator/rule-pack-check';
import { type SecurityReport, securityReportOf } from '../generator/security-report';
import type { VersionTemplates } from '../generator/versions';
import type { Catalog } from '../model/catalog';

/** Where the site goes by default, under the cloud assembly folder synth writes. */
export const DEFAULT_SITE_DIR = path.join('cdk.out', 'site');

/** The security design whose control tables (with a "proven by" column) the security page shows. */
export const SECURITY_DOC = path.join(TOOL_ROOT, 'docs', 'security.md');

export interface BuildSiteOptions {
  /** Catalog root (holding catalog.yaml). */
  readonly root: string;
  /** Output folder; default `<root>/cdk.out/site`. */
  readonly outdir?: string;
  /** Keep the cloud assembly of the synthesis here (default: a temporary folder, removed). */
  readonly synthOutdir?: string;
}

export interface BuiltSite {
  /** Absolute path of the site folder. */
  readonly outdir: string;
  /** Site paths written, `index.html` first. */
  readonly files: readonly string[];
  readonly catalog: Catalog;
  /** The templates the site was built from (those built from the current code only while `synthOutdir` keeps them). */
  readonly versions: VersionTemplates;
  readonly security: SecurityReport;
  /** Milliseconds of synthesis, and of building and writing the pages after it. */
  readonly synthMs: number;
  readonly siteMs: number;
}

export function buildSite(options: BuildSiteOptions): BuiltSite {
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-factory-site-'));
  const collect: AppRuleCheck[] = [];
  try {
    const started = performance.now();
    const synthOutdir = options.synthOutdir ?? path.join(workdir, 'cdk.out');
    const { catalog, versions } = synthesizeCatalog({ root: options.root, outdir: synthOutdir, collect });
    const synthesized = performance.now();
    const security = securityReportOf(catalog, collect);
    const files = renderSite(siteModel({ catalog, versions, security, controls: controlTables(SECURITY_DOC) }));
    const outdir = path.resolve(options.outdir ?? path.join(catalog.root, DEFAULT_SITE_DIR));
    writeSite(outdir, files);
    return { outdir, files: [...files.keys()], catalog, versions, security, synthMs: synthesized - started, siteMs: performance.now() - synthesized };
  } finally {
    fs.rmSync(workdir, { recursive: true, force: true });
  }
}

/** Writes every file into a staging sibling, then swaps it in: a failed run leaves the previous site as it was. */
function writeSite(outdir: string, files: ReadonlyMap<string, string>): void {
  const staging = `${outdir}.staging-${process.pid}`;
  const old = `${outdir}.old-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    for (const [file, content] of files) {
      const target = path.join(staging, ...file.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
    if (fs.existsSync(outdir)) fs.renameSync(outdir, old);
    fs.renameSync(staging, outdir);
    fs.rmSync(old, { recursive: true, force: true });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
