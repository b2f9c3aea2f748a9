/**
 * The CI pipeline option: a CDK Pipelines pipeline in the tooling account, one
 * wave per stage, a manual approval before production, the same `sc-factory
 * synth` as `npx projen synth`; it deploys byte-identical templates to the
 * top-level catalog stacks, and adding it changes neither their templates nor
 * their ids.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { synthesizeCatalog, type SynthesizedCatalog } from '../../src/generator/catalog-app';
import { PIPELINE_PYTHON_ENV_COMMAND, PIPELINE_SYNTH_COMMAND } from '../../src/generator/pipeline-stack';
import { loadCatalog } from '../../src/manifest';
import { formatDiagnostic, ManifestError } from '../../src/model';
import { catalogRoot, REPO_ROOT, tempDir, writeFiles } from '../helpers';

const readJson = (file: string): any => JSON.parse(fs.readFileSync(file, 'utf8'));
const synth = (root: string) => synthesizeCatalog({ root, outdir: path.join(tempDir(), 'cdk.out') });

function problems(root: string): string[] {
  try {
    loadCatalog(root);
  } catch (error) {
    if (ManifestError.is(error)) return error.diagnostics.map(formatDiagnostic);
    throw error;
  }
  return [];
}

/** A copy of the publishing fixture with `catalog.yaml` edited. */
function editedRoot(edit: (text: string) => string): string {
  const root = catalogRoot('publishing');
  writeFiles(root, { 'catalog.yaml': edit(fs.readFileSync(path.join(root, 'catalog.yaml'), 'utf8')) });
  return root;
}

const withoutPipeline = (text: string) => text.replace(/publishing:\n(  .*\n)+/, '');

interface StackFile {
  readonly id: string;
  readonly stackName: string;
  readonly environment: string;
  /** Template path, relative to the assembly root. */
  readonly template: string;
}

/** Every stack of an assembly, nested assemblies (the pipeline's stages) included. */
function stacksOf(dir: string, prefix = ''): StackFile[] {
  const manifest = readJson(path.join(dir, prefix, 'manifest.json'));
  return Object.entries(manifest.artifacts as Record<string, any>).flatMap(([id, artifact]) => {
    if (artifact.type === 'cdk:cloud-assembly') return stacksOf(dir, path.join(prefix, artifact.properties.directoryName));
    if (artifact.type !== 'aws:cloudformation:stack') return [];
    const template = path.join(prefix, artifact.properties.templateFile);
    return [{ id, stackName: artifact.properties.stackName, environment: artifact.environment, template }];
  });
}

