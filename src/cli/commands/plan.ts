import * as path from 'node:path';
import { planCatalog } from '../../plan/plan-catalog';
import type { Plan } from '../../plan/plan-changes';
import { parseArgs, UsageError } from '../args';
import { EXIT_CODES } from '../exit-codes';
import type { Command } from '../io';
import { formatPlanJson, formatPlanText } from '../plan-format';

export const planCommand: Command = {
  name: 'plan',
  usage: 'plan [--root DIR] [--json] [--live [--change-set]]',
  summary: 'What a publish would change per account and region; exit 0 nothing, 2 changes, 1 bad input',
  async run(argv, io) {
    const args = parseArgs(argv, { flags: ['json', 'live', 'change-set'], options: ['root'] });
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'`);
    if (args.flags.has('change-set') && !args.flags.has('live')) throw new UsageError('--change-set needs --live');

    const plan = await planCatalog({
      root: path.resolve(io.cwd, args.options.get('root') ?? '.'),
      live: args.flags.has('live'),
      liveMethod: args.flags.has('change-set') ? 'change-set' : 'template',
    });
    const code = planExitCode(plan);
    io.out(args.flags.has('json') ? formatPlanJson(plan, code) : formatPlanText(plan));
    return code;
  },
};

/** 1 when a target could not be compared (the plan is incomplete, whatever the others show), else 2 for changes, 0 for none. */
export function planExitCode(plan: Plan): number {
  if (plan.notCompared > 0) return EXIT_CODES.badInput;
  return plan.changes ? EXIT_CODES.changes : EXIT_CODES.ok;
}
