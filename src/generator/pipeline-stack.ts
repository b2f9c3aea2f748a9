/**
 * The CI pipeline option (catalog.yaml `publishing.pipeline`): a CDK Pipelines
 * pipeline in the tooling account that publishes the catalog on every push to
 * its branch.
 *
 *   Source -> Synth (`npm ci`, then the same `sc-factory synth` as `npx projen synth`)
 *   -> UpdatePipeline (self-mutation) -> Assets
 *   -> wave dev -> wave staging -> [manual approval] wave prod
 *   -> wave organization (the StackSet, when portfolios target organizational units)
 *
 * The waves are the other publish targets' (targets/): each stage's wave deploys
 * the catalog stacks of its accounts, one CDK Stage per account (accounts of a
 * wave deploy in parallel). The stages build
 * the very same CatalogStack per account and region as the top-level app, so the
 * templates they deploy are byte-identical to those `sc-factory publish`
 * deploys, under the same stack names; the top-level stacks and their ids do not
 * change when the pipeline is added (tests prove both).
 *
 * The target accounts trust the tooling account through their CDK bootstrap
 * (`cdk bootstrap --trust <tooling account>`, see docs/operators.md).
 */
import { Stack, type Stage, Validations } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as pipelines from 'aws-cdk-lib/pipelines';
import type { Construct } from 'constructs';
import { logAccess } from './access-logs';
import { tagWithCatalog } from './catalog-tags';
import { REPRODUCIBLE_CONTENT } from './reasons';
import type { PipelineWave } from './targets/target';
import type { Catalog, PipelineSettings } from '../model/catalog';
import { accountNamed } from '../model/publishing';
import { acknowledgeNistAndHipaa, acknowledgeWildcards, findingRef, GRANT_WILDCARD_ACTIONS } from '../secure/acknowledge';

/** The command the pipeline's synth step runs: the one behind `npx projen synth`. */
export const PIPELINE_SYNTH_COMMAND = 'node bin/sc-factory synth --out cdk.out';

/** What `npx projen python-env` runs: the virtualenv with the Python tools synth needs (cfn-lint). */
export const PIPELINE_PYTHON_ENV_COMMAND = 'node scripts/python-env.js';

/** The CDK CLI the pipeline's self-mutation and asset steps install (the project's pinned CLI). */
export const PIPELINE_CDK_CLI_VERSION = '2.1148.1';

/** Name of the manual approval step before a wave that asks for one (production). */
export const PROD_APPROVAL_STEP = 'PromoteToProd';

export interface CatalogPipelineStackProps {
  readonly catalog: Catalog;
  /** What it deploys after the synth and asset steps, in order: the waves of the other publish targets (targets/). */
  readonly waves: readonly PipelineWave[];
}

export class CatalogPipelineStack extends Stack {
  /** Construct and artifact id; capitalised so it can never equal a catalog stack's `<account>-<region>`. */
  public static readonly ID = 'Pipeline';

  public static stackNameOf(catalog: Pick<Catalog, 'name'>): string {
    return `${catalog.name}-pipeline`;
  }

  public readonly pipeline: pipelines.CodePipeline;
  /** Wave name -> the CDK stages it deploys, in publishing order. */
  public readonly waves = new Map<string, Stage[]>();

  constructor(scope: Construct, props: CatalogPipelineStackProps) {
    const { catalog, waves } = props;
    const settings = catalog.publishing.pipeline!;
    const tooling = accountNamed(catalog, settings.account);
    super(scope, CatalogPipelineStack.ID, {
      env: { account: tooling.id, region: tooling.regions[0] },
      stackName: CatalogPipelineStack.stackNameOf(catalog),
      description: `${catalog.displayName}: the pipeline that publishes the Service Catalog catalog (dev -> staging -> prod)`,
      analyticsReporting: false,
    });
    tagWithCatalog(this, catalog);

    this.pipeline = new pipelines.CodePipeline(this, 'Pipeline', {
      pipelineName: `${catalog.name}-publish`,
      // Target accounts decrypt the artifacts with this key: required to deploy across accounts.
      crossAccountKeys: true,
      enableKeyRotation: true,
      selfMutation: true,
      // One CodeBuild project publishes every file asset. In parallel, each asset (every product version's
      // template is one) adds a project and a statement to the CodeBuild action role's inline policy, which
      // outgrows IAM's 10,240 characters (the quota gate) as the catalog gains versions.
      publishAssetsInParallel: false,
      dockerEnabledForSynth: false,
      cliVersion: PIPELINE_CDK_CLI_VERSION,
      codeBuildDefaults: {
        buildEnvironment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0, computeType: codebuild.ComputeType.SMALL },
        partialBuildSpec: codebuild.BuildSpec.fromObject({ phases: { install: { 'runtime-versions': { nodejs: '20' } } } }),
      },
      synth: new pipelines.ShellStep('Synth', {
        input: this.source(settings),
        // The Python tools synth runs (cfn-lint), pinned in requirements.txt.
        installCommands: ['npm ci', PIPELINE_PYTHON_ENV_COMMAND],
        commands: [PIPELINE_SYNTH_COMMAND],
        env: { CDK_DISABLE_CLI_TELEMETRY: 'true' },
        primaryOutputDirectory: 'cdk.out',
      }),
    });