describe('the pipeline of the publishing fixture', () => {
  let result: SynthesizedCatalog;
  let pipeline: any;
  beforeAll(() => {
    result = synth(catalogRoot('publishing'));
    const template = readJson(path.join(result.outdir, 'Pipeline.template.json'));
    pipeline = Object.values(template.Resources as Record<string, any>).find((r) => r.Type === 'AWS::CodePipeline::Pipeline');
  });

  const stage = (name: string) => pipeline.Properties.Stages.find((s: any) => s.Name === name);

  test('runs in the tooling account: source, synth, self-update, assets, then one wave per stage, then the organisation', () => {
    expect(readJson(path.join(result.outdir, 'manifest.json')).artifacts.Pipeline.environment).toBe('aws://444444444444/eu-west-1');
    expect(pipeline.Properties.Name).toBe('test-catalog-publish');
    expect(pipeline.Properties.Stages.map((s: any) => s.Name)).toEqual([
      'Source',
      'Build',
      'UpdatePipeline',
      'Assets',
      'dev',
      'staging',
      'prod',
      'Organization',
    ]);
  });

  test('production waits for a manual approval before anything is deployed there', () => {
    const actions = stage('prod').Actions.map((a: any) => [a.Name, a.ActionTypeId.Category, a.RunOrder]);
    expect(actions).toEqual([
      ['PromoteToProd', 'Approval', 1],
      ['test-catalog-prod-eu-west-1.Prepare', 'Deploy', 2],
      ['test-catalog-prod-eu-west-1.Deploy', 'Deploy', 3],
    ]);
    // No other wave waits for anyone.
    for (const name of ['dev', 'staging', 'Organization']) {
      expect(stage(name).Actions.map((a: any) => a.ActionTypeId.Category)).not.toContain('Approval');
    }
  });

  test("each wave deploys its accounts' catalog stacks through their bootstrap roles (the tooling account is trusted)", () => {
    const deploys = (name: string) =>
      stage(name)
        .Actions.filter((a: any) => a.Configuration.ActionMode === 'CHANGE_SET_REPLACE')
        .map((a: any) => [a.Configuration.StackName, a.RoleArn['Fn::Join'][1][2], a.Configuration.RoleArn['Fn::Join'][1][2]]);
    expect(deploys('dev')).toEqual([
      ['test-catalog-dev-eu-central-1', ':iam::111111111111:role/cdk-hnb659fds-deploy-role-111111111111-eu-central-1', ':iam::111111111111:role/cdk-hnb659fds-cfn-exec-role-111111111111-eu-central-1'],
      ['test-catalog-dev-eu-west-1', ':iam::111111111111:role/cdk-hnb659fds-deploy-role-111111111111-eu-west-1', ':iam::111111111111:role/cdk-hnb659fds-cfn-exec-role-111111111111-eu-west-1'],
    ]);
    expect(deploys('staging').map((d: string[]) => d[0])).toEqual(['test-catalog-staging-eu-west-1']);
    expect(deploys('Organization').map((d: string[]) => d[0])).toEqual([
      'test-catalog-organization-templates-eu-central-1',
      'test-catalog-organization-templates-eu-west-1',
      'test-catalog-organization-stackset',
    ]);
  });

  test('reads the branch through the CodeConnections connection', () => {
    expect(stage('Source').Actions[0]).toMatchObject({
      ActionTypeId: { Category: 'Source', Provider: 'CodeStarSourceConnection' },
      Configuration: {
        ConnectionArn: 'arn:aws:codeconnections:eu-west-1:444444444444:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
        FullRepositoryId: 'example-org/sc-product-factory',
        BranchName: 'main',
      },
    });
  });

  test("the synth step runs npm ci and the same 'sc-factory synth' as 'npx projen synth', and hands on cdk.out", () => {
    const template = Template.fromJSON(readJson(path.join(result.outdir, 'Pipeline.template.json')));
    const synthProject = Object.entries(template.findResources('AWS::CodeBuild::Project')).find(([id]) => id.includes('Synth'))![1];
    const buildSpec = JSON.parse(synthProject.Properties.Source.BuildSpec);
    expect(buildSpec.phases.install).toEqual({ 'runtime-versions': { nodejs: '20' }, 'commands': ['npm ci', 'node scripts/python-env.js'] });
    expect(buildSpec.phases.build.commands).toEqual([PIPELINE_SYNTH_COMMAND]);
    expect(buildSpec.artifacts['base-directory']).toBe('cdk.out');
    const { tasks } = readJson(path.join(REPO_ROOT, '.projen/tasks.json'));
    const projenSynth = tasks.synth.steps.find((step: { exec?: string }) => step.exec).exec;
    expect(PIPELINE_SYNTH_COMMAND.startsWith(projenSynth)).toBe(true);
    // The Python tools synth runs (cfn-lint) are installed as `npx projen python-env` installs them.
    expect(tasks.synth.steps[0]).toEqual({ spawn: 'python-env' });
    expect(tasks['python-env'].steps).toEqual([{ exec: PIPELINE_PYTHON_ENV_COMMAND }]);
  });

  test('artifacts crossing accounts are encrypted with a rotating KMS key', () => {
    Template.fromJSON(readJson(path.join(result.outdir, 'Pipeline.template.json'))).hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
    });
  });

  test('deploys byte-identical templates to the ones `publish` deploys, under the same stack names', () => {
    const stacks = stacksOf(result.outdir);
    const topLevel = stacks.filter((s) => !s.template.includes(path.sep) && s.id !== 'Pipeline' && !s.id.startsWith('cross-region-stack'));
    const inPipeline = stacks.filter((s) => s.template.startsWith('assembly-Pipeline-'));
    expect(inPipeline.map((s) => s.stackName).sort()).toEqual(topLevel.map((s) => s.stackName).sort());
    for (const copy of inPipeline) {
      const original = topLevel.find((s) => s.stackName === copy.stackName)!;
      expect([copy.stackName, copy.environment]).toEqual([original.stackName, original.environment]);
      expect(fs.readFileSync(path.join(result.outdir, copy.template), 'utf8')).toBe(fs.readFileSync(path.join(result.outdir, original.template), 'utf8'));
    }
  });

  test('adding the pipeline changes no catalog stack: same ids, same templates, byte for byte', () => {
    const without = synth(editedRoot(withoutPipeline));
    const ids = (r: SynthesizedCatalog) => stacksOf(r.outdir).filter((s) => !s.template.includes(path.sep));
    const expected = ids(without);
    expect(expected.map((s) => s.id)).toEqual([
      'dev-eu-west-1',
      'dev-eu-central-1',
      'staging-eu-west-1',
      'prod-eu-west-1',
      'Organization-Templates-eu-west-1',
      'Organization-Templates-eu-central-1',
      'Organization-StackSet',
    ]);
    const withPipeline = ids(result).filter((s) => expected.some((e) => e.id === s.id));
    expect(withPipeline.map((s) => s.id)).toEqual(expected.map((s) => s.id));
    for (const stack of expected) {
      expect(fs.readFileSync(path.join(result.outdir, stack.template), 'utf8')).toBe(fs.readFileSync(path.join(without.outdir, stack.template), 'utf8'));
    }
    expect(fs.existsSync(path.join(without.outdir, 'Pipeline.template.json'))).toBe(false);
  });
});

