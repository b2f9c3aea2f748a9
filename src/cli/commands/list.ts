import * as path from 'node:path';
import { loadCatalog } from '../../manifest/load';
import { catalogTargets, findProduct } from '../../model/catalog';
import { parseArgs } from '../args';
import type { Command } from '../io';
import { formatTable } from '../table';

export const listCommand: Command = {
  name: 'list',
  usage: 'list [--root DIR] [--json]',
  summary: 'Show portfolio / product / version per account and region',
  run(argv, io) {
    const args = parseArgs(argv, { flags: ['json'], options: ['root'] });
    const catalog = loadCatalog(path.resolve(io.cwd, args.options.get('root') ?? '.'));
    const rows = catalogTargets(catalog).flatMap((target) =>
      target.portfolios.flatMap((portfolio) =>
        portfolio.products.flatMap((entry) =>
          findProduct(catalog, entry.id)!.versions.map((version) => ({
            account: target.account.name,
            accountId: target.account.id,
            region: target.region,
            portfolio: portfolio.id,
            product: entry.id,
            version: version.name,
            status: version.status,
          })),
        ),
      ),
    );
    if (args.flags.has('json')) {
      io.out(JSON.stringify(rows, null, 2));
    } else {
      io.out(
        formatTable(
          ['ACCOUNT', 'ACCOUNT ID', 'REGION', 'PORTFOLIO', 'PRODUCT', 'VERSION', 'STATUS'],
          rows.map((r) => [r.account, r.accountId, r.region, r.portfolio, r.product, r.version, r.status]),
        ),
      );
    }
    return 0;
  },
};
