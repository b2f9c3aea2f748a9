/**
 * The catalog site in a real browser: Debian's chromium driven headless by
 * playwright-core (scripts/browser-env.js installs it; no browser is ever
 * downloaded). The site is built once from a synthesis of the shipped catalog;
 * every expectation is derived from the catalog and the templates it was built
 * from, never written down here. Pages are read with JavaScript off (the site
 * needs none); axe-core, injected from node_modules, runs with it on.
 * Screenshots (at most ten screens long) land in test-reports/site/ (kept by CI, not committed).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { chromiumPath, CANDIDATES } from '../../scripts/chromium-path';
import { loadCatalog } from '../../src/manifest';
import { launchRoleNameIn } from '../../src/model';
import { RULE_PACK_NAMES } from '../../src/secure/rule-packs';
import { buildSite, type BuiltSite } from '../../src/site/build-site';
import { catalogRoot, REPO_ROOT, tempDir } from '../helpers';

/** The shipped catalog, to name the tests; the site is built from a copy of it. */
const CATALOG = loadCatalog(REPO_ROOT);

const SCREENSHOTS = path.join(REPO_ROOT, 'test-reports', 'site');
const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');

let site: BuiltSite;
let browser: Browser;
let noScript: BrowserContext;
let page: Page;
/** Requests for anything but the site's own files: there must be none. */
const outside: string[] = [];

const url = (file: string) => `file://${path.join(site.outdir, file)}`;
const template = (productId: string): any => {
  const newest = site.versions.get(productId)!.at(-1)!;
  return JSON.parse(fs.readFileSync(newest.templateFile, 'utf8'));
};
/** Screenshots stop at ten screens: the security page is some 180,000 px tall, and one of it all took 10 s to 30 s of CPU (and timed out). */
const SCREENSHOT_SCREENS = 10;
const screenshot = async (name: string) => {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const viewport = page.viewportSize()!;
  const clip = { x: 0, y: 0, width: viewport.width, height: Math.min(height, SCREENSHOT_SCREENS * viewport.height) };
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, clip });
};

beforeAll(async () => {
  const executablePath = chromiumPath();
  if (!executablePath) {
    throw new Error(
      `chromium not found (looked for ${CANDIDATES.join(', ')}; CHROMIUM_PATH=${process.env.CHROMIUM_PATH ?? ''}): ` +
        "run 'npx projen browser-env' (as root it installs Debian's chromium) or set CHROMIUM_PATH",
    );
  }
  const work = tempDir('sc-factory-site-browser-');
  site = buildSite({ root: catalogRoot('repo'), outdir: path.join(work, 'site'), synthOutdir: path.join(work, 'cdk.out') });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
  noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  page = await noScript.newPage();
  page.on('request', (request) => {
    if (!request.url().startsWith(`file://${site.outdir}/`)) outside.push(request.url());
  });
});

afterAll(async () => {
  await browser?.close();
});

afterEach(() => {
  expect(outside).toEqual([]);
});

test('the overview shows every portfolio against every account, and every product with its versions', async () => {
  const { catalog } = site;
  await page.goto(url('index.html'));
  expect(await page.locator('h1').textContent()).toBe(catalog.displayName);
  for (const role of ['banner', 'navigation', 'main', 'contentinfo']) expect(await page.getByRole(role as 'main').count()).toBeGreaterThan(0);

  const matrix = page.locator('table.matrix');
  const columns = await matrix.locator('thead th .column-name').allTextContents();
  expect(columns).toEqual(catalog.accounts.map((a) => a.name));
  const rows = matrix.locator('tbody tr');
  expect(await rows.count()).toBe(catalog.portfolios.length);
  for (const [i, portfolio] of catalog.portfolios.entries()) {
    const cells = await rows.nth(i).locator('td').evaluateAll((tds) => tds.map((td) => td.className));
    expect(cells).toEqual(catalog.accounts.map((a) => (portfolio.accounts.includes(a.name) ? 'on' : 'off')));
  }

  const products = page.locator('table.products tbody tr');
  expect(await products.count()).toBe(catalog.products.length);
  for (const [i, product] of catalog.products.entries()) {
    const row = products.nth(i);
    expect(await row.locator('th a').textContent()).toBe(product.displayName);
    const versions = await row.locator('ul.versions li').evaluateAll((lis) =>
      lis.map((li) => [li.querySelector('.version-name')!.textContent, li.querySelector('.status')!.textContent]),
    );
    expect(versions).toEqual(product.versions.map((v) => [v.name, v.status]));
    // The release hash of each released version is the one its release.json recorded.
    for (const version of site.versions.get(product.id)!.filter((v) => v.origin === 'released')) {
      const hash = await row.locator('ul.versions li', { has: page.locator('.version-name', { hasText: new RegExp(`^${version.version.name.replace(/\./g, '\\.')}$`) }) }).locator('.hash code').textContent();
      expect(version.sha256.startsWith(hash!)).toBe(true);
    }
  }
  await screenshot('overview');
  // The first screen, as the README shows it (docs/images/site-overview.png is a copy).
  await page.screenshot({ path: path.join(SCREENSHOTS, 'overview-first-screen.png') });
});

