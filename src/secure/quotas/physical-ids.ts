/**
 * The longest value `Ref` and `Fn::GetAtt` return for the resource types this
 * catalog's templates refer to: names from the resource's own name property
 * when it sets one (resolved to its longest value), else the longest name
 * CloudFormation may generate (the service's limit); ids in their long form;
 * ARNs built from those with the longest partition, region and account. A type
 * or attribute missing here resolves to UNKNOWN_LENGTH and is named in the
 * finding, so a missing entry can only make the gate stricter.
 */
import { ACCOUNT_ID, LONGEST_AZ_NAME, LONGEST_PARTITION, LONGEST_REGION, LONGEST_URL_SUFFIX, placeholder } from './aws-bounds';

/** What a physical id may depend on: the resource's own (resolved) properties. */
export interface ResourceNames {
  /** The resolved value of name property `property` capped at `max`, or the longest generated name (`max`). */
  name(property: string, max: number): string;
  /** The resolved value of a string property, or `fallback`. */
  property(property: string, fallback: string): string;
}

type Value = string | readonly string[];
interface PhysicalIds {
  readonly ref?: (names: ResourceNames) => Value;
  readonly attributes?: Readonly<Record<string, (names: ResourceNames) => Value>>;
}

const P = LONGEST_PARTITION;
const R = LONGEST_REGION;
const A = ACCOUNT_ID;
const arn = (service: string, region: string, account: string, resource: string): string =>
  `arn:${P}:${service}:${region}:${account}:${resource}`;
const ec2Id = (prefix: string): string => `${prefix}-${placeholder(17)}`;
/** Service Catalog ids: a prefix and 13 lowercase letters and digits. */
const serviceCatalogId = (prefix: string): string => `${prefix}-${placeholder(13)}`;
const UUID = placeholder(36);

const iamPath = (names: ResourceNames): string => names.property('Path', '/');

const sageMaker = (resourceType: string, nameProperty: string, max = 63): PhysicalIds => {
  const name = (n: ResourceNames) => n.name(nameProperty, max);
  const resourceArn = (n: ResourceNames) => arn('sagemaker', R, A, `${resourceType}/${name(n)}`);
  return { ref: resourceArn, attributes: { [nameProperty]: name, [`${nameProperty.replace(/Name$/, '')}Arn`]: resourceArn } };
};

