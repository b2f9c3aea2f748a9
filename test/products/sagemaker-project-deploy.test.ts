/**
 * The model deployment project template: an approved model version goes to the
 * staging account, is smoke-tested there, waits for a manual approval and goes to
 * production; the accounts and their roles come from catalog.yaml, the endpoint
 * is the sagemaker-endpoint product's template, byte for byte.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { parse } from 'yaml';
import { DEPLOY_STAGES, SageMakerProjectDeployProduct } from '../../products/sagemaker-project-deploy';
import { deployBuildSpec, MAX_TEMPLATE_BODY_BYTES, PIPELINE_DIRECTORY } from '../../products/sagemaker-project-deploy/buildspecs';
import { ENDPOINT_PRODUCT_ID } from '../../products/sagemaker-project-deploy/endpoint-template';
import { resolveProductClasses } from '../../src/generator/product-registry';
import { synthesizeCurrentTemplates } from '../../src/generator/product-templates';
import { loadCatalog } from '../../src/manifest';
import { type Catalog } from '../../src/model';
import {
  DEPLOY_PROJECT_ROLE_PREFIX,
  DEPLOY_PROJECT_ROLES,
  MAX_INLINE_BUILDSPEC_LENGTH,
  MAX_ROLE_NAME_LENGTH,
  PROJECT_ID_MAX_LENGTH,
  type ProjectKey,
  VpcBuildProject,
} from '../../src/sagemaker-projects';
import { PRODUCT_ASSETS_METADATA, productAssetFile } from '../../src/secure/product-assets';
import { acknowledgementsOf, catalogFactsIn, catalogRoot, synthProduct, type SynthesizedProduct, tempDir, validationDiagnostics } from '../helpers';
import { ResolvedTemplate } from '../secure/cfn-resolver';

const partitionArn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
const ANY_ACCOUNT_DEPLOY = partitionArn(':iam::*:role/test-catalog-model-deployment');
const ANY_ACCOUNT_SMOKE_TEST = partitionArn(':iam::*:role/test-catalog-model-smoke-test');
const LAUNCH = { SageMakerProjectName: 'churn', SageMakerProjectId: 'p-abc123def456', ModelPackageGroupName: 'churn-p-abc' };
const projectRoleName = (purpose: string) => ({ 'Fn::Join': ['', ['sagemaker-project-deploy-', { Ref: 'SageMakerProjectId' }, `-${purpose}`]] });

function resources(product: SynthesizedProduct, type: string): [string, any][] {
  return Object.entries(product.json.Resources as Record<string, any>).filter(([, r]) => r.Type === type);
}

function only(product: SynthesizedProduct, type: string): any {
  const found = resources(product, type);
  expect(found).toHaveLength(1);
  return found[0][1];
}

/** The files of a stored zip (the seed), by name. */
function zipEntries(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let offset = zip.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const local = zip.readUInt32LE(offset + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    entries.set(zip.subarray(offset + 46, offset + 46 + nameLength).toString(), zip.subarray(start, start + size));
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return entries;
}

describe('sagemaker-project-deploy', () => {
  let catalog: Catalog;
  let product: SynthesizedProduct;
  let stages: any[];
  beforeAll(() => {
    catalog = loadCatalog(catalogRoot('sagemaker-projects'));
    product = synthProduct(SageMakerProjectDeployProduct, 'deploy', catalog);
    stages = only(product, 'AWS::CodePipeline::Pipeline').Properties.Stages;
  });

  test('stages in order: build, deploy to staging, smoke test, manual approval, deploy to production', () => {
    expect(stages.map((s) => s.Name)).toEqual([...DEPLOY_STAGES]);
    expect(stages.map((s) => s.Actions.map((a: any) => `${a.ActionTypeId.Category}:${a.ActionTypeId.Provider}`))).toEqual([
      ['Source:CodeCommit'],
      ['Build:CodeBuild', 'Build:CodeBuild'],
      ['Build:CodeBuild'],
      ['Test:CodeBuild'],
      ['Approval:Manual'],
      ['Build:CodeBuild'],
    ]);
    const approval = DEPLOY_STAGES.indexOf('ApproveProduction');
    expect(approval).toBe(DEPLOY_STAGES.indexOf('DeployProduction') - 1);
    expect(DEPLOY_STAGES.indexOf('TestStaging')).toBeLessThan(approval);
  });

  test('deploys to the staging and production accounts of catalog.yaml with the product\'s deploy build: their deployment roles, their CloudFormation roles', () => {
    const [staging] = stages[2].Actions;
    const [prod] = stages[5].Actions;
    const [deployId] = resources(product, 'AWS::CodeBuild::Project').find(([id]) => id.startsWith('DeployProject'))!;
    for (const action of [staging, prod]) {
      // No action role: CodePipeline itself acts in no target account.
      expect(action.RoleArn).toBeUndefined();
      expect(action.Configuration.ProjectName).toEqual({ Ref: deployId });
      expect(action.Configuration.PrimarySource).toBe('EndpointTemplate');
      expect(action.InputArtifacts).toEqual([{ Name: 'EndpointTemplate' }, { Name: 'StageParameters' }]);
    }
    // One action per stage: the stage's accounts are the catalog stack's list, read at launch; the roles are the baseline's names.
    const variables = (stage: string, accounts: string) => ({
      'Fn::Sub': [
        JSON.stringify([
          { name: 'DEPLOY_STAGE', value: stage, type: 'PLAINTEXT' },
          { name: 'STACK_NAME', value: '${StackName}', type: 'PLAINTEXT' },
          { name: 'TARGET_ACCOUNTS', value: '${Accounts}', type: 'PLAINTEXT' },
          { name: 'TARGET_ROLE_NAME', value: 'test-catalog-model-deployment', type: 'PLAINTEXT' },
          { name: 'CLOUDFORMATION_ROLE_NAME', value: 'test-catalog-model-cfn-execution', type: 'PLAINTEXT' },
          { name: 'AWS_PARTITION', value: '${AWS::Partition}', type: 'PLAINTEXT' },
        ]),
        {
          // The stack names of 1.0.0 and 2.0.0's CloudFormation actions: an updated project keeps its stacks.
          StackName: { 'Fn::Join': ['', ['sagemaker-', { Ref: 'SageMakerProjectName' }, '-', { Ref: 'SageMakerProjectId' }, `-${stage}`]] },
          Accounts: { 'Fn::Join': [',', { Ref: accounts }] },
        },
      ],
    });
    expect(staging.Configuration.EnvironmentVariables).toEqual(variables('staging', 'CatalogStagingAccountsParameter'));
    expect(prod.Configuration.EnvironmentVariables).toEqual(variables('prod', 'CatalogProdAccountsParameter'));
    // At a launch in the dev account, the lists are the catalog's staging and production accounts.
    const launch = new ResolvedTemplate(product.json, { accountId: '111111111111', region: 'eu-west-1', parameters: LAUNCH, ssmValues: catalogFactsIn(catalog, '111111111111') });
    const accountsOf = (action: any) => launch.resolve(action.Configuration.EnvironmentVariables['Fn::Sub'][1].Accounts);
    expect([accountsOf(staging), accountsOf(prod)]).toEqual(['222222222222', '333333333333']);
    // The deploy build's role is named as the deployment roles trust (sagemaker-project-deploy-<id>-deploy) and may assume only them.
    const [, deployRole] = resources(product, 'AWS::IAM::Role').find(([id]) => id.startsWith('DeployRole'))!;
    expect(deployRole.Properties.RoleName).toEqual(projectRoleName('deploy'));
    const deployPolicy = resources(product, 'AWS::IAM::ManagedPolicy').find(([id]) => id.startsWith('DeployRolePolicy'))![1];
    expect(deployPolicy.Properties.PolicyDocument.Statement.filter((s: any) => [s.Action].flat().includes('sts:AssumeRole'))).toEqual([
      {
        Sid: 'AssumeTheTargetDeploymentRoles',
        Effect: 'Allow',
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Resource: ANY_ACCOUNT_DEPLOY,
        Condition: { StringEquals: { 'aws:ResourceAccount': { Ref: 'CatalogDeploymentTargetAccountsParameter' } } },
      },
    ]);
    // The accounts are not parameters an end user could change: the catalog facts are pinned to the catalog's names.
    // (Other SSM-typed parameters name the environment's published values, in the launch account.)
    const typed = Object.entries<any>(product.json.Parameters).filter(([, p]) => !String(p.Type).startsWith('AWS::SSM::Parameter::'));
    expect(typed.map(([id]) => id).filter((p) => /account|role/i.test(p))).toEqual([]);
    for (const [id, parameter] of Object.entries<any>(product.json.Parameters).filter(([logicalId]) => logicalId.startsWith('Catalog'))) {
      expect([id, parameter.AllowedValues]).toEqual([id, [parameter.Default]]);
    }
  });

  test('every deploy project role name fits IAM\'s 64 characters with the longest project id', () => {
    for (const purpose of Object.values(DEPLOY_PROJECT_ROLES)) {
      const longest = DEPLOY_PROJECT_ROLE_PREFIX.length + PROJECT_ID_MAX_LENGTH + 1 + purpose.length;
      expect([purpose, longest <= MAX_ROLE_NAME_LENGTH]).toEqual([purpose, true]);
    }
  });

  test('the smoke test invokes the endpoint the staging deploy created, as the staging smoke-test role', () => {
    const [smoke] = stages[3].Actions;
    // The deploy build exports EndpointNames (its buildspec's exported-variables) in this namespace.
    expect(stages[2].Actions[0].Namespace).toBe('staging');
    expect(smoke.Configuration.EnvironmentVariables).toEqual({
      'Fn::Sub': [
        JSON.stringify([
          { name: 'ENDPOINT_NAMES', value: '#{staging.EndpointNames}', type: 'PLAINTEXT' },
          { name: 'TARGET_ACCOUNTS', value: '${Accounts}', type: 'PLAINTEXT' },
          { name: 'TARGET_ROLE_NAME', value: 'test-catalog-model-smoke-test', type: 'PLAINTEXT' },
          { name: 'AWS_PARTITION', value: '${AWS::Partition}', type: 'PLAINTEXT' },
        ]),
        { Accounts: { 'Fn::Join': [',', { Ref: 'CatalogStagingAccountsParameter' }] } },
      ],
    });
    const smokePolicy = resources(product, 'AWS::IAM::ManagedPolicy').find(([id]) => id.startsWith('SmokeTestRolePolicy'))![1];
    expect(smokePolicy.Properties.PolicyDocument.Statement.find((s: any) => s.Sid === 'AssumeTheStagingSmokeTestRoles')).toEqual({
      Sid: 'AssumeTheStagingSmokeTestRoles',
      Effect: 'Allow',
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Resource: ANY_ACCOUNT_SMOKE_TEST,
      Condition: { StringEquals: { 'aws:ResourceAccount': { Ref: 'CatalogStagingAccountsParameter' } } },
    });
  });

  test('production waits for a manual approval after the smoke test', () => {
    const [approve] = stages[4].Actions;
    expect(approve.ActionTypeId).toEqual({ Category: 'Approval', Owner: 'AWS', Provider: 'Manual', Version: '1' });
    expect(approve.Configuration.CustomData).toMatch(/staging smoke test/);
  });

  test('an approved model version starts it (EventBridge), as does a push to main', () => {
    const patterns = resources(product, 'AWS::Events::Rule').map(([, r]) => r.Properties.EventPattern);
    expect(patterns).toContainEqual({
      'source': ['aws.sagemaker'],
      'detail-type': ['SageMaker Model Package State Change'],
      'detail': { ModelPackageGroupName: [{ Ref: 'ModelPackageGroupName' }], ModelApprovalStatus: ['Approved'] },
    });
    expect(patterns).toContainEqual(expect.objectContaining({ source: ['aws.codecommit'] }));
  });

  test('every CodeBuild project runs in the environment VPC, encrypted with the project key', () => {
    const projects = resources(product, 'AWS::CodeBuild::Project');
    expect(projects).toHaveLength(4);
    for (const [, project] of projects) {
      expect(project.Properties.VpcConfig).toEqual({
        VpcId: { Ref: 'VpcIdParameter' },
        Subnets: { Ref: 'PrivateSubnetIdsParameter' },
        SecurityGroupIds: { Ref: 'SecurityGroupIdsParameter' },
      });
      expect(project.Properties.EncryptionKey).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] });
    }
  });

  test('no other account reads the artifact bucket or uses the project key (the deploy build reads its inputs itself)', () => {
    const bucket = only(product, 'AWS::S3::BucketPolicy').Properties.PolicyDocument.Statement;
    expect(bucket.filter((s: any) => s.Effect === 'Allow')).toEqual([]);
    const key = only(product, 'AWS::KMS::Key').Properties;
    expect(key.EnableKeyRotation).toBe(true);
    expect(key.KeyPolicy.Statement.filter((s: any) => JSON.stringify(s.Principal ?? '').match(/\d{12}/))).toEqual([]);
  });

  test('the pipeline acts in no target account; the deploy and smoke-test builds name the target roles they assume', () => {
    const pipelinePolicy = resources(product, 'AWS::IAM::ManagedPolicy').find(([id]) => id.startsWith('PipelineRolePolicy'))![1];
    expect(pipelinePolicy.Properties.PolicyDocument.Statement.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('sts:')))).toEqual([]);
    // Named as the target roles trust: sagemaker-project-deploy-<id>-<purpose>.
    const roles = resources(product, 'AWS::IAM::Role').map(([, r]) => r.Properties.RoleName).filter(Boolean);
    expect(roles).toEqual(expect.arrayContaining(['pipeline', 'deploy', 'smoke-test'].map(projectRoleName)));
    expect(roles).toHaveLength(3);
    // No account id at all: the target accounts are the catalog stack's lists (adding one changes no template).
    expect(JSON.stringify(product.json)).not.toMatch(/\d{12}/);
  });

  test('every build runs commands of the product (inline buildspecs), none of the repository', () => {
    for (const [id, project] of resources(product, 'AWS::CodeBuild::Project')) {
      const spec = parse(project.Properties.Source.BuildSpec);
      expect([id, spec.version]).toEqual([id, 0.2]);
      // What the shell runs: each command's first line (the rest of a command is a here-document's text).
      const shell: string[] = spec.phases.build.commands.map((command: string) => command.split('\n')[0]);
      expect(shell.length).toBeGreaterThan(1);
      for (const line of shell) {
        expect(line).toMatch(
          /^(rm -rf [^ ]+ && mkdir( -p)? [^ ]+|cat > \/tmp\/product-pipeline\/(\w+\.py|requirements\.txt) <<'PRODUCT_FILE_EOF'|base64 -d > "\.product-output\/template\.json" <<'PRODUCT_FILE_EOF'|echo "[0-9a-f]{64}  (\.product-output|\$CODEBUILD_SRC_DIR)\/template\.json" \| sha256sum --check --strict -|\(cd \/tmp\/product-pipeline && python3 -E -s -B \w+\.py "\$CODEBUILD_SRC_DIR"( "[^"]+")?\)|\(cd \/tmp\/product-pipeline && python3 -E -s -B deploy_stack\.py "\$CODEBUILD_SRC_DIR\/template\.json" "\$CODEBUILD_SRC_DIR_StageParameters\/\$DEPLOY_STAGE-config\.json" "\/tmp\/product-pipeline\/endpoint-names"\)|export EndpointNames="\$\(cat \/tmp\/product-pipeline\/endpoint-names\)"|aws codeartifact login --tool pip --domain "\$CODEARTIFACT_DOMAIN" --domain-owner "\$CODEARTIFACT_DOMAIN_OWNER" --repository "\$CODEARTIFACT_REPOSITORY"|python3 -m pip install --quiet --disable-pip-version-check --no-deps --target \/tmp\/product-pipeline -r \/tmp\/product-pipeline\/requirements\.txt)$/,
        );
      }
    }
    // The repository is data only: no code, no buildspec.
    const seeded = seedEntries(product);
    expect([...seeded.keys()].sort()).toEqual(['README.md', 'config/prod.json', 'config/staging.json', 'tests/sample-payload.csv']);
  });

  test('the stage parameters, deploy and smoke-test builds install the AWS SDK for Python pinned as the tests ran it, from the package mirror, into the scripts\' folder', () => {
    const pins = fs.readFileSync(path.join(PIPELINE_DIRECTORY, 'requirements.txt'), 'utf8').trim().split('\n');
    const project = new Set(fs.readFileSync(path.join(__dirname, '..', '..', 'requirements.txt'), 'utf8').split('\n').map((line) => line.trim()));
    expect(pins.map((pin) => pin.split('==')[0]).sort()).toEqual(['boto3', 'botocore', 'jmespath', 'python-dateutil', 's3transfer', 'six', 'urllib3']);
    // Exactly the versions the unit tests import from .venv (installed without dependencies: each is listed).
    expect(pins.filter((pin) => !project.has(pin))).toEqual([]);
    const scriptBuilds = resources(product, 'AWS::CodeBuild::Project').filter(([, build]) => build.Properties.Source.BuildSpec.includes('python3 -E -s -B'));
    // 5.0.0: every build that runs a script (the stage parameters build too); none uses the AWS CLI stand-in any more.
    expect(scriptBuilds.map(([id]) => id.replace(/Project.*$/, '')).sort()).toEqual(['Build', 'Deploy', 'SmokeTest']);
    expect(fs.existsSync(path.join(PIPELINE_DIRECTORY, 'aws_cli.py'))).toBe(false);
    for (const [id, build] of scriptBuilds) {
      const commands: string[] = parse(build.Properties.Source.BuildSpec).phases.build.commands;
      const login = commands.findIndex((command) => command.startsWith('aws codeartifact login'));
      const install = commands.findIndex((command) => command.startsWith('python3 -m pip install'));
      const run = commands.findIndex((command) => command.includes('python3 -E -s -B'));
      expect([id, login >= 0 && login < install && install < run]).toEqual([id, true]);
      // The scripts' shared module (their boto3 clients) is written next to them, as the product holds it.
      const shared = commands.find((command) => command.startsWith('cat > /tmp/product-pipeline/aws_clients.py <<\'PRODUCT_FILE_EOF\'\n'));
      expect([id, shared?.split('\n').slice(1, -2).join('\n')]).toEqual([id, fs.readFileSync(path.join(PIPELINE_DIRECTORY, 'aws_clients.py'), 'utf8').replace(/\n$/, '')]);
      const names = build.Properties.Environment.EnvironmentVariables.map((v: any) => v.Name);
      expect(names).toEqual(expect.arrayContaining(['CODEARTIFACT_DOMAIN', 'CODEARTIFACT_DOMAIN_OWNER', 'CODEARTIFACT_REPOSITORY']));
    }
  });

  test('the endpoint it deploys is the sagemaker-endpoint product template, byte for byte, written by its own build after a sha256 check', () => {
    // The template the generator publishes as the sagemaker-endpoint product.
    const current = synthesizeCurrentTemplates(catalog, resolveProductClasses(catalog), { outdir: tempDir(), productIds: [ENDPOINT_PRODUCT_ID] });
    const published = fs.readFileSync(current.get(ENDPOINT_PRODUCT_ID)!.templateFile);
    const sha = crypto.createHash('sha256').update(published).digest('hex');
    const [, templateBuild] = resources(product, 'AWS::CodeBuild::Project').find(([id]) => id.startsWith('EndpointTemplateProject'))!;
    const commands: string[] = parse(templateBuild.Properties.Source.BuildSpec).phases.build.commands;
    const decode = commands.find((c) => c.startsWith('base64 -d'))!;
    const lines = decode.split('\n');
    const embedded = Buffer.from(lines.slice(1, lines.indexOf('PRODUCT_FILE_EOF')).join(''), 'base64');
    expect(embedded.equals(published)).toBe(true);
    expect(commands).toContain(`echo "${sha}  .product-output/template.json" | sha256sum --check --strict -`);
    expect(product.json.Outputs.EndpointTemplateSha256.Value).toBe(sha);
    // The deploy build checks the same bytes again before it deploys them, and exports the endpoint's name.
    const [, deployBuild] = resources(product, 'AWS::CodeBuild::Project').find(([id]) => id.startsWith('DeployProject'))!;
    const deploySpec = parse(deployBuild.Properties.Source.BuildSpec);
    expect(deploySpec.phases.build.commands[0]).toBe(`echo "${sha}  $CODEBUILD_SRC_DIR/template.json" | sha256sum --check --strict -`);
    expect(deploySpec.env['exported-variables']).toEqual(['EndpointNames']);
    expect(deploySpec.artifacts).toBeUndefined();
    // CreateChangeSet takes the template inline: it fits, and a larger one fails the synth.
    expect(published.length).toBeLessThanOrEqual(MAX_TEMPLATE_BODY_BYTES);
    expect(() => deployBuildSpec({ text: 'x'.repeat(MAX_TEMPLATE_BODY_BYTES + 1), sha256: sha }, 'StageParameters')).toThrow(
      /the endpoint template has 51201 bytes, CreateChangeSet takes a TemplateBody of at most 51200/,
    );
  });

  test('a stage may set only what the endpoint template lets it: never the model source or the SSM-resolved environment', () => {
    const [, build] = resources(product, 'AWS::CodeBuild::Project').find(([id]) => id.startsWith('BuildProject'))!;
    const variable = build.Properties.Environment.EnvironmentVariables.find((v: any) => v.Name === 'SETTABLE_PARAMETERS');
    expect(JSON.parse(variable.Value)).toEqual([
      'AutoScaling',
      'DataCapture',
      'DataCaptureSamplingPercentage',
      'InstanceCount',
      'InstanceType',
      'MaxInstanceCount',
      'TargetInvocationsPerInstance',
    ]);
  });

  test('every inline buildspec fits CodeBuild\'s limit, and a build project refuses one that does not', () => {
    for (const [id, project] of resources(product, 'AWS::CodeBuild::Project')) {
      expect([id, project.Properties.Source.BuildSpec.length <= MAX_INLINE_BUILDSPEC_LENGTH]).toEqual([id, true]);
    }
    const props = { projectName: 'p', description: 'd', environmentVariables: {}, key: {} as ProjectKey, vpcId: 'v', subnetIds: [], securityGroupIds: [] };
    expect(() => new VpcBuildProject(new Stack(), 'Big', { ...props, buildSpec: { inline: 'x'.repeat(MAX_INLINE_BUILDSPEC_LENGTH + 1) } })).toThrow(
      /the inline buildspec has 25601 characters, CodeBuild takes at most 25600/,
    );
  });

  test('is clean under AwsSolutions, NIST 800-53 R5, HIPAA Security and CloudFormation validation', () => {
    expect(product.findings).toEqual([]);
  });

  test('every acknowledged finding carries a reason', () => {
    const acknowledged = acknowledgementsOf(product.stack);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const [, reason] of acknowledged) expect(reason.length).toBeGreaterThan(40);
  });

  test('validate refuses a catalog without a production account, at the product in catalog.yaml, saying which stage is missing', () => {
    const root = catalogRoot('sagemaker-projects');
    const file = path.join(root, 'catalog.yaml');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace('stage: prod', 'stage: staging'));
    const productLine = text.split('\n').findIndex((line) => /^ {2}deploy:/.test(line)) + 1;
    expect(productLine).toBeGreaterThan(0);
    const diagnostics = validationDiagnostics(root);
    expect(diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([['PRODUCT_CATALOG_REQUIREMENT', 'catalog.yaml', productLine]]);
    expect(diagnostics[0].message).toContain("'stage: prod'");
  });
});

/** The files the product seeds the repository with. */
function seedEntries(product: SynthesizedProduct): Map<string, Buffer> {
  const [asset] = product.json.Metadata[PRODUCT_ASSETS_METADATA];
  return zipEntries(fs.readFileSync(productAssetFile(path.join(productOutdir(product), 'deploy.template.json'), asset)));
}

/** The cloud assembly folder the product was synthesized into. */
function productOutdir(product: SynthesizedProduct): string {
  return (product.stack.node.root as unknown as { outdir: string }).outdir;
}