test('a product link leads to its page, with its description, support and launch roles', async () => {
  const product = site.catalog.products[0];
  await page.goto(url('index.html'));
  await page.locator('table.products').getByRole('link', { name: product.displayName, exact: true }).click();
  expect(page.url()).toBe(url(`products/${product.id}.html`));
  expect(await page.locator('h1').textContent()).toBe(product.displayName);
  expect(await page.locator('main .lead').textContent()).toBe(product.description);
  const launchRoles = await page.locator('#launch-role ~ table tbody td code').allTextContents();
  expect(launchRoles).toEqual(
    site.catalog.portfolios.flatMap((p) => p.products.filter((pp) => pp.id === product.id).map((pp) => launchRoleNameIn(pp, '<region>'))),
  );
  await screenshot(`product-${product.id}`);
});

describe("the launch-form preview of each product is its template's parameters, in the console's order", () => {
  // The console lists the parameter groups in order, then the parameters no group names
  // under "Other parameters", alphabetically by logical id (AWS::CloudFormation::Interface).
  const expectedForm = (json: any) => {
    const parameters: Record<string, any> = json.Parameters ?? {};
    const ui = json.Metadata?.['AWS::CloudFormation::Interface'] ?? {};
    const groups: { legend: string; ids: string[] }[] = (ui.ParameterGroups ?? []).map((g: any) => ({ legend: g.Label.default, ids: g.Parameters }));
    const grouped = new Set(groups.flatMap((g) => g.ids));
    const others = Object.keys(parameters).filter((id) => !grouped.has(id)).sort();
    if (others.length > 0) groups.push({ legend: 'Other parameters', ids: others });
    return groups.map((g) => ({
      legend: g.legend,
      fields: g.ids.map((id) => ({
        id,
        label: ui.ParameterLabels?.[id]?.default ?? id,
        value: parameters[id].Default === undefined ? '' : String(parameters[id].Default),
        options: parameters[id].AllowedValues ? parameters[id].AllowedValues.map(String) : null,
      })),
    }));
  };

  test.each(CATALOG.products.map((p) => p.id))('%s', async (productId) => {
    const expected = expectedForm(template(productId));
    await page.goto(url(`products/${productId}.html`));
    const fieldsets = page.locator('form.launch-form > fieldset');
    expect(await fieldsets.locator('> legend').allTextContents()).toEqual(expected.map((g) => g.legend));
    for (const [g, group] of expected.entries()) {
      const fields = fieldsets.nth(g).locator('.field');
      expect(await fields.evaluateAll((divs) => divs.map((d) => d.getAttribute('data-parameter')))).toEqual(group.fields.map((f) => f.id));
      for (const field of group.fields) {
        // Found by its label, as a screen reader finds it.
        const control = fieldsets.nth(g).getByLabel(field.label, { exact: true });
        expect(await control.getAttribute('name')).toBe(field.id);
        expect(await control.inputValue()).toBe(field.value);
        if (field.options) {
          expect(await control.evaluate((el) => el.tagName)).toBe('SELECT');
          expect(await control.locator('option').allTextContents()).toEqual(field.options);
        } else {
          expect(await control.evaluate((el) => el.tagName)).toBe('INPUT');
        }
      }
    }
    // What it creates: every resource of the template, counted by type.
    const counts = await page.locator('table.counts tbody tr').evaluateAll((rows) => rows.map((r) => [r.querySelector('th')!.textContent, Number(r.querySelector('td')!.textContent)]));
    const resources = Object.values(template(productId).Resources) as { Type: string }[];
    expect(Object.fromEntries(counts)).toEqual(resources.reduce<Record<string, number>>((n, r) => ({ ...n, [r.Type]: (n[r.Type] ?? 0) + 1 }), {}));
    // The network picture: there exactly when the template creates a VPC, with each interface endpoint.
    const json = template(productId);
    const endpoints = (Object.values(json.Resources) as any[]).filter((r) => r.Type === 'AWS::EC2::VPCEndpoint' && r.Properties.VpcEndpointType === 'Interface');
    const hasVpc = (Object.values(json.Resources) as any[]).some((r) => r.Type === 'AWS::EC2::VPC');
    expect(await page.locator('figure.network').count()).toBe(hasVpc ? 1 : 0);
    if (hasVpc) expect(await page.locator('figure.network .net-vpc .net-box').first().locator('li').count()).toBe(endpoints.length);
    await screenshot(`launch-form-${productId}`);
  });
});