describe('a pipeline reading CodeCommit', () => {
  test('uses the repository and branch from catalog.yaml', () => {
    const root = editedRoot((text) =>
      text
        .replace(/ {6}connectionArn: .*\n {6}repository: .*\n/, '      codeCommitRepository: service-catalog\n')
        .replace('branch: main', 'branch: release'),
    );
    const template = readJson(path.join(synth(root).outdir, 'Pipeline.template.json'));
    const pipeline = Object.values(template.Resources as Record<string, any>).find((r) => r.Type === 'AWS::CodePipeline::Pipeline');
    expect(pipeline.Properties.Stages[0].Actions[0]).toMatchObject({
      ActionTypeId: { Category: 'Source', Provider: 'CodeCommit' },
      Configuration: { RepositoryName: 'service-catalog', BranchName: 'release' },
    });
  });
});

describe('pipeline manifest errors', () => {
  test('fails on a pipeline account catalog.yaml does not list', () => {
    expect(problems(editedRoot((t) => t.replace('account: tooling', 'account: toolng')))).toEqual([
      "catalog.yaml:40:14: unknown pipeline account 'toolng', did you mean 'tooling'?",
    ]);
  });

  test('fails on a source with both a connection and a CodeCommit repository, or with neither', () => {
    expect(problems(editedRoot((t) => t.replace('      branch: main', '      codeCommitRepository: other\n      branch: main')))).toEqual([
      "catalog.yaml:44:7: the pipeline source needs exactly one of 'connectionArn' (with 'repository': owner/name) or 'codeCommitRepository'",
    ]);
    expect(problems(editedRoot((t) => t.replace(/ {6}connectionArn: .*\n {6}repository: .*\n/, '')))).toEqual([
      "catalog.yaml:41:5: the pipeline source needs exactly one of 'connectionArn' (with 'repository': owner/name) or 'codeCommitRepository'",
    ]);
  });

  test('fails on a connection without its repository', () => {
    expect(problems(editedRoot((t) => t.replace(/ {6}repository: .*\n/, '')))).toEqual([
      "catalog.yaml:42:7: a connection source needs 'repository' (owner/name) as well",
    ]);
  });

  test('fails on a connection that belongs to another account than the tooling account', () => {
    expect(problems(editedRoot((t) => t.replace('eu-west-1:444444444444:connection', 'eu-west-1:999999999999:connection')))).toEqual([
      "catalog.yaml:42:7: the connection belongs to account 999999999999, but the pipeline runs in 'tooling' (444444444444); create the connection in the tooling account",
    ]);
  });

  test('fails on an account the pipeline deploys to without a stage', () => {
    expect(problems(editedRoot((t) => t.replace('    stage: staging\n', '')))).toEqual([
      "catalog.yaml:14:3: account 'staging' has no 'stage'; the catalog is published in the order dev -> staging -> prod, so set 'stage: dev', 'stage: staging' or 'stage: prod'",
    ]);
  });
});

describe('the shipped catalog', () => {
  test('is published by the pipeline in its tooling account, which no portfolio targets', () => {
    const catalog = loadCatalog(REPO_ROOT);
    expect(catalog.publishing.pipeline?.account).toBe('tooling');
    expect(catalog.accounts.find((a) => a.name === 'tooling')?.id).toBe('444444444444');
    expect(catalog.portfolios.some((p) => p.accounts.includes('tooling'))).toBe(false);
  });
});
