/**
 * The checkov findings the generator accepts in the stacks it writes itself
 * (catalog stacks, the pipeline and its stages, the organisation stacks and
 * member template), by check and logical id, each with its reason. They are
 * the same resources whose cdk-nag findings the generator acknowledges at the
 * construct (version-lifecycle.ts, asset-bucket.ts, pipeline-stack.ts,
 * access-logs.ts), and the reasons say the same, for checkov's check ids.
 * A product's own are declared by its class (src/model/checkov-acknowledgement.ts).
 */
import { acknowledgeCheckov, type CheckovAcknowledgement } from '../model/checkov-acknowledgement';
import { accessLogsBucketCheckovAcknowledgement } from '../model/kit-checkov-acknowledgements';

/** AwsCustomResource's provider function (aws-cdk-lib's singleton id): sets the status of deprecated and inactive versions (version-lifecycle.ts). */
const LIFECYCLE_PROVIDER = 'AWS679f53fac002430cb0da5b7982bd22872D164C4C';
/** BucketDeployment's handler (aws-cdk-lib's singleton id): copies product asset files into the product asset bucket (asset-bucket.ts). */
const DEPLOYMENT_HANDLER = 'CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB6723FB92';
/** A stack's access-logs bucket (access-logs.ts): receives the server access logs of the stack's buckets. */
const STACK_ACCESS_LOGS = 'AccessLogsBucketCD784A59';
/** CDK Pipelines' role for the file-asset publishing builds. */
const ASSETS_FILE_ROLE_POLICY = 'PipelineAssetsFileRoleDefaultPolicy14DB8755';
/** The CodePipeline pipeline's own role (pipeline-stack.ts). */
const PIPELINE_ROLE_POLICY = 'PipelineRoleDefaultPolicy7BDC1ABB';
/** The organisation bucket's key, one per region (organization-stackset.ts). */
const ORGANIZATION_TEMPLATES_KEY = 'Key961B73FD';

export const GENERATOR_CHECKOV_ACKNOWLEDGEMENTS: readonly CheckovAcknowledgement[] = [
  acknowledgeCheckov({
    check: 'CKV_AWS_115',
    logicalIds: [LIFECYCLE_PROVIDER, DEPLOYMENT_HANDLER],
    reason:
      "Deploy-time custom-resource functions, invoked only by CloudFormation (once or twice per deployment of this stack): no event source could exhaust the account's concurrency, and a reserved concurrency would take capacity from the account's workloads.",
  }),
  acknowledgeCheckov({
    check: 'CKV_AWS_116',
    logicalIds: [LIFECYCLE_PROVIDER, DEPLOYMENT_HANDLER],
    reason:
      'Invoked synchronously by CloudFormation as custom resources (a dead-letter queue only receives failed asynchronous invocations): a failure is reported to CloudFormation, which rolls the deployment back.',
  }),
  acknowledgeCheckov({
    check: 'CKV_AWS_117',
    logicalIds: [LIFECYCLE_PROVIDER, DEPLOYMENT_HANDLER],
    reason:
      'Deploy-time functions that call the Service Catalog API or copy between two S3 buckets of this account and serve no request; the catalog owns no VPC in the account to attach them to.',
  }),
  acknowledgeCheckov({
    check: 'CKV_AWS_173',
    logicalIds: [DEPLOYMENT_HANDLER],
    reason:
      "The handler's one environment variable is AWS_CA_BUNDLE, a file path in the runtime image (set by aws-cdk-lib), no secret; Lambda encrypts it at rest with its AWS managed key.",
  }),
  accessLogsBucketCheckovAcknowledgement([STACK_ACCESS_LOGS]),
  acknowledgeCheckov({
    check: 'CKV_AWS_111',
    logicalIds: [ASSETS_FILE_ROLE_POLICY],
    reason:
      'CDK Pipelines writes codebuild:StartBuild, StopBuild and BatchGetBuilds with Resource "*" for its asset-publishing role, which starts and follows its own file-asset builds; the tooling account runs only this pipeline (the same statement is acknowledged for cdk-nag in pipeline-stack.ts).',
  }),
  acknowledgeCheckov({
    check: 'CKV_AWS_111',
    logicalIds: [PIPELINE_ROLE_POLICY],
    reason:
      'A pipeline that deploys to a second region: aws-cdk-lib grants the pipeline role the KMS data actions (no key ' +
      'administration) on the artifact key of the cross-region support stack, a key of another region, which it writes ' +
      'with Resource "*"; the tooling account runs only this pipeline.',
  }),
  acknowledgeCheckov({
    check: 'CKV_AWS_33',
    logicalIds: [ORGANIZATION_TEMPLATES_KEY],
    reason:
      'Statement OrganizationDecryptsThroughS3: principal "*" limited by its conditions aws:PrincipalOrgID (this ' +
      "organisation's accounts only) and kms:ViaService (S3 of the bucket's region), for kms:Decrypt and DescribeKey: " +
      'the member accounts read the product templates of the organisation bucket. checkov flags every "*" principal ' +
      'whatever its conditions.',
  }),
];
