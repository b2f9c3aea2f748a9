/**
 * `new product <id>`: a product folder (code, README), its test, its entry in
 * catalog.yaml and, with --portfolio, in that portfolio, with every other byte
 * of the YAML files kept (src/cli/yaml-append.ts). The result must pass
 * `validate`; when it does not, every file is put back as it was.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateCommand } from './validate';
import { TOOL_ROOT } from '../../generator/portable-assembly';
import { loadCatalog } from '../../manifest/load';
import { type Catalog, CatalogSchema, type Diagnostic, didYouMean, ManifestError, throwIfAny } from '../../model';
import { parseArgs, UsageError } from '../args';
import type { CliIo, Command } from '../io';
import { copiedProductFiles, pascalCase, productIndex, productReadme, productTest, titleOf } from '../product-scaffold';
import { appendToMap, appendToSeq, YamlAppendError } from '../yaml-append';

/** The rule catalog.yaml's schema gives product ids. */
const ID_RULE = CatalogSchema.properties.products.propertyNames as unknown as {
  pattern: string;
  maxLength: number;
  errorMessage: { pattern: string };
};

export const newProductCommand: Command = {
  name: 'new',
  usage: 'new product <id> [--from PRODUCT] [--portfolio ID] [--launch-role NAME] [--root DIR]',
  summary: 'Scaffold products/<id>/ (code, README), its test and catalog.yaml entry (and the portfolio entry); comments kept',
  async run(argv, io) {
    const args = parseArgs(argv, { options: ['root', 'from', 'portfolio', 'launch-role'] });
    const [what, id, extra] = args.positionals;
    if (what !== 'product') throw new UsageError(what === undefined ? 'what to create: product' : `cannot create '${what}'; only 'product'`);
    if (id === undefined) throw new UsageError('the new product id is missing');
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    const root = path.resolve(io.cwd, args.options.get('root') ?? '.');
    const catalog = loadCatalog(root);
    const from = args.options.get('from');
    const portfolioId = args.options.get('portfolio');
    const launchRole = args.options.get('launch-role') ?? `SCLaunch-${pascalCase(id)}`;

    throwIfAny(refusals(catalog, id, from));
    // The catalog must be valid before: a problem after writing is then the new product's.
    await validateCommand.run(['--root', root], { ...io, out: () => {} });
    const portfolio = portfolioId === undefined ? undefined : catalog.portfolios.find((p) => p.id === portfolioId);
    if (portfolioId !== undefined && !portfolio) {
      throw new UsageError(`no portfolio '${portfolioId}'${didYouMean(portfolioId, catalog.portfolios.map((p) => p.id))}`);
    }

    const writes = new Map<string, string | Buffer>();
    const productDir = path.join('products', id);
    const paths = { root, toolRoot: TOOL_ROOT, id };
    const source = from === undefined ? undefined : catalog.products.find((p) => p.id === from)!;
    if (source) {
      const copied = copiedProductFiles(path.join(root, source.directory), path.join(root, productDir));
      for (const [file, content] of copied) writes.set(path.join(productDir, file), content);
    } else {
      writes.set(path.join(productDir, 'index.ts'), productIndex(paths));
    }
    writes.set(path.join(productDir, 'README.md'), productReadme(paths, from));
    writes.set(path.join('test/products', `${id}.test.ts`), productTest(paths));

    const catalogFile = 'catalog.yaml';
    writes.set(catalogFile, edit(root, catalogFile, (text) => appendToMap(text, ['products'], id, catalogEntry(catalog, id, source))));
    if (portfolio) writes.set(portfolio.file, edit(root, portfolio.file, (text) => appendToSeq(text, ['products'], { id, launchRole })));

    const undo = writeAll(root, writes);
    try {
      await validateCommand.run(['--root', root], { ...io, out: () => {} });
    } catch (error) {
      undo();
      if (ManifestError.is(error)) {
        throw new ManifestError(error.diagnostics.map((d) => ({ ...d, message: `${d.message} (the new product would cause this; nothing was written)` })));
      }
      throw error;
    }
    report(io, writes, id, portfolio?.id, launchRole);
    return 0;
  },
};

