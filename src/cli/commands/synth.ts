import * as fs from 'node:fs';
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
    const quiet = args.flags.has('quiet');
    const progress = quiet ? undefined : io.progress;
    const result = synthesizeCatalog({ root, outdir, onProgress: progress && ((step, total, name) => progress(`synth ${step}/${total} ${name}`)) });
    if (!quiet) io.out(summarize(result, io.cwd));
    return 0;
  },
};

export function summarize(result: SynthesizedCatalog, cwd: string): string {
  const { catalog, versions } = result;
  const relative = (file: string) => path.relative(cwd, file) || '.';
  // One name per stack everywhere (summary, plan, publish): the CloudFormation stack name. cdk.out names
  // its template files by the artifact id, so the file is shown beside the name, never as another name.
  const files = templateFiles(result.outdir);
  const fileOf = (stackName: string) => (files.has(stackName) ? relative(path.join(result.outdir, files.get(stackName)!)) : '');
  const stacks = formatTable(
    ['STACK', 'ACCOUNT', 'ACCOUNT ID', 'REGION', 'PORTFOLIOS', 'PRODUCTS', 'VERSIONS', 'TEMPLATE'],
    catalogTargets(catalog).map((t) => [
      CatalogStack.stackNameOf(catalog, t),
      t.account.name,
      t.account.id,
      t.region,
      t.portfolios.map((p) => p.id).join(','),
      String(t.products.length),
      String(t.products.reduce((n, p) => n + p.versions.length, 0)),
      fileOf(CatalogStack.stackNameOf(catalog, t)),
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
      : ['', formatTable(
        ['PUBLISHING STACK', 'ACCOUNT', 'ACCOUNT ID', 'REGION', 'TEMPLATE', 'WHAT'],
        publishing.map((p) => [p.stackName, p.account, p.accountId, p.region, fileOf(p.stackName), p.purpose]),
      )]),
    '',
    templates,
  ].join('\n');
}

/** CloudFormation stack name -> its template file in the cloud assembly (top-level stacks; read from manifest.json). */
function templateFiles(outdir: string): Map<string, string> {
  const manifest = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifest)) return new Map();
  const artifacts = (JSON.parse(fs.readFileSync(manifest, 'utf8')).artifacts ?? {}) as Record<string, { type?: string; properties?: { stackName?: string; templateFile?: string } }>;
  return new Map(
    Object.entries(artifacts)
      .filter(([, a]) => a.type === 'aws:cloudformation:stack' && a.properties?.templateFile)
      .map(([id, a]) => [a.properties?.stackName ?? id, a.properties!.templateFile!]),
  );
}
