/**
 * Site model -> HTML pages, through Eta templates (src/site/templates/*.eta):
 * every interpolation is HTML-escaped by Eta, none is built by string
 * concatenation here. Pages link relatively, so the folder can be opened from
 * disk or served by anything; nothing is fetched at view time (no scripts,
 * no fonts, no CDN). The output depends only on the model: no clock, no
 * machine paths, so the same catalog gives a byte-identical site.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Eta } from 'eta';
import { linkFrom, pagePaths, type SiteModel } from './site-model';
import { noChanges } from './version-history';

export const TEMPLATES_DIR = path.join(__dirname, 'templates');

/** Site path -> file content, in a stable order. */
export function renderSite(model: SiteModel): Map<string, string> {
  const eta = new Eta({ views: TEMPLATES_DIR, autoEscape: true, cache: true });
  const files = new Map<string, string>();
  const page = (file: string, template: string, title: string, data: Record<string, unknown> = {}) => {
    const helpers = {
      model,
      title,
      page: file,
      paths: pagePaths,
      link: (to: string) => linkFrom(file, to),
      isCurrent: (to: string) => to === file,
      short: (sha: string | undefined) => (sha ? sha.slice(0, 12) : ''),
      noChanges,
      statusClass: (status: string) => `status status-${status}`,
    };
    files.set(file, eta.render(template, { ...helpers, ...data }));
  };
  page(pagePaths.overview, 'overview', 'Overview');
  for (const product of model.products) {
    page(pagePaths.product(product.product.id), 'product', product.product.displayName, { product });
    page(pagePaths.history(product.product.id), 'history', `${product.product.displayName}: version history`, { product });
  }
  page(pagePaths.security, 'security', 'Security');
  files.set(pagePaths.stylesheet, fs.readFileSync(path.join(TEMPLATES_DIR, 'site.css'), 'utf8'));
  return files;
}
