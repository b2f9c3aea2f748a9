import * as path from 'node:path';
import { synthesizeCatalog, type SynthesizedCatalog } from '../../generator/catalog-app';
import { CatalogStack } from '../../generator/catalog-stack';
import { targetSummaries } from '../../generator/targets';
import { catalogTargets } from '../../model/catalog';
import { parseArgs } from '../args';
import type { Command } from '../io';
import { formatTable } from '../table';

export const synthCommand: Command = {
  name: 'synth',
  usage: 'synth [--root DIR] [--out DIR] [--quiet]',
  summary: 'Validate, synthesize every product template and catalog stack into cdk.out, print the summary',
  run(argv, io) {
    const args = parseArgs(argv, { flags: ['quiet'], options: ['root', 'out'] });
    const root = path.resolve(io.cwd, args.options.get('root') ?? '.');
    const outdir = args.options.has('out') ? path.resolve(io.cwd, args.options.get('out')!) : undefined;
    const result = synthesizeCatalog({ root, outdir });
    if (!args.flags.has('quiet')) io.out(summarize(result, io.cwd));
    return 0;
  },
};

export function summarize(result: SynthesizedCatalog, cwd: string): string {
  const { catalog, versions } = result;
  const relative = (file: string) => path.relative(cwd, file) || '.';
  const stacks = formatTable(
    ['STACK', 'ACCOUNT', 'ACCOUNT ID', 'REGION', 'PORTFOLIOS', 'PRODUCTS', 'VERSIONS'],
    catalogTargets(catalog).map((t) => [
      CatalogStack.stackNameOf(catalog, t),
      t.account.name,
      t.account.id,
      t.region,
      t.portfolios.map((p) => p.id).join(','),
      String(t.products.length),
      String(t.products.reduce((n, p) => n + p.versions.length, 0)),
    ]),
  );
  const templates = formatTable(
    ['PRODUCT', 'VERSION', 'STATUS', 'TEMPLATE', 'SHA256'],
    [...versions.values()].flat().map((v) => [
      v.productId,
      v.version.name,
      v.version.status,
      v.origin === 'current' ? 'built from current code' : `released (${relative(v.templateFile)})`,
      v.sha256.slice(0, 16),
    ]),
  );
  const publishing = targetSummaries(catalog);
  return [
    `Synthesized ${result.stacks.length} catalog stack${result.stacks.length === 1 ? '' : 's'} into ${relative(result.outdir)}`,
    '',
    stacks,
    ...(publishing.length === 0
      ? []
      : ['', formatTable(['PUBLISHING STACK', 'ACCOUNT', 'ACCOUNT ID', 'REGION', 'WHAT'], publishing.map((p) => [p.stackName, p.account, p.accountId, p.region, p.purpose]))]),
    '',
    templates,
  ].join('\n');
}