export const PHYSICAL_IDS: Readonly<Record<string, PhysicalIds>> = {
  'AWS::IAM::Role': {
    ref: (n) => n.name('RoleName', 64),
    attributes: {
      Arn: (n) => `arn:${P}:iam::${A}:role${iamPath(n)}${n.name('RoleName', 64)}`,
      RoleId: () => `AROA${placeholder(17)}`,
    },
  },
  'AWS::IAM::ManagedPolicy': {
    ref: (n) => `arn:${P}:iam::${A}:policy${iamPath(n)}${n.name('ManagedPolicyName', 128)}`,
    attributes: {
      PolicyArn: (n) => `arn:${P}:iam::${A}:policy${iamPath(n)}${n.name('ManagedPolicyName', 128)}`,
      PolicyId: () => `ANPA${placeholder(17)}`,
    },
  },
  'AWS::IAM::InstanceProfile': {
    ref: (n) => n.name('InstanceProfileName', 128),
    attributes: { Arn: (n) => `arn:${P}:iam::${A}:instance-profile${iamPath(n)}${n.name('InstanceProfileName', 128)}` },
  },
  'AWS::S3::Bucket': {
    ref: (n) => n.name('BucketName', 63),
    attributes: {
      Arn: (n) => `arn:${P}:s3:::${n.name('BucketName', 63)}`,
      DomainName: (n) => `${n.name('BucketName', 63)}.s3.${LONGEST_URL_SUFFIX}`,
      RegionalDomainName: (n) => `${n.name('BucketName', 63)}.s3.${R}.${LONGEST_URL_SUFFIX}`,
      DualStackDomainName: (n) => `${n.name('BucketName', 63)}.s3.dualstack.${R}.${LONGEST_URL_SUFFIX}`,
      WebsiteURL: (n) => `http://${n.name('BucketName', 63)}.s3-website.${R}.${LONGEST_URL_SUFFIX}`,
    },
  },
  'AWS::KMS::Key': {
    // Multi-Region keys: `mrk-` and 32 hex digits, as long as a UUID.
    ref: () => UUID,
    attributes: { Arn: () => arn('kms', R, A, `key/${UUID}`), KeyId: () => UUID },
  },
  'AWS::KMS::Alias': { ref: (n) => n.name('AliasName', 256) },
  'AWS::Logs::LogGroup': {
    ref: (n) => n.name('LogGroupName', 512),
    attributes: { Arn: (n) => arn('logs', R, A, `log-group:${n.name('LogGroupName', 512)}:*`) },
  },
  'AWS::Lambda::Function': {
    ref: (n) => n.name('FunctionName', 64),
    attributes: { Arn: (n) => arn('lambda', R, A, `function:${n.name('FunctionName', 64)}`) },
  },
  // A layer version's Ref is its ARN with the version number (assumed at most 10 digits).
  'AWS::Lambda::LayerVersion': { ref: (n) => arn('lambda', R, A, `layer:${n.name('LayerName', 140)}:${placeholder(10)}`) },
  'AWS::CodeBuild::Project': {
    ref: (n) => n.name('Name', 255),
    attributes: { Arn: (n) => arn('codebuild', R, A, `project/${n.name('Name', 255)}`) },
  },
  'AWS::CodeCommit::Repository': {
    ref: () => UUID,
    attributes: {
      Arn: (n) => arn('codecommit', R, A, n.name('RepositoryName', 100)),
      Name: (n) => n.name('RepositoryName', 100),
      CloneUrlHttp: (n) => `https://git-codecommit.${R}.${LONGEST_URL_SUFFIX}/v1/repos/${n.name('RepositoryName', 100)}`,
      CloneUrlSsh: (n) => `ssh://git-codecommit.${R}.${LONGEST_URL_SUFFIX}/v1/repos/${n.name('RepositoryName', 100)}`,
    },
  },
  'AWS::EC2::VPC': {
    ref: () => ec2Id('vpc'),
    attributes: {
      VpcId: () => ec2Id('vpc'),
      CidrBlock: () => '255.255.255.255/32',
      DefaultSecurityGroup: () => ec2Id('sg'),
      DefaultNetworkAcl: () => ec2Id('acl'),
    },
  },
  'AWS::EC2::Subnet': {
    ref: () => ec2Id('subnet'),
    attributes: { SubnetId: () => ec2Id('subnet'), AvailabilityZone: () => LONGEST_AZ_NAME, VpcId: () => ec2Id('vpc') },
  },
  'AWS::EC2::SecurityGroup': { ref: () => ec2Id('sg'), attributes: { GroupId: () => ec2Id('sg'), VpcId: () => ec2Id('vpc') } },
  'AWS::EC2::RouteTable': { ref: () => ec2Id('rtb'), attributes: { RouteTableId: () => ec2Id('rtb') } },
  'AWS::EC2::InternetGateway': { ref: () => ec2Id('igw') },
  'AWS::EC2::NatGateway': { ref: () => ec2Id('nat') },
  'AWS::EC2::EIP': { ref: () => '255.255.255.255', attributes: { AllocationId: () => ec2Id('eipalloc') } },
  'AWS::EC2::VPCEndpoint': { ref: () => ec2Id('vpce'), attributes: { Id: () => ec2Id('vpce') } },
  'AWS::EC2::FlowLog': { ref: () => ec2Id('fl') },
  'AWS::SageMaker::Domain': {
    ref: () => arn('sagemaker', R, A, `domain/d-${placeholder(12)}`),
    attributes: {
      DomainId: () => `d-${placeholder(12)}`,
      DomainArn: () => arn('sagemaker', R, A, `domain/d-${placeholder(12)}`),
      HomeEfsFileSystemId: () => ec2Id('fs'),
      SecurityGroupIdForDomainBoundary: () => ec2Id('sg'),
      Url: () => `https://d-${placeholder(12)}.studio.${R}.sagemaker.aws`,
    },
  },
  'AWS::SageMaker::UserProfile': {
    ref: (n) => arn('sagemaker', R, A, `user-profile/d-${placeholder(12)}/${n.name('UserProfileName', 63)}`),
    attributes: { UserProfileArn: (n) => arn('sagemaker', R, A, `user-profile/d-${placeholder(12)}/${n.name('UserProfileName', 63)}`) },
  },
  'AWS::SageMaker::Endpoint': sageMaker('endpoint', 'EndpointName'),
  'AWS::SageMaker::EndpointConfig': sageMaker('endpoint-config', 'EndpointConfigName'),
  'AWS::SageMaker::Model': sageMaker('model', 'ModelName'),
  'AWS::SageMaker::NotebookInstance': sageMaker('notebook-instance', 'NotebookInstanceName'),
  'AWS::SageMaker::ModelPackageGroup': sageMaker('model-package-group', 'ModelPackageGroupName'),
  'AWS::SageMaker::Project': {
    ...sageMaker('project', 'ProjectName', 32),
    attributes: {
      ProjectArn: (n) => arn('sagemaker', R, A, `project/${n.name('ProjectName', 32)}`),
      ProjectId: () => placeholder(20),
    },
  },
  'AWS::SageMaker::Pipeline': sageMaker('pipeline', 'PipelineName', 256),
  'AWS::SSM::Parameter': {
    ref: (n) => n.name('Name', 1011),
    attributes: { Type: () => 'StringList', Value: () => placeholder(4096) },
  },
  'AWS::SNS::Topic': {
    ref: (n) => arn('sns', R, A, n.name('TopicName', 256)),
    attributes: { TopicArn: (n) => arn('sns', R, A, n.name('TopicName', 256)), TopicName: (n) => n.name('TopicName', 256) },
  },
  'AWS::SQS::Queue': {
    ref: (n) => `https://sqs.${R}.${LONGEST_URL_SUFFIX}/${A}/${n.name('QueueName', 80)}`,
    attributes: { Arn: (n) => arn('sqs', R, A, n.name('QueueName', 80)), QueueName: (n) => n.name('QueueName', 80) },
  },
  'AWS::ServiceCatalog::Portfolio': { ref: () => serviceCatalogId('port'), attributes: { PortfolioName: (n) => n.name('DisplayName', 100) } },
  'AWS::ServiceCatalog::CloudFormationProduct': {
    ref: () => serviceCatalogId('prod'),
    attributes: { ProductName: (n) => n.name('Name', 8191), ProvisioningArtifactIds: () => serviceCatalogId('pa') },
  },
  'AWS::ServiceCatalog::TagOption': { ref: () => serviceCatalogId('tag') },
  'AWS::ServiceCatalog::CloudFormationProvisionedProduct': { ref: () => serviceCatalogId('pp') },
  'AWS::ApplicationAutoScaling::ScalableTarget': {
    // `<resource id>|<scalable dimension>|<namespace>`: an endpoint variant's resource id is the longest this catalog uses.
    ref: () => `endpoint/${placeholder(63)}/variant/${placeholder(63)}|sagemaker:variant:DesiredInstanceCount|sagemaker`,
  },
  'AWS::CloudFormation::StackSet': { ref: (n) => `${n.name('StackSetName', 128)}:${UUID}` },
  'AWS::Events::Rule': { ref: (n) => n.name('Name', 64), attributes: { Arn: (n) => arn('events', R, A, `rule/${n.name('Name', 64)}`) } },
  'AWS::CodePipeline::Pipeline': { ref: (n) => n.name('Name', 100) },
};