/** Why the id cannot be used: a bad id, an existing product, folder or test, an unknown --from. Positioned where the conflict is. */
function refusals(catalog: Catalog, id: string, from: string | undefined): Diagnostic[] {
  const productsKey = catalog.products[0]?.source ?? { file: 'catalog.yaml', line: 1, col: 1 };
  const problems: Diagnostic[] = [];
  if (!new RegExp(ID_RULE.pattern).test(id) || id.length > ID_RULE.maxLength) {
    const rule = id.length > ID_RULE.maxLength ? `must be at most ${ID_RULE.maxLength} characters` : ID_RULE.errorMessage.pattern;
    problems.push({ ...productsKey, code: 'INVALID_VALUE', message: `new product id '${id.slice(0, 80)}' ${rule}` });
    return problems;
  }
  const existing = catalog.products.find((p) => p.id === id);
  if (existing) problems.push({ ...existing.source, code: 'INVALID_VALUE', message: `product '${id}' already exists; choose another id` });
  const folder = `products/${id}`;
  if (!existing && fs.existsSync(path.join(catalog.root, folder))) {
    const user = catalog.products.find((p) => p.directory === folder);
    problems.push(
      user
        ? { ...user.source, code: 'INVALID_VALUE', message: `product '${user.id}' uses the folder ${folder}/; choose another id` }
        : { file: `${folder}/`, line: 1, col: 1, code: 'INVALID_VALUE', message: `the folder ${folder}/ exists but no product in catalog.yaml uses it; remove it or choose another id` },
    );
  }
  const test = `test/products/${id}.test.ts`;
  if (fs.existsSync(path.join(catalog.root, test))) problems.push({ file: test, line: 1, col: 1, code: 'INVALID_VALUE', message: `${test} exists already; choose another id` });
  if (from !== undefined && !catalog.products.some((p) => p.id === from)) {
    problems.push({ ...productsKey, code: 'UNKNOWN_PRODUCT', message: `--from '${from.slice(0, 80)}' is not a product of catalog.yaml${didYouMean(from, catalog.products.map((p) => p.id))}` });
  }
  return problems;
}

function catalogEntry(catalog: Catalog, id: string, source: Catalog['products'][number] | undefined): Record<string, unknown> {
  const active = source?.versions.filter((v) => v.status === 'active').at(-1) ?? source?.versions.at(-1);
  return {
    path: id,
    displayName: source ? `${source.displayName} (copy)` : titleOf(id),
    owner: source?.owner ?? catalog.owner,
    description: source ? source.description : `${titleOf(id)}: what a launch creates and for whom.`,
    versions: [
      {
        name: '1.0.0',
        description: source ? `First version, copied from ${source.id} ${active?.name ?? ''}`.trimEnd() + '.' : 'First version.',
        status: 'active',
      },
    ],
  };
}

function edit(root: string, file: string, change: (text: string) => string): string {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  try {
    return change(text);
  } catch (error) {
    if (!(error instanceof YamlAppendError)) throw error;
    const before = text.slice(0, error.offset).split('\n');
    throw new ManifestError([{ file, line: before.length, col: before.at(-1)!.length + 1, code: 'INVALID_VALUE', message: error.message }]);
  }
}

/** Writes every file; returns how to put everything back. */
function writeAll(root: string, writes: ReadonlyMap<string, string | Buffer>): () => void {
  const previous = new Map<string, Buffer | undefined>();
  const createdDirs: string[] = [];
  for (const [file, content] of writes) {
    const full = path.join(root, file);
    previous.set(full, fs.existsSync(full) ? fs.readFileSync(full) : undefined);
    let dir = path.dirname(full);
    const missing: string[] = [];
    while (!fs.existsSync(dir)) {
      missing.push(dir);
      dir = path.dirname(dir);
    }
    createdDirs.push(...missing);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return () => {
    for (const [full, content] of previous) {
      if (content === undefined) fs.rmSync(full, { force: true });
      else fs.writeFileSync(full, content);
    }
    for (const dir of createdDirs.sort((a, b) => b.length - a.length)) fs.rmSync(dir, { recursive: true, force: true });
  };
}

function report(io: CliIo, writes: ReadonlyMap<string, unknown>, id: string, portfolio: string | undefined, launchRole: string): void {
  io.out([
    `new product '${id}':`,
    ...[...writes.keys()].sort().map((file) => `  ${file.split(path.sep).join('/')}`),
    '',
    portfolio
      ? `Offered by portfolio '${portfolio}' with launch role ${launchRole}: that role must exist in the portfolio's accounts.`
      : "Not offered by any portfolio yet: add it to a portfolio's products (or rerun with --portfolio ID).",
    `Next: npx projen synth, then npx jest test/products/${id}.test.ts.`,
  ].join('\n'));
}

