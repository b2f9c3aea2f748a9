import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { CDK_CONTEXT, FIXED_CONTEXT } from '../../cdk/context';
import { catalogRelativePath } from '../../generator/catalog-paths';
import { resolveProductClasses } from '../../generator/product-registry';
import { productContext } from '../../generator/product-templates';
import { loadCatalog } from '../../manifest/load';
import { type Acknowledgement, acknowledgementsIn, withCoverage } from '../../secure/acknowledgements';
import { addRulePacks, readRuleFindings, RULE_PACK_CONTEXT, RULE_PACK_NAMES, type RuleFinding } from '../../secure/rule-packs';
import { parseArgs, UsageError } from '../args';
import type { Command } from '../io';

export interface ProductSecurityReport {
  readonly productId: string;
  /** `products/<path>`. */
  readonly directory: string;
  /** Findings no acknowledgement covers (synth fails on them). */
  readonly openFindings: readonly RuleFinding[];
  readonly acknowledgements: readonly Acknowledgement[];
}

export interface SecurityReport {
  readonly rulePacks: readonly string[];
  readonly products: readonly ProductSecurityReport[];
}

/**
 * `security-report`: for a reviewer, per product, the rule packs that checked
 * its template and every finding it acknowledges, with the reason, where it is
 * written, and what it covers. Synthesizes the products' current code exactly
 * as `synth` does, into a temporary folder. Exit 1 when a product has open
 * findings.
 */
export const securityReportCommand: Command = {
  name: 'security-report',
  usage: 'security-report [--root DIR] [--product ID] [--json]',
  summary: 'List, per product, the rule packs and every acknowledged finding with its reason',
  run(argv, io) {
    const args = parseArgs(argv, { flags: ['json'], options: ['root', 'product'] });
    const root = path.resolve(io.cwd, args.options.get('root') ?? '.');
    const report = securityReport(root, args.options.get('product'));
    io.out(args.flags.has('json') ? JSON.stringify(report, null, 2) : formatReport(report, root));
    return report.products.some((p) => p.openFindings.length > 0) ? 1 : 0;
  },
};

export function securityReport(root: string, productId?: string): SecurityReport {
  const catalog = loadCatalog(root);
  const products = catalog.products.filter((p) => productId === undefined || p.id === productId);
  if (products.length === 0) {
    throw new UsageError(`unknown product '${productId}'; products: ${catalog.products.map((p) => p.id).join(', ')}`);
  }
  const registry = resolveProductClasses(catalog);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-factory-security-report-'));
  try {
    // The same app the generator builds: the same context and rule packs, so the same findings.
    const app = new App({ outdir, context: { ...CDK_CONTEXT }, postCliContext: { ...FIXED_CONTEXT, ...RULE_PACK_CONTEXT } });
    addRulePacks(app);
    const stacks = products.map((product) => {
      const ProductClass = registry.get(product.id)!;
      return { product, stack: new ProductClass(app, product.id, { context: productContext(catalog, product) }) };
    });
    app.synth();
    const findings = readRuleFindings(outdir);
    return {
      rulePacks: [...RULE_PACK_NAMES],
      products: stacks.map(({ product, stack }) => ({
        productId: product.id,
        directory: product.directory,
        openFindings: findings.filter((f) => f.constructPath === product.id || f.constructPath.startsWith(`${product.id}/`)),
        acknowledgements: withCoverage(acknowledgementsIn(stack), outdir).map((a) => ({
          ...a,
          writtenAt: a.writtenAt && relativeLocation(root, a.writtenAt),
        })),
      })),
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function formatReport(report: SecurityReport, root: string): string {
  const lines = [`Rule packs run on every product template: ${report.rulePacks.join(', ')}`];
  for (const product of report.products) {
    const inProduct = (p: string) => (p === product.productId ? '(the stack)' : p.slice(product.productId.length + 1));
    lines.push('', `${product.productId} (${product.directory})`);
    if (product.openFindings.length > 0) {
      lines.push(`  open findings (${product.openFindings.length}), synth fails until each is fixed or acknowledged:`);
      for (const f of product.openFindings) {
        const at = f.createdAt ? ` at ${relativeLocation(root, f.createdAt)}` : '';
        lines.push(`  ! ${f.acknowledgeId} on ${inProduct(f.constructPath)}${at}: ${f.description}`);
      }
    } else {
      lines.push('  open findings: none');
    }
    lines.push(`  acknowledgements (${product.acknowledgements.length}):`);
    for (const a of product.acknowledgements) {
      const covers =
        a.covers.length === 0
          ? 'nothing: stale, remove it'
          : `${a.covers.length} construct${a.covers.length === 1 ? '' : 's'}: ${a.covers.map(inProduct).join(', ')}`;
      lines.push(`  - ${a.id}`);
      lines.push(`      on      ${inProduct(a.acknowledgedAt)}${a.writtenAt ? ` (${a.writtenAt})` : ''}`);
      lines.push(`      covers  ${covers}`);
      lines.push(`      reason  ${a.reason}`);
    }
  }
  return lines.join('\n');
}

/** `products/<id>/file.ts:line:col` as the maintainer sees it (see catalog-paths.ts). */
function relativeLocation(root: string, location: string): string {
  const match = /^(.*)(:\d+:\d+)$/.exec(location);
  return match ? catalogRelativePath(root, match[1]) + match[2] : catalogRelativePath(root, location);
}
