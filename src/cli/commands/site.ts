import * as path from 'node:path';
import { needsAttention } from '../../generator/security-report';
import { buildSite, DEFAULT_SITE_DIR } from '../../site/build-site';
import { parseArgs } from '../args';
import { EXIT_CODES } from '../exit-codes';
import type { Command } from '../io';

/**
 * `site`: the static catalog site (overview, product pages with a launch-form
 * preview, version history, security) from one synthesis. Exit 1, after
 * writing the site, when a template has an open finding or a stale
 * acknowledgement (as security-report): the security page shows which.
 */
export const siteCommand: Command = {
  name: 'site',
  usage: 'site [--root DIR] [--out DIR] [--quiet]',
  summary: `Synthesize as synth does and write the static catalog site (default ${DEFAULT_SITE_DIR})`,
  run(argv, io) {
    const args = parseArgs(argv, { flags: ['quiet'], options: ['root', 'out'] });
    const root = path.resolve(io.cwd, args.options.get('root') ?? '.');
    const outdir = args.options.has('out') ? path.resolve(io.cwd, args.options.get('out')!) : undefined;
    const site = buildSite({ root, outdir });
    const where = path.relative(io.cwd, site.outdir) || '.';
    if (!args.flags.has('quiet')) {
      io.out(
        `Wrote ${site.files.length} files into ${where} (open ${path.join(where, 'index.html')}): ` +
          `synthesis ${(site.synthMs / 1000).toFixed(1)} s, site ${(site.siteMs / 1000).toFixed(1)} s after it`,
      );
    }
    if (needsAttention(site.security)) {
      io.err(`site: a template has an open finding or a stale acknowledgement; see ${path.join(where, 'security.html')} (or run security-report)`);
      return EXIT_CODES.badInput;
    }
    return EXIT_CODES.ok;
  },
};
