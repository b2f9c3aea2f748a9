/**
 * `publish`: the order of the deployments, exactly what the CDK toolkit is asked
 * for each one, the cross-account roles it assumes, stopping at the first
 * failure, the refusal to replace published versions, and the command's
 * confirmation and exit codes. A fake toolkit stands at the network boundary;
 * the real toolkit is used offline only to prove the stack selection.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type DeployOptions, type DeployResult, type ICloudAssemblySource, StackSelectionStrategy, Toolkit } from '@aws-cdk/toolkit-lib';
import { createPublishCommand } from '../../src/cli/commands/publish';
import { summarize } from '../../src/cli/commands/synth';
import { runCli } from '../../src/cli/main';
import { synthesizeCatalog, type SynthesizedCatalog } from '../../src/generator/catalog-app';
import { productsReplacingVersions } from '../../src/publish/artifact-guard';
import type { DeployToolkit } from '../../src/publish/deploy-toolkit';
import { deployOptionsOf, publishCatalog, SINGLE_STACK } from '../../src/publish/publish';
import { filterSteps, publishSteps } from '../../src/publish/publish-plan';
import { catalogRoot, type CliResult, tempDir, writeFiles } from '../helpers';

/** Records every call; fails the deploy of one stack when asked to. */
class FakeToolkit implements DeployToolkit {
  public directory?: string;
  public readonly deploys: DeployOptions[] = [];

  constructor(private readonly failingStack?: string) {}

  public async fromAssemblyDirectory(directory: string): Promise<ICloudAssemblySource> {
    this.directory = directory;
    return { produce: () => Promise.reject(new Error('the fake toolkit never reads the assembly')) };
  }

  public async deploy(_cx: ICloudAssemblySource, options: DeployOptions): Promise<DeployResult> {
    this.deploys.push(options);
    if (options.stacks?.patterns?.[0] === this.failingStack) {
      throw new Error(`The stack named ${this.failingStack} failed to deploy: UPDATE_ROLLBACK_COMPLETE`);
    }
    return { stacks: [] };
  }

  public get deployedStacks(): string[] {
    return this.deploys.map((d) => d.stacks!.patterns![0]);
  }
}

const deployRole = (account: string, region: string) =>
  `arn:\${AWS::Partition}:iam::${account}:role/cdk-hnb659fds-deploy-role-${account}-${region}`;
const executionRole = (account: string, region: string) =>
  `arn:\${AWS::Partition}:iam::${account}:role/cdk-hnb659fds-cfn-exec-role-${account}-${region}`;

