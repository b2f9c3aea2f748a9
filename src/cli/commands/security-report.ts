import * as path from 'node:path';
import { needsAttention, type SecurityReport, securityReport } from '../../generator/security-report';
import type { Acknowledgement } from '../../secure/acknowledgements';
import type { RuleFinding } from '../../secure/rule-packs';
import { parseArgs, UsageError } from '../args';
import type { Command } from '../io';

export type { ProductSecurityReport, SecurityReport, StackSecurityReport } from '../../generator/security-report';

/**
 * `security-report`: for a reviewer, per product template and per deployed
 * stack (catalog, pipeline, organisation), the open findings and every
 * acknowledgement with its reason, where it is written, and what it covers.
 * Exit 1 when anything has an open finding or a stale acknowledgement.
 */
export const securityReportCommand: Command = {
  name: 'security-report',
  usage: 'security-report [--root DIR] [--product ID] [--json]',
  summary: 'List the rule packs and, per product and deployed stack, every open finding and acknowledgement with its reason',
  run(argv, io) {
    const args = parseArgs(argv, { flags: ['json'], options: ['root', 'product'] });
    const root = path.resolve(io.cwd, args.options.get('root') ?? '.');
    const productId = args.options.get('product');
    const full = securityReport(root);
    if (productId !== undefined && !full.products.some((p) => p.productId === productId)) {
      throw new UsageError(`unknown product '${productId}'; products: ${full.products.map((p) => p.productId).join(', ')}`);
    }
    // --product: that product's template only.
    const report: SecurityReport =
      productId === undefined ? full : { ...full, products: full.products.filter((p) => p.productId === productId), stacks: [] };
    io.out(args.flags.has('json') ? JSON.stringify(report, null, 2) : formatReport(report));
    return needsAttention(report) ? 1 : 0;
  },
};

function formatReport(report: SecurityReport): string {
  const lines = [`Rule packs run on every template: ${report.rulePacks.join(', ')}`];
  for (const rule of report.disabledRules) lines.push(`Disabled everywhere: ${rule.id}: ${rule.reason}`);
  for (const product of report.products) {
    lines.push('', `${product.productId} (${product.directory})`);
    lines.push(...formatEntry(product.productId, product.openFindings, product.acknowledgements));
  }
  for (const stack of report.stacks) {
    // Named as every listing names a stack: by its CloudFormation name (the construct paths below start at its id).
    lines.push('', `stack ${stack.stackName ?? stack.stackId} (${stack.app === 'organization-member' ? "the organisation's StackSet template" : 'deployed by publish'})`);
    lines.push(...formatEntry(stack.stackId, stack.openFindings, stack.acknowledgements));
  }
  return lines.join('\n');
}

function formatEntry(id: string, openFindings: readonly RuleFinding[], acknowledgements: readonly Acknowledgement[]): string[] {
  const inside = (p: string) => (p === id ? '(the stack)' : p.slice(id.length + 1));
  const lines: string[] = [];
  if (openFindings.length > 0) {
    lines.push(`  open findings (${openFindings.length}), synth fails until each is fixed or acknowledged:`);
    for (const f of openFindings) lines.push(`  ! ${f.acknowledgeId} on ${inside(f.constructPath)}${f.createdAt ? ` at ${f.createdAt}` : ''}: ${f.description}`);
  } else {
    lines.push('  open findings: none');
  }
  lines.push(`  acknowledgements (${acknowledgements.length}):`);
  for (const a of acknowledgements) {
    const covers =
      a.covers.length === 0
        ? 'nothing: stale, remove it'
        : `${a.covers.length} construct${a.covers.length === 1 ? '' : 's'}: ${a.covers.map(inside).join(', ')}`;
    lines.push(`  - ${a.id}`);
    lines.push(`      on      ${inside(a.acknowledgedAt)}${a.writtenAt ? ` (${a.writtenAt})` : ''}`);
    lines.push(`      covers  ${covers}`);
    lines.push(`      reason  ${a.reason}`);
  }
  return lines;
}
