import * as path from 'node:path';
import { loadCatalog } from '../../manifest/load';
import { validateProductCode } from '../../manifest/product-code';
import { parseArgs } from '../args';
import type { Command } from '../io';

export const validateCommand: Command = {
  name: 'validate',
  usage: 'validate [--root DIR]',
  summary: 'Check catalog.yaml and portfolios/*.yaml; print every problem as file:line:col',
  run(argv, io) {
    const args = parseArgs(argv, { options: ['root'] });
    const catalog = loadCatalog(path.resolve(io.cwd, args.options.get('root') ?? '.'));
    // Which class each product exports and what it declares, without loading aws-cdk-lib (product-code.ts).
    validateProductCode(catalog);
    const versions = catalog.products.reduce((n, p) => n + p.versions.length, 0);
    io.out(
      `catalog '${catalog.name}' is valid: ${catalog.accounts.length} accounts, ${catalog.portfolios.length} portfolios, ` +
        `${catalog.products.length} products, ${versions} versions`,
    );
    return 0;
  },
};
