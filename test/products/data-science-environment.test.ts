/**
 * The data science environment template, control by control: the internet-free
 * network and its endpoints, keys and buckets, Studio, identities and
 * guardrails, and the SSM parameters every other product reads.
 */
import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { DataScienceEnvironmentProduct, INTERFACE_ENDPOINTS } from '../../products/data-science-environment';
import { KEY_ADMIN_ACTIONS } from '../../products/data-science-environment/encryption-keys';
import { VPC_ENDPOINT_ONLY_ACTIONS } from '../../products/data-science-environment/storage';
import { loadCatalog } from '../../src/manifest';
import { type Catalog } from '../../src/model';
import { SSM_CONTRACT, type SsmContractKey, ssmParameterName } from '../../src/model/ssm-contract';
import { catalogFactsIn, catalogRoot, REPO_ROOT, synthProduct, type SynthesizedProduct } from '../helpers';
import { ResolvedTemplate } from '../secure/cfn-resolver';

describe('data-science-environment', () => {
  let catalog: Catalog;
  let product: SynthesizedProduct;
  let dse: DataScienceEnvironmentProduct;
  const id = (construct: IConstruct) => Stack.of(construct).getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
  const resource = (construct: IConstruct) => product.json.Resources[id(construct)];

  beforeAll(() => {
    catalog = loadCatalog(catalogRoot('data-science-environment'));
    product = synthProduct(DataScienceEnvironmentProduct, 'data-science-environment', catalog);
    dse = product.stack as DataScienceEnvironmentProduct;
  });

  describe('template', () => {
    test('passes every rule pack with only the acknowledgements of acknowledgements.ts', () => {
      expect(product.findings).toEqual([]);
    });

    test('is environment-agnostic: no account id or region in it', () => {
      // 4.0.0: the one exception is the documented CodeArtifact asset bucket of each region, a mapping keyed by region.
      const { Mappings, ...rest } = product.json;
      expect(JSON.stringify(rest)).not.toMatch(/111111111111|eu-west-1/);
      expect(Object.keys(Mappings)).toEqual(['CodeArtifactAssetBuckets']);
    });

    test('reads nothing from the SSM parameters it publishes itself: only the catalog facts (staging and target accounts)', () => {
      const ssmTyped = Object.values<any>(product.json.Parameters).filter((p) => String(p.Type).startsWith('AWS::SSM::'));
      expect(ssmTyped.map((p) => p.Default).sort()).toEqual([`/${catalog.name}/catalog/accounts/deployment-targets`, `/${catalog.name}/catalog/accounts/staging`]);
      for (const parameter of ssmTyped) expect(parameter.AllowedValues).toEqual([parameter.Default]);
    });

    test('lays out its parameters for the console', () => {
      expect(product.json.Metadata['AWS::CloudFormation::Interface'].ParameterGroups).toEqual([
        { Label: { default: 'Environment' }, Parameters: ['EnvironmentName', 'EnvironmentType'] },
        { Label: { default: 'Network' }, Parameters: ['VpcCidr', 'AvailabilityZoneCount'] },
        { Label: { default: 'SageMaker Studio' }, Parameters: ['StudioUserProfileName', 'StudioAccessCidrs'] },
        { Label: { default: 'Catalog (published by the catalog in this account)' }, Parameters: ['CatalogStagingAccountsParameter', 'CatalogDeploymentTargetAccountsParameter'] },
      ]);
      expect(product.json.Parameters.EnvironmentName.Default).toBe('team-a');
      expect(product.json.Parameters.AvailabilityZoneCount).toMatchObject({ AllowedValues: ['2', '3'], Default: '2' });
    });
  });

  describe('network', () => {
    test('a VPC with DNS (for private endpoint names) and private subnets in 2 or 3 AZs, no public IPs', () => {
      product.template.hasResourceProperties('AWS::EC2::VPC', {
        CidrBlock: { Ref: 'VpcCidr' },
        EnableDnsHostnames: true,
        EnableDnsSupport: true,
      });
      const subnets = product.template.findResources('AWS::EC2::Subnet');
      expect(Object.values(subnets).map((s) => [s.Properties.MapPublicIpOnLaunch, s.Condition])).toEqual([
        [false, undefined],
        [false, undefined],
        [false, 'ThreeAvailabilityZones'],
      ]);
      expect(product.json.Conditions.ThreeAvailabilityZones).toEqual({ 'Fn::Equals': [{ Ref: 'AvailabilityZoneCount' }, '3'] });
      const two = new ResolvedTemplate(product.json, { accountId: '111111111111', region: 'eu-west-1' });
      const three = new ResolvedTemplate(product.json, { accountId: '111111111111', region: 'eu-west-1', parameters: { AvailabilityZoneCount: '3' } });
      expect(two.logicalIdsOf('AWS::EC2::Subnet')).toHaveLength(2);
      expect(three.logicalIdsOf('AWS::EC2::Subnet')).toHaveLength(3);
      expect(three.properties(id(dse.network.interfaceEndpoints.get('SageMakerApi')!)).SubnetIds).toHaveLength(3);
    });

    test('is internet-free: no internet gateway, NAT, Elastic IP or route out', () => {
      for (const type of ['AWS::EC2::InternetGateway', 'AWS::EC2::NatGateway', 'AWS::EC2::EIP', 'AWS::EC2::Route']) {
        product.template.resourceCountIs(type, 0);
      }
    });

    test('has an interface endpoint, with private DNS in the private subnets, for every service the products use', () => {
      const required = [
        'sagemaker.api',
        'sagemaker.runtime',
        'notebook',
        'sts',
        'logs',
        'monitoring',
        'ecr.api',
        'ecr.dkr',
        'kms',
        'ssm',
        'servicecatalog',
        'codecommit',
        'git-codecommit',
        'codebuild',
        'codepipeline',
      ];
      const endpoints = Object.values(product.template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }));
      const services = endpoints.map((e) => String(e.Properties.ServiceName['Fn::Sub']).split('.${AWS::Region}.').pop());
      expect(services).toEqual(expect.arrayContaining(required));
      expect(services).toContain('studio');
      for (const endpoint of endpoints) {
        expect(endpoint.Properties).toMatchObject({
          PrivateDnsEnabled: true,
          SecurityGroupIds: [{ 'Fn::GetAtt': [id(dse.network.endpointSecurityGroup), 'GroupId'] }],
          SubnetIds: { 'Fn::If': ['ThreeAvailabilityZones', expect.anything(), expect.anything()] },
        });
      }
    });

    test('interface endpoints that take a policy admit only principals of this account (a catalog without staging accounts has no smoke tests to admit)', () => {
      // At a launch in this fixture's dev account: the catalog has no staging or production account, so the lists are 'none'.
      const launch = new ResolvedTemplate(product.json, { accountId: '111111111111', region: 'eu-west-1', ssmValues: catalogFactsIn(catalog, '111111111111') });
      for (const endpoint of INTERFACE_ENDPOINTS) {
        const template = resource(dse.network.interfaceEndpoints.get(endpoint.id)!).Properties.PolicyDocument;
        const policy = template && launch.resolve(template);
        // The package mirror's endpoints admit less: reading this environment's repository (role tables prove it).
        if (endpoint.id.startsWith('CodeArtifact')) {
          expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['ReadThisEnvironmentsPackages']);
          continue;
        }
        if (!endpoint.policy) {
          expect(policy).toBeUndefined();
          continue;
        }
        expect(policy.Statement[0]).toEqual({
          Sid: 'OnlyThisAccount',
          Effect: 'Allow',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalAccount': '111111111111' } },
        });
        // The smoke-test and deploy statements name the catalog's lists, here 'none': no account matches.
        for (const statement of policy.Statement.slice(1)) {
          expect([endpoint.id, statement.Sid]).toEqual([endpoint.id, endpoint.id === 'CloudFormation' ? 'TargetDeployments' : 'StagingSmokeTests']);
          expect(statement.Condition.StringEquals).toEqual({ 'aws:PrincipalAccount': ['none'], 'aws:ResourceAccount': ['none'] });
        }
      }
    });

    test('the endpoint security group admits HTTPS from the SageMaker security group only, not from the VPC CIDR', () => {
      const group = resource(dse.network.endpointSecurityGroup).Properties;
      expect(group.SecurityGroupIngress).toEqual([
        {
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          SourceSecurityGroupId: { 'Fn::GetAtt': [id(dse.network.sageMakerSecurityGroup), 'GroupId'] },
          Description: 'HTTPS from SageMaker workloads',
        },
      ]);
      expect(group.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp' })]);
      const extraIngress = Object.values<any>(product.template.findResources('AWS::EC2::SecurityGroupIngress'));
      expect(extraIngress.map((r) => r.Properties.GroupId)).toEqual([{ 'Fn::GetAtt': [id(dse.network.sageMakerSecurityGroup), 'GroupId'] }]);
      expect(JSON.stringify(product.template.findResources('AWS::EC2::SecurityGroupIngress'))).not.toContain('CidrIp');
    });

    test('the S3 gateway endpoint serves the private route tables with the restrictive policy', () => {
      const endpoint = resource(dse.network.s3Endpoint).Properties;
      expect(endpoint).toMatchObject({
        VpcEndpointType: 'Gateway',
        ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' },
        RouteTableIds: { 'Fn::If': ['ThreeAvailabilityZones', expect.anything(), expect.anything()] },
      });
      const statements = Object.fromEntries(endpoint.PolicyDocument.Statement.map((s: any) => [s.Sid, s]));
      expect(Object.keys(statements)).toEqual([
        'EnvironmentBuckets',
        'SageMakerBucketsOfThisAccount',
        'AwsOwnedSageMakerArtifacts',
        'CodeArtifactPackageAssets',
        'ServiceCatalogProvisioningObjects',
        'NoBucketListingOrCreation',
      ]);
      expect(statements.EnvironmentBuckets.Resource).toEqual([
        { 'Fn::GetAtt': [id(dse.storage.dataBucket), 'Arn'] },
        { 'Fn::Join': ['', [{ 'Fn::GetAtt': [id(dse.storage.dataBucket), 'Arn'] }, '/*']] },
        { 'Fn::GetAtt': [id(dse.storage.modelsBucket), 'Arn'] },
        { 'Fn::Join': ['', [{ 'Fn::GetAtt': [id(dse.storage.modelsBucket), 'Arn'] }, '/*']] },
      ]);
      expect(statements.EnvironmentBuckets.Action).not.toContain('s3:CreateBucket');
      expect(statements.SageMakerBucketsOfThisAccount.Condition).toEqual({
        StringEquals: { 'aws:ResourceAccount': { Ref: 'AWS::AccountId' } },
      });
      expect(statements.ServiceCatalogProvisioningObjects).toMatchObject({
        Action: ['s3:GetObject'],
        Condition: { StringEquals: { 's3:ExistingObjectTag/servicecatalog:provisioning': 'true' } },
      });
      expect(statements.NoBucketListingOrCreation).toEqual({
        Sid: 'NoBucketListingOrCreation',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:ListAllMyBuckets', 's3:CreateBucket'],
        Resource: '*',
      });
    });

    test('flow logs record ALL traffic of the VPC into a KMS-encrypted log group with a retention', () => {
      product.template.hasResourceProperties('AWS::EC2::FlowLog', {
        ResourceId: { Ref: id(dse.network.vpc) },
        ResourceType: 'VPC',
        TrafficType: 'ALL',
        LogDestinationType: 'cloud-watch-logs',
        LogGroupName: { Ref: id(dse.network.flowLogGroup) },
      });
      expect(resource(dse.network.flowLogGroup).Properties).toEqual({
        KmsKeyId: { 'Fn::GetAtt': [id(dse.keys.logs), 'Arn'] },
        RetentionInDays: 731,
        Tags: expect.any(Array),
      });
    });
  });

  describe('data protection', () => {
    test('five customer-managed keys (4.0.0: the package mirror), rotated, retained with the data they protect', () => {
      const keys = Object.values<any>(product.template.findResources('AWS::KMS::Key'));
      expect(keys).toHaveLength(5);
      for (const key of keys) {
        expect(key.Properties.EnableKeyRotation).toBe(true);
        expect(key.DeletionPolicy).toBe('Retain');
      }
    });

    test('key policies give nobody raw use: administration without crypto, use only through AWS services of this account', () => {
      for (const key of [dse.keys.data, dse.keys.volume, dse.keys.studio, dse.keys.logs, dse.keys.packages]) {
        const statements: any[] = resource(key).Properties.KeyPolicy.Statement;
        expect(statements.flatMap((s) => [s.Action].flat())).not.toContain('kms:*');
        const admin = statements.find((s) => s.Sid === 'KeyAdministration');
        expect(admin.Action).toEqual([...KEY_ADMIN_ACTIONS]);
        expect(admin.Action.some((a: string) => /Decrypt|Encrypt|GenerateDataKey/.test(a))).toBe(false);
        const use = statements.find((s) => s.Sid === 'UseThroughAwsServicesOnly');
        expect(use.Condition.StringEquals).toEqual({
          'kms:CallerAccount': { Ref: 'AWS::AccountId' },
          'kms:ViaService': expect.any(Array),
        });
      }
      const dataServices = resource(dse.keys.data).Properties.KeyPolicy.Statement.find((s: any) => s.Sid === 'UseThroughAwsServicesOnly')
        .Condition.StringEquals['kms:ViaService'];
      expect(dataServices).toEqual([{ 'Fn::Sub': 's3.${AWS::Region}.amazonaws.com' }, { 'Fn::Sub': 'sagemaker.${AWS::Region}.amazonaws.com' }]);
      const logsStatements = resource(dse.keys.logs).Properties.KeyPolicy.Statement.map((s: any) => s.Sid);
      expect(logsStatements).toEqual(['KeyAdministration', 'UseThroughAwsServicesOnly', 'CloudWatchLogsOfThisAccount', 'S3ServerAccessLogDelivery']);
    });

    test('data and models buckets: data key, versioned, private, logged, and only through the S3 endpoint over TLS', () => {
      for (const bucket of [dse.storage.dataBucket, dse.storage.modelsBucket]) {
        expect(resource(bucket).Properties).toMatchObject({
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              {
                ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [id(dse.keys.data), 'Arn'] } },
                BucketKeyEnabled: true,
              },
            ],
          },
          VersioningConfiguration: { Status: 'Enabled' },
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
          LoggingConfiguration: { DestinationBucketName: { Ref: id(dse.storage.accessLogsBucket) } },
        });
        const statements = Object.values<any>(product.template.findResources('AWS::S3::BucketPolicy')).find(
          (p) => p.Properties.Bucket.Ref === id(bucket),
        ).Properties.PolicyDocument.Statement;
        expect(statements).toContainEqual(
          expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        );
        expect(statements).toContainEqual({
          Sid: 'DenyOutsideVpcEndpoint',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: [...VPC_ENDPOINT_ONLY_ACTIONS],
          Resource: [{ 'Fn::GetAtt': [id(bucket), 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [id(bucket), 'Arn'] }, '/*']] }],
          Condition: {
            StringNotEquals: { 'aws:sourceVpce': { Ref: id(dse.network.s3Endpoint) } },
            BoolIfExists: { 'aws:ViaAWSService': 'false' },
          },
        });
      }
      expect(VPC_ENDPOINT_ONLY_ACTIONS).toEqual(
        expect.arrayContaining(['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:DeleteObject', 's3:PutObjectAcl']),
      );
    });

    test('the access-logs bucket takes the logs of every bucket of the account, encrypted, and logs nowhere itself', () => {
      const bucket = resource(dse.storage.accessLogsBucket);
      expect(bucket.Properties.LoggingConfiguration).toBeUndefined();
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID).toEqual({
        'Fn::GetAtt': [id(dse.keys.logs), 'Arn'],
      });
      product.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id(dse.storage.accessLogsBucket) },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: 'S3ServerAccessLogDelivery',
              Principal: { Service: 'logging.s3.amazonaws.com' },
              Action: 's3:PutObject',
              Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            }),
          ]),
        },
      });
    });
  });

  describe('SageMaker Studio', () => {
    test('a VpcOnly, IAM-authenticated domain with KMS storage, the default execution role, and root-level access off', () => {
      expect(resource(dse.studio.domain).Properties).toMatchObject({
        AuthMode: 'IAM',
        AppNetworkAccessType: 'VpcOnly',
        VpcId: { Ref: id(dse.network.vpc) },
        KmsKeyId: { 'Fn::GetAtt': [id(dse.keys.studio), 'Arn'] },
        DefaultUserSettings: {
          ExecutionRole: { 'Fn::GetAtt': [id(dse.identity.roles.sageMakerExecution.node.defaultChild as IConstruct), 'Arn'] },
          SecurityGroups: [{ 'Fn::GetAtt': [id(dse.network.sageMakerSecurityGroup), 'GroupId'] }],
          SharingSettings: { NotebookOutputOption: 'Disabled' },
        },
        DomainSettings: {
          DockerSettings: { EnableDockerAccess: 'DISABLED' },
          ExecutionRoleIdentityConfig: 'USER_PROFILE_NAME',
        },
      });
    });

    test('creates the first user profile in the domain, named at launch', () => {
      product.template.hasResourceProperties('AWS::SageMaker::UserProfile', {
        DomainId: { 'Fn::GetAtt': [id(dse.studio.domain), 'DomainId'] },
        UserProfileName: { Ref: 'StudioUserProfileName' },
      });
    });
    // 2.0.0: what team administrators and data scientists may do in Studio is proved by the role tables
    // (data-science-environment-role-tables.test.ts), not restated here.
  });

  describe('identity', () => {
    test('creates the five roles, named after the environment', () => {
      const names = Object.values<any>(product.template.findResources('AWS::IAM::Role'))
        .map((r) => r.Properties.RoleName?.['Fn::Join']?.[1]?.[1])
        .filter(Boolean);
      expect(names).toEqual(['team-admin', 'data-scientist', 'studio-execution', 'pipeline-execution', 'model-execution']);
    });

    test('attaches the guardrail policy to every role of the environment', () => {
      const roles = resource(dse.identity.guardrails).Properties.Roles;
      expect(roles).toEqual(Object.values(dse.identity.roles).map((role) => ({ Ref: id(role.node.defaultChild as IConstruct) })));
    });

    test("the guardrails are the shared kit's, pinned to this launch's own subnets, security group and volume key", () => {
      // 2.0.0: src/secure/guardrails.ts; what each statement denies is proved by simulation (the IAM simulation tests).
      for (const zones of ['2', '3']) {
        const launch = new ResolvedTemplate(product.json, { accountId: '111111111111', region: 'eu-west-1', parameters: { AvailabilityZoneCount: zones } });
        const statements: any[] = launch.properties(id(dse.identity.guardrails)).PolicyDocument.Statement;
        const condition = (sid: string) => statements.find((s) => s.Sid === sid).Condition;
        const subnets = launch.properties(id(dse.exports.parameters.get('privateSubnetIds')!)).Value.split(',');
        expect(subnets).toHaveLength(Number(zones));
        expect(condition('DenyOtherSubnets')['ForAnyValue:StringNotEquals']['sagemaker:VpcSubnets']).toEqual(subnets);
        expect(condition('DenyOtherSecurityGroups')['ForAnyValue:StringNotEquals']['sagemaker:VpcSecurityGroupIds']).toEqual([
          launch.getAtt(id(dse.network.sageMakerSecurityGroup), 'GroupId'),
        ]);
        expect(condition('DenyWithoutVolumeKey').ArnNotEquals['sagemaker:VolumeKmsKeyArn']).toBe(launch.getAtt(id(dse.keys.volume), 'Arn'));
        expect(launch.properties(id(dse.identity.guardrails)).Path).toBe('/guardrails/');
      }
    });

    test('workload permissions are listed action by action (no sagemaker:*) and pass only the environment roles to SageMaker', () => {
      // 2.0.0: split by concern into several managed policies (IAM's size quota); the only wildcard actions that grant
      // anything are the two network-interface ones, which stand for exactly two actions each.
      const workloads = dse.identity.node.findChild('Workloads');
      const statements: any[] = workloads.node.children
        .filter((c) => c.node.defaultChild !== undefined && resource(c)?.Type === 'AWS::IAM::ManagedPolicy')
        .flatMap((c) => resource(c).Properties.PolicyDocument.Statement);
      const allowed = statements.filter((s) => s.Effect === 'Allow').flatMap((s) => [s.Action].flat());
      expect(allowed.filter((a) => a.includes('*'))).toEqual(['ec2:CreateNetworkInterface*', 'ec2:DeleteNetworkInterface*']);
      expect(statements.find((s) => s.Sid === 'PassEnvironmentRoles').Condition).toEqual({
        StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' },
      });
      expect(statements.find((s) => s.Sid === 'NoDomainAdministration')).toMatchObject({ Effect: 'Deny' });
      // No inline policies anywhere (they cannot be reviewed on their own).
      product.template.resourceCountIs('AWS::IAM::Policy', 0);
    });
  });

  describe('exports', () => {
    test('publishes every key of the SSM contract under /<ssmPrefix>/<environment name>/', () => {
      const published = new ResolvedTemplate(product.json, { accountId: '111111111111', region: 'eu-west-1' });
      const names = published.logicalIdsOf('AWS::SSM::Parameter').map((p) => published.properties(p));
      for (const key of Object.keys(SSM_CONTRACT) as SsmContractKey[]) {
        const entry = SSM_CONTRACT[key];
        const parameter = names.find((p) => p.Name === `/platform/team-a/${entry.key}`);
        expect({ key, parameter }).toEqual({
          key,
          parameter: expect.objectContaining({ Type: entry.valueType.startsWith('List<') ? 'StringList' : 'String' }),
        });
      }
      expect(names).toHaveLength(Object.keys(SSM_CONTRACT).length);
    });

    test('under exactly the names the other products read by default', () => {
      const published = new ResolvedTemplate(product.json, { accountId: '111111111111', region: 'eu-west-1' });
      const names = published.logicalIdsOf('AWS::SSM::Parameter').map((p) => published.properties(p).Name);
      expect(names.sort()).toEqual((Object.keys(SSM_CONTRACT) as SsmContractKey[]).map((k) => ssmParameterName(catalog.defaults, k)).sort());
    });

    test('values resolve to the environment resources: subnets per AZ count, role ARNs, bucket names', () => {
      const launch = new ResolvedTemplate(product.json, { accountId: '111111111111', region: 'eu-west-1', parameters: { AvailabilityZoneCount: '3' } });
      const value = (key: SsmContractKey) => launch.properties(id(dse.exports.parameters.get(key)!)).Value;
      expect(value('privateSubnetIds').split(',')).toHaveLength(3);
      expect(value('environmentName')).toBe('team-a');
      expect(value('sageMakerExecutionRoleArn')).toBe('arn:aws:iam::111111111111:role/team-a-studio-execution');
      expect(value('securityGroupIds')).toBe(launch.getAtt(id(dse.network.sageMakerSecurityGroup), 'GroupId'));
      expect(value('s3EndpointId')).toBe(launch.ref(id(dse.network.s3Endpoint)));
    });
  });

  test('the shipped catalog publishes it, version 5.0.0 active and 1.0.0 to 4.0.0 deprecated, to the dev account in the data-science portfolio', () => {
    const shipped = loadCatalog(REPO_ROOT);
    const entry = shipped.products.find((p) => p.id === 'data-science-environment')!;
    expect(entry.versions.map((v) => [v.name, v.status])).toEqual([
      ['1.0.0', 'deprecated'],
      ['2.0.0', 'deprecated'],
      ['3.0.0', 'deprecated'],
      ['4.0.0', 'deprecated'],
      ['5.0.0', 'active'],
    ]);
    const portfolio = shipped.portfolios.find((p) => p.id === 'data-science')!;
    expect(portfolio.accounts).toEqual(['dev']);
    expect(portfolio.products.map((p) => p.id)).toEqual(['data-science-environment', 'environment-monitoring']);
    expect(portfolio.principals.roles).toEqual(['DataScienceTeamAdmin', 'DataScientist']);
  });
});
