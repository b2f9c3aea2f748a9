import * as path from 'node:path';
import { CHECKS_NEEDING_BUILD } from '../../manifest/checks';
import { loadCatalog } from '../../manifest/load';
import { validateProductCode } from '../../manifest/product-code';
import { checkReleasedVersions } from '../../manifest/release-rules';
import { parseArgs } from '../args';
import type { Command } from '../io';

export const validateCommand: Command = {
  name: 'validate',
  usage: 'validate [--root DIR]',
  summary: 'Check catalog.yaml, portfolios/*.yaml and the released versions; print every problem as file:line:col',
  run(argv, io) {
    const args = parseArgs(argv, { options: ['root'] });
    const catalog = loadCatalog(path.resolve(io.cwd, args.options.get('root') ?? '.'));
    checkReleasedVersions(catalog);
    // Which class each product exports and what it declares, without loading aws-cdk-lib (product-code.ts).
    validateProductCode(catalog);
    const versions = catalog.products.reduce((n, p) => n + p.versions.length, 0);
    io.out(
      `catalog '${catalog.name}' is valid: ${catalog.accounts.length} accounts, ${catalog.portfolios.length} portfolios, ` +
        `${catalog.products.length} products, ${versions} versions`,
    );
    io.out(`not checked without building (run synth): ${CHECKS_NEEDING_BUILD.join('; ')}`);
    return 0;
  },
};