test('the version history shows every version, newest first, with what changed from the previous template', async () => {
  for (const product of site.catalog.products) {
    await page.goto(url(`products/${product.id}-history.html`));
    const sections = page.locator('section.version');
    const shown = await sections.evaluateAll((list) => list.map((s) => [s.getAttribute('data-version'), s.querySelector('h2 .status')!.textContent]));
    expect(shown).toEqual([...product.versions].reverse().map((v) => [v.name, v.status]));
    const published = site.versions.get(product.id)!;
    for (let i = 1; i < published.length; i++) {
      const [before, after] = [published[i - 1], published[i]].map((v) => JSON.parse(fs.readFileSync(v.templateFile, 'utf8')));
      // Only when no version (a removed one) lies between them.
      if (product.versions.indexOf(published[i].version) !== product.versions.indexOf(published[i - 1].version) + 1) continue;
      const section = page.locator(`section.version[data-version="${published[i].version.name}"]`);
      const listed = async (change: string) => section.locator(`ul[data-change="${change}"] > li > code:first-child`).allTextContents();
      const ids = (t: any) => Object.keys(t.Resources);
      expect(await listed('Resources added')).toEqual(ids(after).filter((id) => !(id in before.Resources)));
      expect(await listed('Resources removed')).toEqual(ids(before).filter((id) => !(id in after.Resources)));
      expect(await listed('Resources changed')).toEqual(
        ids(before).filter((id) => id in after.Resources && JSON.stringify(before.Resources[id]) !== JSON.stringify(after.Resources[id])),
      );
      const params = (t: any) => Object.keys(t.Parameters ?? {});
      expect(await listed('Parameters added')).toEqual(params(after).filter((id) => !params(before).includes(id)));
      expect(await listed('Parameters removed')).toEqual(params(before).filter((id) => !params(after).includes(id)));
    }
  }
  await screenshot(`history-${site.catalog.products.at(-1)!.id}`);
});

test('the security page lists the rule packs and, per product and stack, every acknowledgement with its reason and source line', async () => {
  await page.goto(url('security.html'));
  expect(await page.locator('ul.packs li').allTextContents()).toEqual([...RULE_PACK_NAMES]);
  for (const product of site.security.products) {
    const section = page.locator(`section[data-product="${product.productId}"]`);
    const rows = section.locator('table.acknowledged tbody tr');
    expect(await rows.count()).toBe(product.acknowledgements.length);
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent)));
    expect(shown.map(([id, reason, , writtenAt]) => [id, reason, writtenAt])).toEqual(
      product.acknowledgements.map((a) => [a.id, a.reason, a.writtenAt ?? '']),
    );
    // Where an acknowledgement is written: a line of product code, or of a kit products build on (src/).
    for (const [, , , writtenAt] of shown) expect(writtenAt).toMatch(/^(products|src)\/.+\.ts:\d+:\d+$/);
    expect(await section.locator('table.open tbody tr').count()).toBe(product.openFindings.length);
  }
  expect(await page.locator('section[data-stack]').count()).toBe(site.security.stacks.length);
  // The preventive controls, each with what proves it (docs/security.md).
  const proofs = await page.locator('table.controls tbody tr td:last-child').allTextContents();
  expect(proofs.length).toBeGreaterThan(0);
  for (const proof of proofs) expect(proof.trim()).not.toBe('');
  await screenshot('security');
});

test('no page has a serious or critical accessibility violation (axe-core)', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const axePage = await context.newPage();
    // Every launch form (the page with inputs); the history pages share one template, so one of them.
    const pages = ['index.html', 'security.html', ...CATALOG.products.map((p) => `products/${p.id}.html`), `products/${CATALOG.products[0].id}-history.html`];
    const violations: string[] = [];
    for (const file of pages) {
      await axePage.goto(url(file));
      await axePage.addScriptTag({ path: AXE_SCRIPT });
      // Only the violations leave the page: axe's whole result (every node of every passing check,
      // with its HTML) is megabytes on the security page, and took longer to hand over than to compute.
      const found: { id: string; impact: string; nodes: number }[] = await axePage.evaluate(async () => {
        const result = await (window as any).axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
        });
        const all: { id: string; impact: string; nodes: unknown[] }[] = result.violations;
        return all.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
      });
      for (const v of found) if (v.impact === 'serious' || v.impact === 'critical') violations.push(`${file}: ${v.id} (${v.impact}, ${v.nodes} nodes)`);
    }
    expect(violations).toEqual([]);
  } finally {
    await context.close();
  }
});
