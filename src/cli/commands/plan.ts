import * as fs from 'node:fs';
import * as path from 'node:path';
import { planCatalog } from '../../plan/plan-catalog';
import type { Plan } from '../../plan/plan-changes';
import { parseArgs, UsageError } from '../args';
import { EXIT_CODES } from '../exit-codes';
import type { Command } from '../io';
import { formatPlanJson, formatPlanText } from '../plan-format';

export const planCommand: Command = {
  name: 'plan',
  usage: 'plan [--root DIR] [--json] [--live [--change-set]] [--changes-file FILE]',
  summary: 'What a publish would change per account and region; exit 0 nothing, 2 changes, 1 bad input or not compared',
  async run(argv, io) {
    const args = parseArgs(argv, { flags: ['json', 'live', 'change-set'], options: ['root', 'changes-file'] });
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'`);
    if (args.flags.has('change-set') && !args.flags.has('live')) throw new UsageError('--change-set needs --live');
    const root = path.resolve(io.cwd, args.options.get('root') ?? '.');
    // Relative to the catalog root, so the projen task's default lands beside the catalog it describes.
    const changesFile = args.options.has('changes-file') ? path.resolve(root, args.options.get('changes-file')!) : undefined;
    // Removed before anything else: a file left by an earlier run must never answer for this one.
    if (changesFile) fs.rmSync(changesFile, { force: true });

    const plan = await planCatalog({
      root,
      live: args.flags.has('live'),
      liveMethod: args.flags.has('change-set') ? 'change-set' : 'template',
    });
    const code = planExitCode(plan);
    io.out(args.flags.has('json') ? formatPlanJson(plan, code) : formatPlanText(plan));
    if (!changesFile || code !== EXIT_CODES.changes) return code;
    // projen's task runner turns every non-zero exit into 1 (changes would read as a failure):
    // with --changes-file, "changes" is this file (the plan as JSON) and the exit code is 0.
    fs.mkdirSync(path.dirname(changesFile), { recursive: true });
    fs.writeFileSync(changesFile, `${formatPlanJson(plan, code)}\n`);
    return EXIT_CODES.ok;
  },
};

/** 1 when a target could not be compared (the plan is incomplete, whatever the others show), else 2 for changes, 0 for none. */
export function planExitCode(plan: Plan): number {
  if (plan.notCompared > 0) return EXIT_CODES.badInput;
  return plan.changes ? EXIT_CODES.changes : EXIT_CODES.ok;
}
