/**
 * The seed's acceptance tests ("Test secure S3 access", "Test preventive IAM
 * policies"), reproduced offline: the synthesized template is resolved for one
 * launch, and its identity, bucket and VPC endpoint policies are evaluated by an
 * IAM policy simulator (@cloud-copilot/iam-simulate, AGPL: a test-only
 * devDependency) exactly as AWS would combine them for the request.
 */
import { getDenialReasons, runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { DataScienceEnvironmentProduct } from '../../products/data-science-environment';
import { loadCatalog } from '../../src/manifest';
import { catalogRoot, synthProduct } from '../helpers';
import { ResolvedTemplate } from '../secure/cfn-resolver';

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';

describe('data-science-environment: the seed acceptance tests, by IAM policy simulation', () => {
  let launch: ResolvedTemplate;
  let dse: DataScienceEnvironmentProduct;
  let executionRole: string;
  let identityPolicies: Simulation['identityPolicies'];
  let endpointPolicy: unknown;
  let endpointId: string;
  let dataBucket: string;
  let dataBucketPolicy: unknown;
  let vpcId: string;
  const id = (construct: IConstruct) => Stack.of(construct).getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);

  beforeAll(() => {
    const product = synthProduct(DataScienceEnvironmentProduct, 'data-science-environment', loadCatalog(catalogRoot('data-science-environment')));
    dse = product.stack as DataScienceEnvironmentProduct;
    launch = new ResolvedTemplate(product.json, { accountId: ACCOUNT, region: REGION });
    const roleLogicalId = id(dse.identity.roles.sageMakerExecution.node.defaultChild as IConstruct);
    executionRole = launch.getAtt(roleLogicalId, 'Arn');
    // Every managed policy attached to the execution role, as AWS would evaluate them.
    identityPolicies = launch
      .logicalIdsOf('AWS::IAM::ManagedPolicy')
      .map((policyId) => ({ policyId, properties: launch.properties(policyId) }))
      .filter(({ properties }) => (properties.Roles as string[]).includes(launch.ref(roleLogicalId)))
      .map(({ policyId, properties }) => ({ name: policyId, policy: properties.PolicyDocument }));
    endpointPolicy = launch.properties(id(dse.network.s3Endpoint)).PolicyDocument;
    endpointId = launch.ref(id(dse.network.s3Endpoint));
    vpcId = launch.ref(id(dse.network.vpc));
    dataBucket = launch.ref(id(dse.storage.dataBucket));
    dataBucketPolicy = launch
      .logicalIdsOf('AWS::S3::BucketPolicy')
      .map((p) => launch.properties(p))
      .find((p) => p.Bucket === dataBucket)!.PolicyDocument;
  });

  /**
   * A request by the execution role (what a Studio user or job runs as), from Studio: through the environment's VPC
   * endpoints, so it carries aws:SourceVpc (2.0.0: the roles' network perimeter denies requests without it, unless an
   * AWS service makes them); `outside` drops it, as for credentials used elsewhere.
   */
  async function simulate(request: {
    action: string;
    resource: string;
    context?: Record<string, string | string[]>;
    resourcePolicy?: unknown;
    throughS3Endpoint?: boolean;
    outside?: boolean;
  }) {
    const response = await runSimulation(
      {
        request: {
          principal: executionRole,
          action: request.action,
          resource: { resource: request.resource, accountId: ACCOUNT },
          contextVariables: {
            'aws:SecureTransport': 'true',
            'aws:PrincipalAccount': ACCOUNT,
            ...(request.outside ? {} : { 'aws:SourceVpc': vpcId }),
            ...(request.throughS3Endpoint ? { 'aws:sourceVpce': endpointId } : {}),
            ...request.context,
          },
        },
        identityPolicies,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: request.resourcePolicy,
        vpcEndpointPolicies: request.throughS3Endpoint ? [{ name: 'S3Endpoint', policy: endpointPolicy }] : undefined,
      },
      {},
    );
    if (response.resultType !== 'single') throw new Error(`simulation failed: ${JSON.stringify(response)}`);
    return {
      result: response.overallResult,
      deniedBy: getDenialReasons(response.result.analysis)
        .filter((d) => d.denialType === 'Explicit')
        .map((d) => `${d.policyType}:${d.statementId}`),
      ignoredContextKeys: response.result.ignoredContextKeys,
    };
  }

  describe('Test secure S3 access', () => {
    test('aws s3 ls: listing all buckets is denied by the S3 endpoint policy', async () => {
      const outcome = await simulate({ action: 's3:ListAllMyBuckets', resource: '*', throughS3Endpoint: true });
      expect(outcome).toMatchObject({ result: 'ExplicitlyDenied', deniedBy: ['vpce:NoBucketListingOrCreation'] });
    });

    test("aws s3 ls s3://<data bucket>: listing the environment's data bucket through the endpoint is allowed", async () => {
      const outcome = await simulate({
        action: 's3:ListBucket',
        resource: `arn:aws:s3:::${dataBucket}`,
        resourcePolicy: dataBucketPolicy,
        throughS3Endpoint: true,
        context: { 'aws:ResourceAccount': ACCOUNT },
      });
      expect(outcome.result).toBe('Allowed');
    });

    test('reading and writing objects of the data bucket through the endpoint is allowed', async () => {
      for (const action of ['s3:GetObject', 's3:PutObject']) {
        const outcome = await simulate({
          action,
          resource: `arn:aws:s3:::${dataBucket}/train/data.csv`,
          resourcePolicy: dataBucketPolicy,
          throughS3Endpoint: true,
          context: { 'aws:ResourceAccount': ACCOUNT },
        });
        expect({ action, result: outcome.result }).toEqual({ action, result: 'Allowed' });
      }
    });

    test('aws s3 mb: creating a bucket is denied by the S3 endpoint policy', async () => {
      const outcome = await simulate({ action: 's3:CreateBucket', resource: 'arn:aws:s3:::any-available-bucket-name', throughS3Endpoint: true });
      expect(outcome).toMatchObject({ result: 'ExplicitlyDenied', deniedBy: ['vpce:NoBucketListingOrCreation'] });
    });

    test('the same data-bucket read from outside the VPC endpoint is denied by the bucket policy', async () => {
      const elsewhere: Record<string, string>[] = [{}, { 'aws:sourceVpce': 'vpce-0123456789abcdef0' }];
      for (const context of elsewhere) {
        const outcome = await simulate({
          action: 's3:GetObject',
          resource: `arn:aws:s3:::${dataBucket}/train/data.csv`,
          resourcePolicy: dataBucketPolicy,
          context: { 'aws:ResourceAccount': ACCOUNT, 'aws:ViaAWSService': 'false', ...context },
          outside: true,
        });
        // 2.0.0: the role's own network perimeter denies it too (two independent layers).
        expect(outcome).toMatchObject({
          result: 'ExplicitlyDenied',
          deniedBy: ['identity:DenyOutsideTheEnvironmentNetwork', 'resource:DenyOutsideVpcEndpoint'],
        });
      }
    });

    test('the network condition leaves alone calls an AWS service makes on the role\'s behalf (data perimeter pattern)', async () => {
      const outcome = await simulate({
        action: 's3:GetObject',
        resource: `arn:aws:s3:::${dataBucket}/model/model.tar.gz`,
        resourcePolicy: dataBucketPolicy,
        context: { 'aws:ResourceAccount': ACCOUNT, 'aws:ViaAWSService': 'true', 'aws:CalledVia': ['sagemaker.amazonaws.com'] },
        outside: true,
      });
      expect(outcome).toMatchObject({ result: 'Allowed', deniedBy: [] });
    });

    test('a bucket of another account is out of reach through the endpoint, even one named sagemaker-*', async () => {
      const outcome = await simulate({
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::sagemaker-exfiltration/data.csv',
        throughS3Endpoint: true,
        context: { 'aws:ResourceAccount': '999999999999' },
      });
      expect(outcome.result).not.toBe('Allowed');
    });
  });

  describe('Test preventive IAM policies', () => {
    const trainingJob = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:training-job/reorder-classifier`;
    // 2.0.0: the guardrails accept only the environment's own subnets, security group and keys, and require an output
    // key and network isolation, so a secure job names those (the seed's made-up ids are now denied).
    let subnets: string[];
    let securityGroup: string;
    let volumeKey: string;
    let secureJob: Record<string, string | string[]>;
    beforeAll(() => {
      subnets = (launch.properties(id(dse.exports.parameters.get('privateSubnetIds')!)).Value as string).split(',');
      securityGroup = launch.getAtt(id(dse.network.sageMakerSecurityGroup), 'GroupId');
      volumeKey = launch.getAtt(id(dse.keys.volume), 'Arn');
      secureJob = {
        'sagemaker:VpcSubnets': subnets,
        'sagemaker:VpcSecurityGroupIds': [securityGroup],
        'sagemaker:VolumeKmsKeyArn': volumeKey,
        'sagemaker:OutputKmsKeyArn': launch.getAtt(id(dse.keys.data), 'Arn'),
        'sagemaker:InterContainerTrafficEncryption': 'true',
        'sagemaker:NetworkIsolation': 'true',
      };
    });
    const without = (key: string) => Object.fromEntries(Object.entries(secureJob).filter(([k]) => k !== key));

    test('CreateTrainingJob without VPC subnets is explicitly denied', async () => {
      const outcome = await simulate({ action: 'sagemaker:CreateTrainingJob', resource: trainingJob, context: without('sagemaker:VpcSubnets') });
      expect(outcome).toMatchObject({ result: 'ExplicitlyDenied', deniedBy: ['identity:DenyWithoutVpcSubnets'] });
    });

    test('CreateTrainingJob with subnets and security groups (and the volume key and encrypted traffic) is allowed', async () => {
      const outcome = await simulate({ action: 'sagemaker:CreateTrainingJob', resource: trainingJob, context: secureJob });
      expect(outcome.result).toBe('Allowed');
    });

    test('CreateTrainingJob with subnets but no security groups is denied (the reference lets this through)', async () => {
      const outcome = await simulate({
        action: 'sagemaker:CreateTrainingJob',
        resource: trainingJob,
        context: without('sagemaker:VpcSecurityGroupIds'),
      });
      expect(outcome).toMatchObject({ result: 'ExplicitlyDenied', deniedBy: ['identity:DenyWithoutVpcSecurityGroups'] });

      // The reference's single Null block with both keys only fires when both are missing.
      const reference = {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            Action: ['sagemaker:CreateTrainingJob'],
            Resource: '*',
            Condition: { Null: { 'sagemaker:VpcSubnets': 'true', 'sagemaker:VpcSecurityGroupIds': 'true' } },
          },
          { Effect: 'Allow', Action: 'sagemaker:CreateTrainingJob', Resource: '*' },
        ],
      };
      const saved = identityPolicies;
      identityPolicies = [{ name: 'reference', policy: reference }];
      try {
        const referenceOutcome = await simulate({
          action: 'sagemaker:CreateTrainingJob',
          resource: trainingJob,
          context: without('sagemaker:VpcSecurityGroupIds'),
        });
        expect(referenceOutcome.result).toBe('Allowed');
      } finally {
        identityPolicies = saved;
      }
    });

    test.each([
      // 2.0.0: the statement is called DenyWithoutVolumeKey (it covers notebooks, transform jobs and endpoint configs too).
      ['without a volume KMS key', () => without('sagemaker:VolumeKmsKeyArn'), 'identity:DenyWithoutVolumeKey'],
      ['without inter-container traffic encryption', () => without('sagemaker:InterContainerTrafficEncryption'), 'identity:DenyJobsWithoutInterContainerEncryption'],
      [
        'with inter-container traffic encryption off',
        () => ({ ...secureJob, 'sagemaker:InterContainerTrafficEncryption': 'false' }),
        'identity:DenyJobsWithoutInterContainerEncryption',
      ],
    ])('training and processing jobs %s are explicitly denied', async (_, contextOf, statement) => {
      const context = contextOf();
      for (const [action, resource] of [
        ['sagemaker:CreateTrainingJob', trainingJob],
        ['sagemaker:CreateProcessingJob', `arn:aws:sagemaker:${REGION}:${ACCOUNT}:processing-job/preprocess`],
        ['sagemaker:CreateHyperParameterTuningJob', `arn:aws:sagemaker:${REGION}:${ACCOUNT}:hyper-parameter-tuning-job/tune`],
      ]) {
        const outcome = await simulate({ action, resource, context });
        expect({ action, ...outcome }).toMatchObject({ action, result: 'ExplicitlyDenied', deniedBy: [statement] });
      }
    });

    describe('notebook instances', () => {
      const notebook = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:notebook-instance/scratch`;
      let secureNotebook: Record<string, string | string[]>;
      beforeAll(() => {
        secureNotebook = {
          'sagemaker:VpcSubnets': [subnets[0]],
          'sagemaker:VpcSecurityGroupIds': [securityGroup],
          'sagemaker:VolumeKmsKeyArn': volumeKey,
          'sagemaker:RootAccess': 'Disabled',
          'sagemaker:DirectInternetAccess': 'Disabled',
        };
      });

      test('a VPC-attached notebook without root or direct internet access is allowed', async () => {
        expect((await simulate({ action: 'sagemaker:CreateNotebookInstance', resource: notebook, context: secureNotebook })).result).toBe(
          'Allowed',
        );
      });

      test.each([
        ['with root access', { 'sagemaker:RootAccess': 'Enabled' }, 'identity:DenyNotebooksWithRootAccess'],
        ["without saying (SageMaker's default is root access)", { 'sagemaker:RootAccess': undefined }, 'identity:DenyNotebooksWithRootAccess'],
        ['with direct internet access', { 'sagemaker:DirectInternetAccess': 'Enabled' }, 'identity:DenyNotebooksWithDirectInternetAccess'],
        ['outside the VPC', { 'sagemaker:VpcSubnets': undefined }, 'identity:DenyWithoutVpcSubnets'],
      ])('a notebook %s is explicitly denied', async (_, change, statement) => {
        const context = Object.fromEntries(
          Object.entries({ ...secureNotebook, ...change }).filter(([, v]) => v !== undefined),
        ) as Record<string, string | string[]>;
        const outcome = await simulate({ action: 'sagemaker:CreateNotebookInstance', resource: notebook, context });
        expect(outcome).toMatchObject({ result: 'ExplicitlyDenied', deniedBy: [statement] });
      });

      test('turning root access on for an existing notebook is explicitly denied', async () => {
        const outcome = await simulate({ action: 'sagemaker:UpdateNotebookInstance', resource: notebook, context: { 'sagemaker:RootAccess': 'Enabled' } });
        expect(outcome).toMatchObject({ result: 'ExplicitlyDenied', deniedBy: ['identity:DenyEnablingNotebookRootAccess'] });
      });
    });

    test('CreateModel without VPC subnets is explicitly denied; with subnets and security groups it is allowed', async () => {
      const model = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model/reorder-classifier`;
      // 2.0.0: the environment's own subnets and group, and network isolation.
      const vpc = { 'sagemaker:VpcSubnets': subnets, 'sagemaker:VpcSecurityGroupIds': [securityGroup], 'sagemaker:NetworkIsolation': 'true' };
      expect(
        await simulate({
          action: 'sagemaker:CreateModel',
          resource: model,
          context: { 'sagemaker:VpcSecurityGroupIds': [securityGroup], 'sagemaker:NetworkIsolation': 'true' },
        }),
      ).toMatchObject({
        result: 'ExplicitlyDenied',
        deniedBy: ['identity:DenyWithoutVpcSubnets'],
      });
      expect((await simulate({ action: 'sagemaker:CreateModel', resource: model, context: vpc })).result).toBe('Allowed');
    });

    test('CreateCompilationJob carries no VPC condition keys, so it is denied whatever the request says', async () => {
      const outcome = await simulate({
        action: 'sagemaker:CreateCompilationJob',
        resource: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:compilation-job/neo`,
        context: { 'sagemaker:VpcSubnets': ['subnet-0a1b2c3d'], 'sagemaker:VpcSecurityGroupIds': ['sg-0a1b2c3d'] },
      });
      // The simulator drops them, as AWS never puts them in this action's request context.
      expect(outcome.ignoredContextKeys).toEqual(['sagemaker:VpcSubnets', 'sagemaker:VpcSecurityGroupIds']);
      expect(outcome).toMatchObject({ result: 'ExplicitlyDenied', deniedBy: ['identity:DenyWithoutVpcSubnets', 'identity:DenyWithoutVpcSecurityGroups'] });
    });
  });
});