    for (const wave of waves) {
      const pre = wave.approval ? [new pipelines.ManualApprovalStep(PROD_APPROVAL_STEP, { comment: wave.approval })] : [];
      const pipelineWave = this.pipeline.addWave(wave.name, { pre });
      const stages = wave.addStages(this);
      for (const cdkStage of stages) pipelineWave.addStage(cdkStage);
      this.waves.set(wave.name, stages);
    }
    // Built now rather than at synth, so its resources exist here for the rule packs' acknowledgements.
    this.pipeline.buildPipeline();
    this.secureGeneratedResources();
  }

  /**
   * CDK Pipelines writes the pipeline's buckets and roles: its buckets get
   * versioning and access logs here; what the rule packs flag in its roles is
   * accepted below, wildcard by wildcard, with the reason.
   */
  private secureGeneratedResources(): void {
    const codePipeline = this.pipeline.pipeline;
    const buckets = [
      { bucket: codePipeline.artifactBucket, prefix: 'pipeline-artifacts/' },
      ...Object.entries(codePipeline.crossRegionSupport).map(([region, support]) => ({
        bucket: support.replicationBucket,
        prefix: `pipeline-artifacts-${region}/`,
      })),
    ];
    for (const { bucket, prefix } of buckets) {
      logAccess(bucket, prefix);
      acknowledgeNistAndHipaa(bucket, 'S3BucketReplicationEnabled', REPRODUCIBLE_CONTENT);
    }

    const scope = this.pipeline;
    const { account, region } = this;
    acknowledgeWildcards(
      scope,
      'Action',
      [...GRANT_WILDCARD_ACTIONS.read, ...GRANT_WILDCARD_ACTIONS.write, ...GRANT_WILDCARD_ACTIONS.key],
      "CDK Pipelines' grants on the pipeline's own artifact buckets and their keys (read/write for the pipeline, source " +
        'and synth roles; read for self-mutation and asset publishing): object-level actions on those buckets and keys only.',
    );
    acknowledgeWildcards(
      scope,
      'Resource',
      buckets.map(({ bucket }) => {
        // The replication buckets of other regions have generated physical names.
        const name: unknown = this.resolve(bucket.bucketName);
        return typeof name === 'string' ? `arn:<AWS::Partition>:s3:::${name}/*` : `${findingRef(bucket, 'Arn')}/*`;
      }),
      'Objects of the pipeline\'s own artifact buckets: CodePipeline names them per execution.',
    );
    const projects = [
      codePipeline.node.findChild('Build').node.findChild('Synth').node.findChild('CdkBuildProject'),
      this.pipeline.node.findChild('UpdatePipeline').node.findChild('SelfMutation'),
    ];
    acknowledgeWildcards(
      scope,
      'Resource',
      projects.flatMap((project) => [
        `arn:<AWS::Partition>:logs:${region}:${account}:log-group:/aws/codebuild/${findingRef(project)}:*`,
        `arn:<AWS::Partition>:codebuild:${region}:${account}:report-group/${findingRef(project)}-*`,
      ]),
      "The synth and self-mutation builds' own log group (streams are named per build) and test report groups.",
    );
    acknowledgeWildcards(
      scope,
      'Resource',
      [
        `arn:<AWS::Partition>:logs:${region}:${account}:log-group:/aws/codebuild/*`,
        `arn:<AWS::Partition>:codebuild:${region}:${account}:report-group/*`,
      ],
      'The asset-publishing role CDK Pipelines shares between its file-asset CodeBuild projects (created as assets are ' +
        'added): their log groups and report groups, in the tooling account that runs only this pipeline.',
    );
    acknowledgeWildcards(
      scope,
      'Resource',
      ['*'],
      'Calls that take no resource ARN or are read-only: self-mutation reads its stacks (cloudformation:DescribeStacks) and ' +
        'bucket listings for `cdk deploy`; the asset-publishing role starts and follows its own CodeBuild builds.',
    );
    acknowledgeWildcards(
      scope,
      'Resource',
      [`arn:*:iam::${account}:role/*`],
      'Self-mutation assumes only the CDK bootstrap roles of the tooling account: the statement requires the role tag ' +
        'aws-cdk:bootstrap-role = image-publishing, file-publishing or deploy.',
    );
    acknowledgeNistAndHipaa(
      scope,
      'IAMNoInlinePolicy',
      "CDK Pipelines writes each role's grants as that role's own default policy: attached to one role, deleted with it.",
    );
    Validations.of(scope).acknowledge({
      id: 'HIPAA.Security::HIPAA.Security-CodeBuildProjectSourceRepoUrl',
      reason:
        'The projects take their source from CodePipeline (source type CODEPIPELINE), which reads the repository through ' +
        'the CodeConnections connection: there is no repository URL and no credential to protect with OAuth (the rule ' +
        'flags every project without OAuth).',
    });
    Validations.of(codePipeline).acknowledge({
      id: 'cfn-lint::E3703',
      reason:
        "The deploy actions' role ARNs (the target accounts' CDK bootstrap roles) are written by CDK Pipelines with " +
        'Fn::Join over the partition, which cfn-lint cannot match against the IAM role ARN format; the ARNs are complete.',
    });
  }

  private source(settings: PipelineSettings): pipelines.CodePipelineSource {
    const { source } = settings;
    if (source.kind === 'connection') {
      return pipelines.CodePipelineSource.connection(source.repository, source.branch, {
        connectionArn: source.connectionArn,
        triggerOnPush: true,
      });
    }
    const repository = codecommit.Repository.fromRepositoryName(this, 'Repository', source.repositoryName);
    return pipelines.CodePipelineSource.codeCommit(repository, source.branch);
  }
}
