import * as path from 'node:path';
import { resolveProductClasses } from '../../generator/product-registry';
import { releaseRefusal, releaseVersion } from '../../generator/release';
import { loadCatalog } from '../../manifest/load';
import { parseArgs, UsageError } from '../args';
import type { Command } from '../io';

export const releaseCommand: Command = {
  name: 'release',
  usage: 'release <product> <version> [--root DIR]',
  summary: "Freeze a product's newest version: store its template and hash under products/<path>/versions/<version>",
  run(argv, io) {
    const args = parseArgs(argv, { options: ['root'] });
    if (args.positionals.length !== 2) throw new UsageError('expected a product id and a version name');
    const [productId, versionName] = args.positionals;
    const catalog = loadCatalog(path.resolve(io.cwd, args.options.get('root') ?? '.'));
    const refusal = releaseRefusal(catalog, productId, versionName);
    if (refusal) throw new UsageError(refusal);

    const result = releaseVersion(catalog, resolveProductClasses(catalog), productId, versionName);
    const where = path.relative(io.cwd, path.join(catalog.root, result.folder)) || '.';
    if (result.outcome === 'repaired') {
      io.out(`${productId} ${versionName} is already released with an identical template; its missing asset files were put back in ${where}.`);
    } else if (result.outcome === 'unchanged') {
      io.out(`${productId} ${versionName} is already released with an identical template (${where}); nothing changed.`);
    } else {
      io.out(
        `Released ${productId} ${versionName}: ${where}/template.json (sha256 ${result.sha256}).\n` +
          'Commit that folder. From now on synth serves this version from it, and fails if the code would change it: ' +
          'further changes need a new version in catalog.yaml.',
      );
    }
    return 0;
  },
};