describe('publish order and toolkit arguments (catalog with a pipeline and an organisation)', () => {
  let result: SynthesizedCatalog;
  beforeAll(() => {
    result = synthesizeCatalog({ root: catalogRoot('publishing'), outdir: path.join(tempDir(), 'cdk.out') });
  });

  test('deploys dev, then staging, then prod (whatever order the portfolios list them in), then the organisation', () => {
    expect(publishSteps(result.catalog, result.outdir).map((s) => [s.stage, s.stackId, s.stackName])).toEqual([
      ['dev', 'dev-eu-west-1', 'test-catalog-dev-eu-west-1'],
      ['dev', 'dev-eu-central-1', 'test-catalog-dev-eu-central-1'],
      ['staging', 'staging-eu-west-1', 'test-catalog-staging-eu-west-1'],
      ['prod', 'prod-eu-west-1', 'test-catalog-prod-eu-west-1'],
      ['organization', 'Organization-Templates-eu-west-1', 'test-catalog-organization-templates-eu-west-1'],
      ['organization', 'Organization-Templates-eu-central-1', 'test-catalog-organization-templates-eu-central-1'],
      ['organization', 'Organization-StackSet', 'test-catalog-organization-stackset'],
    ]);
  });

  test("assumes each target account's CDK bootstrap deploy role, and deploys with its execution role, as the assembly names them", () => {
    const steps = publishSteps(result.catalog, result.outdir);
    expect(steps.map((s) => [s.accountName, s.accountId, s.region, s.deployRoleArn, s.executionRoleArn])).toEqual([
      ['dev', '111111111111', 'eu-west-1', deployRole('111111111111', 'eu-west-1'), executionRole('111111111111', 'eu-west-1')],
      ['dev', '111111111111', 'eu-central-1', deployRole('111111111111', 'eu-central-1'), executionRole('111111111111', 'eu-central-1')],
      ['staging', '222222222222', 'eu-west-1', deployRole('222222222222', 'eu-west-1'), executionRole('222222222222', 'eu-west-1')],
      ['prod', '333333333333', 'eu-west-1', deployRole('333333333333', 'eu-west-1'), executionRole('333333333333', 'eu-west-1')],
      ['management', '555555555555', 'eu-west-1', deployRole('555555555555', 'eu-west-1'), executionRole('555555555555', 'eu-west-1')],
      ['management', '555555555555', 'eu-central-1', deployRole('555555555555', 'eu-central-1'), executionRole('555555555555', 'eu-central-1')],
      ['management', '555555555555', 'eu-west-1', deployRole('555555555555', 'eu-west-1'), executionRole('555555555555', 'eu-west-1')],
    ]);
    // The toolkit reads the roles from the assembly itself; the steps only report them.
    const manifest = JSON.parse(fs.readFileSync(path.join(result.outdir, 'manifest.json'), 'utf8'));
    expect(manifest.artifacts['staging-eu-west-1'].properties.assumeRoleArn).toBe(deployRole('222222222222', 'eu-west-1'));
  });

  test('asks the toolkit for exactly one stack per deploy, from the synthesized assembly, through a change set, with no role override', async () => {
    const toolkit = new FakeToolkit();
    const steps = publishSteps(result.catalog, result.outdir);
    const outcome = await publishCatalog(toolkit, result.outdir, steps);

    expect(toolkit.directory).toBe(result.outdir);
    expect(toolkit.deploys).toEqual(
      steps.map((s) => ({
        stacks: { strategy: 'pattern-must-match-single', patterns: [s.stackId] },
        deploymentMethod: { method: 'change-set', execute: true },
        rollback: true,
        concurrency: 1,
      })),
    );
    expect(toolkit.deploys.some((d) => 'roleArn' in d)).toBe(false);
    expect(outcome).toEqual({ deployed: steps, skipped: [] });
  });

  test("the real toolkit (offline) resolves each step's selection to exactly that stack", async () => {
    expect(SINGLE_STACK).toBe(StackSelectionStrategy.PATTERN_MUST_MATCH_SINGLE);
    const toolkit = new Toolkit({
      ioHost: { notify: async () => {}, requestResponse: async (request) => request.defaultResponse },
    });
    const cx = await toolkit.fromAssemblyDirectory(result.outdir);
    for (const step of publishSteps(result.catalog, result.outdir, {}).concat(publishSteps(result.catalog, result.outdir, { pipeline: true }))) {
      const stacks = await toolkit.list(cx, { stacks: deployOptionsOf(step).stacks });
      expect(stacks.map((s) => [s.name, s.environment.account, s.environment.region])).toEqual([
        [step.stackName, step.accountId, step.region],
      ]);
    }
  });

  test('stops at the first failed deployment: the stages after it are not attempted', async () => {
    const toolkit = new FakeToolkit('staging-eu-west-1');
    const steps = publishSteps(result.catalog, result.outdir);
    const outcome = await publishCatalog(toolkit, result.outdir, steps);

    expect(toolkit.deployedStacks).toEqual(['dev-eu-west-1', 'dev-eu-central-1', 'staging-eu-west-1']);
    expect(outcome.deployed.map((s) => s.stackId)).toEqual(['dev-eu-west-1', 'dev-eu-central-1']);
    expect(outcome.failed?.step.stackId).toBe('staging-eu-west-1');
    expect(outcome.failed?.error.message).toBe('The stack named staging-eu-west-1 failed to deploy: UPDATE_ROLLBACK_COMPLETE');
    expect(outcome.skipped.map((s) => s.stackId)).toEqual([
      'prod-eu-west-1',
      'Organization-Templates-eu-west-1',
      'Organization-Templates-eu-central-1',
      'Organization-StackSet',
    ]);
  });

  test('no template in the assembly replaces published versions (ReplaceProvisioningArtifacts false everywhere)', () => {
    expect(productsReplacingVersions(result.outdir)).toEqual([]);
    // ... and every product was looked at: top-level stacks, the pipeline's copies and the organisation template.
    const count = (dir: string): number =>
      fs.readdirSync(dir, { withFileTypes: true }).reduce((n, entry) => {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) return n + (entry.name.startsWith('asset.') ? 0 : count(file));
        if (!entry.name.endsWith('.template.json')) return n;
        const resources = Object.values(JSON.parse(fs.readFileSync(file, 'utf8')).Resources ?? {}) as { Type: string }[];
        return n + resources.filter((r) => r.Type === 'AWS::ServiceCatalog::CloudFormationProduct').length;
      }, 0);
    expect(count(result.outdir)).toBe(10); // 4 catalog stacks, their 4 pipeline copies, 2 in the organisation template
  });

  test('fails before deploying anything when a template would replace published versions', async () => {
    const tampered = path.join(tempDir(), 'cdk.out');
    fs.cpSync(result.outdir, tampered, { recursive: true });
    const file = path.join(tampered, 'prod-eu-west-1.template.json');
    const template = JSON.parse(fs.readFileSync(file, 'utf8'));
    template.Resources.ProductssagemakerendpointD1A56E4B.Properties.ReplaceProvisioningArtifacts = true;
    fs.writeFileSync(file, JSON.stringify(template));

    const toolkit = new FakeToolkit();
    await expect(publishCatalog(toolkit, tampered, publishSteps(result.catalog, tampered))).rejects.toThrow(
      'refusing to publish: prod-eu-west-1.template.json ProductssagemakerendpointD1A56E4B would replace published product ' +
        'versions (ReplaceProvisioningArtifacts must be false); published versions are never replaced, add a new version instead',
    );
    expect(toolkit.directory).toBeUndefined();
    expect(toolkit.deploys).toEqual([]);
  });

  test('a single target: by account name or id, region, or stage', () => {
    const steps = publishSteps(result.catalog, result.outdir);
    const ids = (filter: Parameters<typeof filterSteps>[1]) => filterSteps(steps, filter).map((s) => s.stackId);
    expect(ids({ account: 'dev', region: 'eu-central-1' })).toEqual(['dev-eu-central-1']);
    expect(ids({ account: '333333333333' })).toEqual(['prod-eu-west-1']);
    expect(ids({ stage: 'organization', region: 'eu-west-1' })).toEqual(['Organization-Templates-eu-west-1', 'Organization-StackSet']);
  });

  test('the synth summary lists the publishing stacks: where each deploys and what it is', () => {
    expect(summarize(result, result.outdir)).toContain(
      [
        // TEMPLATE: the stack's file in cdk.out (named by the artifact id); the stack itself is named once, by its CloudFormation name.
        'PUBLISHING STACK                                  ACCOUNT     ACCOUNT ID    REGION        TEMPLATE                                           WHAT',
        'test-catalog-organization-templates-eu-west-1     management  555555555555  eu-west-1     Organization-Templates-eu-west-1.template.json     ' +
          'organisation template bucket',
        'test-catalog-organization-templates-eu-central-1  management  555555555555  eu-central-1  Organization-Templates-eu-central-1.template.json  ' +
          'organisation template bucket',
        'test-catalog-organization-stackset                management  555555555555  eu-west-1     Organization-StackSet.template.json                ' +
          'StackSet test-catalog-organization -> ou-ab12-22222222, ou-ab12-33333333, ou-ab12-11111111 (eu-west-1, eu-central-1)',
        'test-catalog-pipeline                             tooling     444444444444  eu-west-1     Pipeline.template.json                             ' +
          'pipeline: dev -> staging -> approval -> prod -> organization',
      ].join('\n'),
    );
  });

  test('--pipeline deploys the organisation buckets (the pipeline publishes into them) and then the pipeline stack', () => {
    expect(publishSteps(result.catalog, result.outdir, { pipeline: true }).map((s) => [s.stackId, s.accountName, s.region])).toEqual([
      ['Organization-Templates-eu-west-1', 'management', 'eu-west-1'],
      ['Organization-Templates-eu-central-1', 'management', 'eu-central-1'],
      ['Pipeline', 'tooling', 'eu-west-1'],
    ]);
  });
});

