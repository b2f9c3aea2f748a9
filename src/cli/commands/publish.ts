import * as path from 'node:path';
import * as readline from 'node:readline/promises';
import { synthesizeCatalog } from '../../generator/catalog-app';
import { PUBLISHED_STATE_FILE, recordPublishedStacks } from '../../plan/published-state';
import { cdkToolkit, type DeployToolkit } from '../../publish/deploy-toolkit';
import { publishCatalog } from '../../publish/publish';
import { filterSteps, type PublishFilter, type PublishStep, publishSteps } from '../../publish/publish-plan';
import { parseArgs, UsageError } from '../args';
import { EXIT_CODES } from '../exit-codes';
import type { Command } from '../io';
import { formatTable } from '../table';

const STAGES = ['dev', 'staging', 'prod', 'organization'] as const;

export interface PublishCommandDependencies {
  /** The CDK toolkit, created only once the user confirmed. */
  readonly toolkit: () => Promise<DeployToolkit>;
  /** A yes/no question on the terminal, or undefined when there is none to ask on (CI). */
  readonly prompt: () => ((question: string) => Promise<boolean>) | undefined;
}

/** `publish`, with its toolkit and terminal injected (tests pass fakes). */
export function createPublishCommand(dependencies: PublishCommandDependencies): Command {
  return {
    name: 'publish',
    usage: 'publish [--root DIR] [--out DIR] [--account NAME|ID] [--region REGION] [--stage STAGE] [--pipeline] [--yes]',
    summary: 'Synthesize, then deploy through the CDK toolkit: dev -> staging -> prod -> organization, stopping at the first failure',
    async run(argv, io) {
      const args = parseArgs(argv, { flags: ['yes', 'pipeline'], options: ['root', 'out', 'account', 'region', 'stage'] });
      const filter: PublishFilter = {
        account: args.options.get('account'),
        region: args.options.get('region'),
        stage: args.options.get('stage'),
        pipeline: args.flags.has('pipeline'),
      };
      if (filter.stage !== undefined && !(STAGES as readonly string[]).includes(filter.stage)) {
        throw new UsageError(`--stage must be one of ${STAGES.join(', ')}, got '${filter.stage}'`);
      }
      if (filter.pipeline && (filter.account ?? filter.region ?? filter.stage) !== undefined) {
        throw new UsageError('--pipeline deploys the pipeline stack (and the organisation buckets) as a whole; drop --account, --region and --stage');
      }

      const root = path.resolve(io.cwd, args.options.get('root') ?? '.');
      const outdir = args.options.has('out') ? path.resolve(io.cwd, args.options.get('out')!) : undefined;
      const synthesized = synthesizeCatalog({ root, outdir });
      const { catalog } = synthesized;
      if (filter.pipeline && !catalog.publishing.pipeline) {
        throw new UsageError("catalog.yaml configures no pipeline: add 'publishing.pipeline' (see docs/operators.md, 'The publishing pipeline')");
      }

      const all = publishSteps(catalog, synthesized.outdir, { pipeline: filter.pipeline });
      const steps = filterSteps(all, filter);
      if (steps.length === 0) {
        const targets = [...new Set(all.map((s) => `${s.accountName} (${s.accountId}) ${s.region} [${s.stage}]`))];
        throw new UsageError(`no stack matches ${describeFilter(filter)}; stacks to publish: ${targets.join('; ')}`);
      }

      io.out(`Publishing catalog '${catalog.name}' from ${path.relative(io.cwd, synthesized.outdir) || '.'}, in this order:`);
      io.out(stepsTable(steps));
      if (catalog.publishing.pipeline && !filter.pipeline) {
        io.out(
          `\nNote: this catalog is published by its pipeline (${catalog.publishing.pipeline.account}); ` +
            'publishing directly skips its manual approval before production.',
        );
      }

      const question = `\nDeploy ${steps.length} stack${steps.length === 1 ? '' : 's'} in ${countAccounts(steps)}? [y/N] `;
      if (!args.flags.has('yes')) {
        const prompt = dependencies.prompt();
        if (!prompt) {
          throw new UsageError('deploying to AWS needs a confirmation: there is no terminal to ask on (CI), so pass --yes');
        }
        if (!(await prompt(question))) {
          io.err('Nothing was deployed.');
          return EXIT_CODES.badInput;
        }
      }

      const toolkit = await dependencies.toolkit();
      const result = await publishCatalog(toolkit, synthesized.outdir, steps, {
        started: (step, index, total) =>
          io.out(`[${index + 1}/${total}] deploying ${step.stackName} to ${step.accountName} (${step.accountId}) ${step.region} ...`),
        succeeded: (step, index, total) => {
          io.out(`[${index + 1}/${total}] ${step.stackName}: deployed`);
          // What `plan` compares with next time (src/plan/published-state.ts).
          recordPublishedStacks(synthesized, [step.stackId]);
        },
      });
      if (result.failed) {
        const { step, error } = result.failed;
        io.err(`publish failed: ${step.stackName} in ${step.accountName} (${step.accountId}) ${step.region}: ${error.message}`);
        if (result.skipped.length > 0) {
          io.err(`Not attempted (an earlier stage failed): ${result.skipped.map((s) => s.stackName).join(', ')}`);
        }
        return EXIT_CODES.deployFailed;
      }
      io.out(`Published ${result.deployed.length} stack${result.deployed.length === 1 ? '' : 's'}.`);
      if (result.deployed.some((s) => s.kind === 'catalog' || s.kind === 'organization-stackset')) {
        io.out(`Recorded what was published in ${PUBLISHED_STATE_FILE}: commit it (plan compares with it).`);
      }
      return EXIT_CODES.ok;
    },
  };
}

function stepsTable(steps: readonly PublishStep[]): string {
  return formatTable(
    ['#', 'STAGE', 'STACK', 'ACCOUNT', 'ACCOUNT ID', 'REGION', 'DEPLOY ROLE (ASSUMED)'],
    steps.map((s, i) => [String(i + 1), s.stage, s.stackName, s.accountName, s.accountId, s.region, s.deployRoleArn]),
  );
}

function countAccounts(steps: readonly PublishStep[]): string {
  const accounts = new Set(steps.map((s) => s.accountId)).size;
  return `${accounts} account${accounts === 1 ? '' : 's'}`;
}

function describeFilter(filter: PublishFilter): string {
  const parts = [
    filter.account && `--account ${filter.account}`,
    filter.region && `--region ${filter.region}`,
    filter.stage && `--stage ${filter.stage}`,
  ].filter(Boolean);
  return parts.join(' ');
}

/** A yes/no question on the terminal, when both ends are one. */
function terminalPrompt(): ((question: string) => Promise<boolean>) | undefined {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return async (question) => {
    const terminal = readline.createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^y(es)?$/i.test((await terminal.question(question)).trim());
    } finally {
      terminal.close();
    }
  };
}

export const publishCommand = createPublishCommand({ toolkit: cdkToolkit, prompt: terminalPrompt });