describe('the publish command', () => {
  /** The `valid` fixture with a stage on each account (and nothing else to publish). */
  function stagedRoot(): string {
    const root = catalogRoot('valid');
    const text = fs.readFileSync(path.join(root, 'catalog.yaml'), 'utf8');
    writeFiles(root, {
      'catalog.yaml': text
        .replace('regions: [eu-west-1, eu-central-1]', 'regions: [eu-west-1, eu-central-1]\n    stage: dev')
        .replace('id: "333333333333"\n    regions: [eu-west-1]', 'id: "333333333333"\n    regions: [eu-west-1]\n    stage: prod'),
    });
    return root;
  }

  interface Run extends CliResult {
    readonly toolkit?: FakeToolkit;
    readonly asked: string[];
  }

  async function publish(
    root: string,
    argv: string[],
    options: { failingStack?: string; terminal?: boolean; answer?: boolean } = {},
  ): Promise<Run> {
    let toolkit: FakeToolkit | undefined;
    const asked: string[] = [];
    const command = createPublishCommand({
      toolkit: async () => (toolkit = new FakeToolkit(options.failingStack)),
      prompt: () => (options.terminal ? async (question) => (asked.push(question), options.answer ?? false) : undefined),
    });
    let stdout = '';
    let stderr = '';
    const code = await runCli(
      ['publish', '--out', path.join(tempDir(), 'cdk.out'), ...argv],
      { cwd: root, out: (t) => (stdout += `${t}\n`), err: (t) => (stderr += `${t}\n`) },
      [command],
    );
    return { code, stdout, stderr, toolkit, asked };
  }

  test('fails on an account without a stage, at the account, before asking anything', async () => {
    const run = await publish(catalogRoot('valid'), ['--yes']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "catalog.yaml:7:3: account 'dev' has no 'stage'; the catalog is published in the order dev -> staging -> prod, so set 'stage: dev', 'stage: staging' or 'stage: prod'\n" +
        "catalog.yaml:10:3: account 'prod' has no 'stage'; the catalog is published in the order dev -> staging -> prod, so set 'stage: dev', 'stage: staging' or 'stage: prod'\n" +
        '2 problems found; nothing was written.\n',
    );
    expect(run.toolkit).toBeUndefined();
  });

  test('in CI (no terminal) prints the order and refuses to deploy without --yes', async () => {
    const run = await publish(stagedRoot(), []);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      [
        '#  STAGE  STACK                          ACCOUNT  ACCOUNT ID    REGION        DEPLOY ROLE (ASSUMED)',
        `1  dev    test-catalog-dev-eu-west-1     dev      111111111111  eu-west-1     ${deployRole('111111111111', 'eu-west-1')}`,
        `2  dev    test-catalog-dev-eu-central-1  dev      111111111111  eu-central-1  ${deployRole('111111111111', 'eu-central-1')}`,
        `3  prod   test-catalog-prod-eu-west-1    prod     333333333333  eu-west-1     ${deployRole('333333333333', 'eu-west-1')}`,
      ].join('\n'),
    );
    expect(run.stderr).toBe(
      'publish: deploying to AWS needs a confirmation: there is no terminal to ask on (CI), so pass --yes\n' +
        'usage: sc-factory publish [--root DIR] [--out DIR] [--account NAME|ID] [--region REGION] [--stage STAGE] [--pipeline] [--yes]\n',
    );
    expect(run.toolkit).toBeUndefined();
  });

  const recordedTargets = (root: string) => Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'catalog.lock.json'), 'utf8')).targets);

  test('with --yes deploys every stack in order, reporting and recording each (catalog.lock.json), and exits 0', async () => {
    const root = stagedRoot();
    const run = await publish(root, ['--yes']);
    expect(run.code).toBe(0);
    expect(run.toolkit!.deployedStacks).toEqual(['dev-eu-west-1', 'dev-eu-central-1', 'prod-eu-west-1']);
    expect(run.stdout).toContain(
      [
        '[1/3] deploying test-catalog-dev-eu-west-1 to dev (111111111111) eu-west-1 ...',
        '[1/3] test-catalog-dev-eu-west-1: deployed',
        '[2/3] deploying test-catalog-dev-eu-central-1 to dev (111111111111) eu-central-1 ...',
        '[2/3] test-catalog-dev-eu-central-1: deployed',
        '[3/3] deploying test-catalog-prod-eu-west-1 to prod (333333333333) eu-west-1 ...',
        '[3/3] test-catalog-prod-eu-west-1: deployed',
        'Published 3 stacks.',
      ].join('\n'),
    );
    expect(recordedTargets(root)).toEqual(['dev-eu-central-1', 'dev-eu-west-1', 'prod-eu-west-1']);
  });

  test('a failed deployment exits 3, naming the stack, and what was not attempted; only what deployed is recorded', async () => {
    const root = stagedRoot();
    const run = await publish(root, ['--yes'], { failingStack: 'dev-eu-central-1' });
    expect(run.code).toBe(3);
    expect(run.toolkit!.deployedStacks).toEqual(['dev-eu-west-1', 'dev-eu-central-1']);
    expect(recordedTargets(root)).toEqual(['dev-eu-west-1']);
    expect(run.stderr).toBe(
      'publish failed: test-catalog-dev-eu-central-1 in dev (111111111111) eu-central-1: ' +
        'The stack named dev-eu-central-1 failed to deploy: UPDATE_ROLLBACK_COMPLETE\n' +
        'Not attempted (an earlier stage failed): test-catalog-prod-eu-west-1\n',
    );
  });

  test('on a terminal it asks first; anything but yes deploys nothing', async () => {
    const root = stagedRoot();
    const run = await publish(root, ['--account', 'prod'], { terminal: true, answer: false });
    expect(run.asked).toEqual(['\nDeploy 1 stack in 1 account? [y/N] ']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('Nothing was deployed.\n');
    expect(run.toolkit).toBeUndefined();
    expect(fs.existsSync(path.join(root, 'catalog.lock.json'))).toBe(false);
  });

  test('fails on a filter that matches no stack, listing what there is', async () => {
    const run = await publish(stagedRoot(), ['--account', 'staging', '--yes']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'publish: no stack matches --account staging; stacks to publish: dev (111111111111) eu-west-1 [dev]; ' +
        'dev (111111111111) eu-central-1 [dev]; prod (333333333333) eu-west-1 [prod]\n',
    );
  });

  test('fails on an unknown stage before synthesizing', async () => {
    const run = await publish(stagedRoot(), ['--stage', 'qa']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("publish: --stage must be one of dev, staging, prod, organization, got 'qa'\n");
  });

  test('fails on --pipeline when catalog.yaml configures none', async () => {
    const run = await publish(stagedRoot(), ['--pipeline', '--yes']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("publish: catalog.yaml configures no pipeline: add 'publishing.pipeline' (see docs/operators.md, 'The publishing pipeline')\n");
  });
});
