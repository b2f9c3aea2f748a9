/**
 * What CloudFormation needs of the caller to create, read, update and delete
 * each resource type the shipped products use: one entry per type, each with
 * where its list comes from. The factory's launch roles (launch-role-policy.ts)
 * are derived from this table and from the types in the templates of every
 * published version of a product; a type missing here fails synth (a new type
 * needs its entry, with its source).
 *
 * Most entries are the union of `handlers.create|read|update|delete.permissions`
 * of the type's CloudFormation registry schema, which "list exactly the IAM
 * actions each handler needs" (the resource provider schema's `handlers`,
 * https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html).
 * The copy checked is the one cfn-lint ships (requirements.txt pins it; its
 * data/schemas/providers/<region>.json names each type's schema):
 * test/generator/launch-role-permissions.test.ts fails when an entry differs from it.
 * `list` handlers are left out: CloudFormation calls them for resource discovery
 * (Cloud Control ListResources, IaC generator), never for a stack operation.
 */

/** Where an entry comes from. */
export type PermissionSource =
  | typeof REGISTRY_SCHEMA
  | { readonly kind: 'legacy'; readonly reference: string }
  | { readonly kind: 'none'; readonly reason: string };

/** The type's registry schema: `handlers.{create,read,update,delete}.permissions`, as bundled by cfn-lint. */
export const REGISTRY_SCHEMA = { kind: 'registry-schema' } as const;

export interface ResourcePermissions {
  readonly source: PermissionSource;
  /** IAM actions the handlers call with the caller's credentials. */
  readonly actions: readonly string[];
  /** Actions of the schema left out, each with why (only names that are not IAM actions). */
  readonly omitted?: Readonly<Record<string, string>>;
  /**
   * Service principals a role given to this type is passed to (`iam:PassedToService`), for types
   * whose handlers need iam:PassRole.
   */
  readonly passesRoleTo?: readonly string[];
}

/**
 * A custom resource (`Custom::*`, `AWS::CloudFormation::CustomResource`): CloudFormation invokes the
 * function its ServiceToken names with the stack's credentials, so the caller needs
 * lambda:InvokeFunction on it ("not authorized to perform: lambda:InvokeFunction", aws-solutions/instance-scheduler-on-aws#29).
 */
export const CUSTOM_RESOURCE: ResourcePermissions = {
  source: {
    kind: 'legacy',
    reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-custom-resources-lambda.html',
  },
  actions: ['lambda:InvokeFunction'],
};

/** Resource type -> what its handlers need. */
export const RESOURCE_PERMISSIONS: Readonly<Record<string, ResourcePermissions>> = {
  'AWS::ApplicationAutoScaling::ScalableTarget': {
    source: REGISTRY_SCHEMA,
    actions: ['application-autoscaling:DeleteScheduledAction', 'application-autoscaling:DeregisterScalableTarget',
      'application-autoscaling:DescribeScalableTargets', 'application-autoscaling:DescribeScheduledActions',
      'application-autoscaling:ListTagsForResource', 'application-autoscaling:PutScheduledAction',
      'application-autoscaling:RegisterScalableTarget', 'application-autoscaling:TagResource',
      'application-autoscaling:UntagResource', 'cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms',
      'cloudwatch:PutMetricAlarm', 'iam:CreateServiceLinkedRole', 'iam:PassRole', 'lambda:DeleteProvisionedConcurrencyConfig',
      'lambda:GetProvisionedConcurrencyConfig', 'lambda:PutProvisionedConcurrencyConfig'],
    passesRoleTo: ['application-autoscaling.amazonaws.com'],
  },
  'AWS::ApplicationAutoScaling::ScalingPolicy': {
    source: REGISTRY_SCHEMA,
    actions: ['application-autoscaling:DeleteScalingPolicy', 'application-autoscaling:DescribeScalingPolicies',
      'application-autoscaling:PutScalingPolicy', 'cloudwatch:GetMetricData'],
  },
  'AWS::CloudTrail::Trail': {
    source: REGISTRY_SCHEMA,
    actions: ['CloudTrail:AddTags', 'CloudTrail:CreateTrail', 'CloudTrail:DeleteTrail', 'CloudTrail:DescribeTrails',
      'CloudTrail:GetEventConfiguration', 'CloudTrail:GetEventSelectors', 'CloudTrail:GetInsightSelectors',
      'CloudTrail:GetTrail', 'CloudTrail:GetTrailStatus', 'CloudTrail:ListTags', 'CloudTrail:PutEventConfiguration',
      'CloudTrail:PutEventSelectors', 'CloudTrail:PutInsightSelectors', 'CloudTrail:RemoveTags', 'CloudTrail:StartLogging',
      'CloudTrail:StopLogging', 'CloudTrail:UpdateTrail', 'iam:CreateServiceLinkedRole', 'iam:GetRole', 'iam:PassRole',
      'organizations:DescribeOrganization', 'organizations:ListAWSServiceAccessForOrganization'],
    passesRoleTo: ['cloudtrail.amazonaws.com'],
  },
  'AWS::CloudWatch::Alarm': {
    source: REGISTRY_SCHEMA,
    actions: ['cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource',
      'cloudwatch:PutMetricAlarm', 'cloudwatch:TagResource', 'cloudwatch:UntagResource'],
  },
  'AWS::CodeArtifact::Domain': {
    source: REGISTRY_SCHEMA,
    actions: ['codeartifact:CreateDomain', 'codeartifact:DeleteDomain', 'codeartifact:DeleteDomainPermissionsPolicy',
      'codeartifact:DescribeDomain', 'codeartifact:GetDomainPermissionsPolicy', 'codeartifact:ListTagsForResource',
      'codeartifact:PutDomainPermissionsPolicy', 'codeartifact:TagResource', 'codeartifact:UntagResource'],
  },
  'AWS::CodeArtifact::Repository': {
    source: REGISTRY_SCHEMA,
    actions: ['codeartifact:AssociateExternalConnection', 'codeartifact:AssociateWithDownstreamRepository',
      'codeartifact:CreateRepository', 'codeartifact:DeleteRepository', 'codeartifact:DeleteRepositoryPermissionsPolicy',
      'codeartifact:DescribeRepository', 'codeartifact:DisassociateExternalConnection',
      'codeartifact:GetRepositoryPermissionsPolicy', 'codeartifact:ListTagsForResource',
      'codeartifact:PutRepositoryPermissionsPolicy', 'codeartifact:TagResource', 'codeartifact:UntagResource',
      'codeartifact:UpdateRepository'],
  },
  'AWS::CodeCommit::Repository': {
    source: REGISTRY_SCHEMA,
    actions: ['codecommit:CreateCommit', 'codecommit:CreateRepository', 'codecommit:DeleteRepository',
      'codecommit:GetRepository', 'codecommit:GetRepositoryTriggers', 'codecommit:ListRepositories',
      'codecommit:ListTagsForResource', 'codecommit:PutRepositoryTriggers', 'codecommit:TagResource',
      'codecommit:UntagResource', 'codecommit:UpdateRepositoryDescription', 'codecommit:UpdateRepositoryEncryptionKey',
      'codecommit:UpdateRepositoryName', 's3:GetObject', 's3:GetObjectVersion'],
  },
  'AWS::CodePipeline::Pipeline': {
    source: REGISTRY_SCHEMA,
    actions: ['codepipeline:CreatePipeline', 'codepipeline:DeletePipeline', 'codepipeline:DisableStageTransition',
      'codepipeline:EnableStageTransition', 'codepipeline:GetPipeline', 'codepipeline:GetPipelineState',
      'codepipeline:ListTagsForResource', 'codepipeline:StartPipelineExecution', 'codepipeline:TagResource',
      'codepipeline:UntagResource', 'codepipeline:UpdatePipeline', 'codestar-connections:PassConnection', 'iam:GetRole',
      'iam:PassRole'],
    passesRoleTo: ['codepipeline.amazonaws.com'],
  },
  'AWS::Config::ConfigRule': {
    source: REGISTRY_SCHEMA,
    actions: ['config:DeleteConfigRule', 'config:DescribeComplianceByConfigRule', 'config:DescribeConfigRules',
      'config:PutConfigRule'],
  },
  'AWS::Config::ConfigurationRecorder': {
    source: REGISTRY_SCHEMA,
    actions: ['config:DeleteConfigurationRecorder', 'config:DescribeConfigurationRecorders', 'config:ListTagsForResource',
      'config:PutConfigurationRecorder', 'config:StartConfigurationRecorder', 'iam:PassRole'],
    passesRoleTo: ['config.amazonaws.com'],
  },
  'AWS::Config::DeliveryChannel': {
    source: REGISTRY_SCHEMA,
    actions: ['config:DeleteDeliveryChannel', 'config:DescribeDeliveryChannels', 'config:PutDeliveryChannel'],
  },
  'AWS::Config::RemediationConfiguration': {
    source: REGISTRY_SCHEMA,
    actions: ['config:DeleteRemediationConfiguration', 'config:DescribeRemediationConfigurations',
      'config:PutRemediationConfigurations', 'iam:CreateServiceLinkedRole', 'iam:PassRole'],
    passesRoleTo: ['config.amazonaws.com', 'ssm.amazonaws.com'],
  },
  'AWS::EC2::FlowLog': {
    source: REGISTRY_SCHEMA,
    actions: ['autoscaling:DescribeTags', 'ec2:CreateFlowLogs', 'ec2:CreateTags', 'ec2:DeleteFlowLogs', 'ec2:DeleteTags',
      'ec2:DescribeFlowLogs', 'ec2:DescribeTags', 'iam:CreateServiceLinkedRole', 'iam:PassRole', 'logs:CreateLogDelivery',
      'logs:DeleteLogDelivery', 's3:GetBucketPolicy', 's3:PutBucketPolicy'],
    passesRoleTo: ['vpc-flow-logs.amazonaws.com'],
  },
  'AWS::EC2::RouteTable': {
    source: REGISTRY_SCHEMA,
    actions: ['ec2:CreateRouteTable', 'ec2:CreateTags', 'ec2:DeleteRouteTable', 'ec2:DeleteTags', 'ec2:DescribeRouteTables'],
  },
  'AWS::EC2::SecurityGroup': {
    source: REGISTRY_SCHEMA,
    actions: ['ec2:AuthorizeSecurityGroupEgress', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:CreateSecurityGroup',
      'ec2:CreateTags', 'ec2:DeleteSecurityGroup', 'ec2:DeleteTags', 'ec2:DescribeInstances', 'ec2:DescribeSecurityGroups',
      'ec2:RevokeSecurityGroupEgress', 'ec2:RevokeSecurityGroupIngress', 'ec2:UpdateSecurityGroupRuleDescriptionsEgress',
      'ec2:UpdateSecurityGroupRuleDescriptionsIngress'],
  },
  'AWS::EC2::SecurityGroupEgress': {
    source: REGISTRY_SCHEMA,
    actions: ['ec2:AuthorizeSecurityGroupEgress', 'ec2:DescribeSecurityGroupRules', 'ec2:RevokeSecurityGroupEgress',
      'ec2:UpdateSecurityGroupRuleDescriptionsEgress'],
  },
  'AWS::EC2::SecurityGroupIngress': {
    source: REGISTRY_SCHEMA,
    actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:DescribeSecurityGroupRules', 'ec2:DescribeSecurityGroups',
      'ec2:RevokeSecurityGroupIngress', 'ec2:UpdateSecurityGroupRuleDescriptionsIngress'],
  },
  'AWS::EC2::Subnet': {
    source: REGISTRY_SCHEMA,
    actions: ['ec2:AssociateSubnetCidrBlock', 'ec2:CreateSubnet', 'ec2:CreateTags', 'ec2:DeleteSubnet', 'ec2:DeleteTags',
      'ec2:DescribeNetworkAcls', 'ec2:DescribeSubnets', 'ec2:DisassociateSubnetCidrBlock', 'ec2:ModifySubnetAttribute'],
  },
  'AWS::EC2::SubnetRouteTableAssociation': {
    source: REGISTRY_SCHEMA,
    actions: ['ec2:AssociateRouteTable', 'ec2:DescribeRouteTables', 'ec2:DescribeSubnets', 'ec2:DisassociateRouteTable',
      'ec2:ReplaceRouteTableAssociation'],
  },
  'AWS::EC2::VPC': {
    source: REGISTRY_SCHEMA,
    actions: ['ec2:CreateTags', 'ec2:CreateVpc', 'ec2:CreateVpcEncryptionControl', 'ec2:DeleteTags', 'ec2:DeleteVpc',
      'ec2:DescribeNetworkAcls', 'ec2:DescribeSecurityGroups', 'ec2:DescribeVpcAttribute', 'ec2:DescribeVpcEncryptionControls',
      'ec2:DescribeVpcs', 'ec2:ModifyVpcAttribute', 'ec2:ModifyVpcTenancy'],
  },
  'AWS::EC2::VPCEndpoint': {
    source: REGISTRY_SCHEMA,
    actions: ['ec2:CreateTags', 'ec2:CreateVpcEndpoint', 'ec2:DeleteTags', 'ec2:DeleteVpcEndpoints',
      'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcEndpoints', 'ec2:DescribeVpcs',
      'ec2:ModifyVpcEndpoint', 'vpc-lattice:CreateServiceNetworkVpcEndpointAssociation', 'vpce:AllowMultiRegion'],
    omitted: {
      'vpc-lattice:DescribeServiceNetworkVpcEndpointAssociation': 'not an IAM action in the service authorization reference (cfn-lint W3037); only service-network endpoints call it, which no product creates',
    },
  },
  'AWS::Events::Rule': {
    source: REGISTRY_SCHEMA,
    actions: ['events:DeleteRule', 'events:DescribeRule', 'events:ListTagsForResource', 'events:ListTargetsByRule',
      'events:PutRule', 'events:PutTargets', 'events:RemoveTargets', 'events:TagResource', 'events:UntagResource',
      'iam:PassRole'],
    passesRoleTo: ['events.amazonaws.com'],
  },
  'AWS::IAM::ManagedPolicy': {
    source: REGISTRY_SCHEMA,
    actions: ['iam:AttachGroupPolicy', 'iam:AttachRolePolicy', 'iam:AttachUserPolicy', 'iam:CreatePolicy',
      'iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:DetachGroupPolicy',
      'iam:DetachRolePolicy', 'iam:DetachUserPolicy', 'iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListEntitiesForPolicy',
      'iam:ListPolicyVersions'],
  },
  'AWS::IAM::Role': {
    source: REGISTRY_SCHEMA,
    actions: ['iam:AttachRolePolicy', 'iam:CreateRole', 'iam:DeleteRole', 'iam:DeleteRolePermissionsBoundary',
      'iam:DeleteRolePolicy', 'iam:DetachRolePolicy', 'iam:GetRole', 'iam:GetRolePolicy', 'iam:ListAttachedRolePolicies',
      'iam:ListRolePolicies', 'iam:PutRolePermissionsBoundary', 'iam:PutRolePolicy', 'iam:TagRole', 'iam:UntagRole',
      'iam:UpdateAssumeRolePolicy', 'iam:UpdateRole', 'iam:UpdateRoleDescription'],
  },
  'AWS::KMS::Alias': {
    source: REGISTRY_SCHEMA,
    actions: ['kms:CreateAlias', 'kms:DeleteAlias', 'kms:ListAliases', 'kms:UpdateAlias'],
  },
  'AWS::KMS::Key': {
    source: REGISTRY_SCHEMA,
    actions: ['kms:CreateKey', 'kms:DescribeKey', 'kms:DisableKey', 'kms:DisableKeyRotation', 'kms:EnableKey',
      'kms:EnableKeyRotation', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags', 'kms:PutKeyPolicy',
      'kms:ScheduleKeyDeletion', 'kms:TagResource', 'kms:UntagResource', 'kms:UpdateKeyDescription'],
  },
  'AWS::Lambda::Function': {
    source: REGISTRY_SCHEMA,
    actions: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs',
      'elasticfilesystem:DescribeMountTargets', 'iam:PassRole', 'kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey',
      'kms:Encrypt', 'kms:GenerateDataKey', 'lambda:CreateFunction', 'lambda:DeleteFunction',
      'lambda:DeleteFunctionCodeSigningConfig', 'lambda:DeleteFunctionConcurrency', 'lambda:GetCodeSigningConfig',
      'lambda:GetFunction', 'lambda:GetFunctionCodeSigningConfig', 'lambda:GetFunctionRecursionConfig',
      'lambda:GetFunctionScalingConfig', 'lambda:GetLayerVersion', 'lambda:GetRuntimeManagementConfig',
      'lambda:PassCapacityProvider', 'lambda:PublishVersion', 'lambda:PutFunctionCodeSigningConfig',
      'lambda:PutFunctionConcurrency', 'lambda:PutFunctionRecursionConfig', 'lambda:PutFunctionScalingConfig',
      'lambda:PutRuntimeManagementConfig', 'lambda:TagResource', 'lambda:UntagResource', 'lambda:UpdateFunctionCode',
      'lambda:UpdateFunctionConfiguration', 's3:GetObject', 's3:GetObjectVersion', 's3files:ListMountTargets'],
    omitted: {
      'lambda:AssociateRuntimeAlias': 'not an IAM action in the service authorization reference (cfn-lint W3037)',
    },
    passesRoleTo: ['lambda.amazonaws.com'],
  },
  'AWS::Logs::LogGroup': {
    source: REGISTRY_SCHEMA,
    actions: ['firehose:TagDeliveryStream', 'logs:AssociateKmsKey', 'logs:CreateLogDelivery', 'logs:CreateLogGroup',
      'logs:DeleteDataProtectionPolicy', 'logs:DeleteIndexPolicy', 'logs:DeleteLogGroup', 'logs:DeleteResourcePolicy',
      'logs:DeleteRetentionPolicy', 'logs:DescribeIndexPolicies', 'logs:DescribeLogGroups', 'logs:DescribeResourcePolicies',
      'logs:DisassociateKmsKey', 'logs:GetDataProtectionPolicy', 'logs:ListTagsForResource',
      'logs:PutBearerTokenAuthentication', 'logs:PutDataProtectionPolicy', 'logs:PutIndexPolicy',
      'logs:PutLogGroupDeletionProtection', 'logs:PutResourcePolicy', 'logs:PutRetentionPolicy', 'logs:TagResource',
      'logs:UntagResource'],
    omitted: {
      's3:REST.PUT.OBJECT': 'not an IAM action: an S3 REST operation name (cfn-lint W3037)',
    },
  },
  'AWS::Logs::MetricFilter': {
    source: REGISTRY_SCHEMA,
    actions: ['logs:DeleteMetricFilter', 'logs:DescribeMetricFilters', 'logs:PutMetricFilter'],
  },
  'AWS::S3::Bucket': {
    source: REGISTRY_SCHEMA,
    actions: ['iam:PassRole', 's3:CreateBucket', 's3:CreateBucketMetadataTableConfiguration', 's3:DeleteBucket',
      's3:DeleteBucketMetadataTableConfiguration', 's3:DeleteBucketWebsite', 's3:DeleteObject',
      's3:GetAccelerateConfiguration', 's3:GetAnalyticsConfiguration', 's3:GetBucketAbac', 's3:GetBucketAcl',
      's3:GetBucketCORS', 's3:GetBucketLogging', 's3:GetBucketMetadataTableConfiguration', 's3:GetBucketNotification',
      's3:GetBucketObjectLockConfiguration', 's3:GetBucketOwnershipControls', 's3:GetBucketPublicAccessBlock',
      's3:GetBucketTagging', 's3:GetBucketVersioning', 's3:GetBucketWebsite', 's3:GetEncryptionConfiguration',
      's3:GetIntelligentTieringConfiguration', 's3:GetInventoryConfiguration', 's3:GetLifecycleConfiguration',
      's3:GetMetricsConfiguration', 's3:GetReplicationConfiguration', 's3:ListBucket', 's3:ListTagsForResource',
      's3:PutAccelerateConfiguration', 's3:PutAnalyticsConfiguration', 's3:PutBucketAbac', 's3:PutBucketAcl',
      's3:PutBucketCORS', 's3:PutBucketLogging', 's3:PutBucketNotification', 's3:PutBucketObjectLockConfiguration',
      's3:PutBucketOwnershipControls', 's3:PutBucketPublicAccessBlock', 's3:PutBucketTagging', 's3:PutBucketVersioning',
      's3:PutBucketWebsite', 's3:PutEncryptionConfiguration', 's3:PutIntelligentTieringConfiguration',
      's3:PutInventoryConfiguration', 's3:PutLifecycleConfiguration', 's3:PutMetricsConfiguration', 's3:PutObjectAcl',
      's3:PutReplicationConfiguration', 's3:TagResource', 's3:UntagResource',
      's3:UpdateBucketMetadataAnnotationTableConfiguration', 's3:UpdateBucketMetadataInventoryTableConfiguration',
      's3:UpdateBucketMetadataJournalTableConfiguration', 's3tables:CreateNamespace', 's3tables:CreateTable',
      's3tables:CreateTableBucket', 's3tables:GetTable', 's3tables:GetTableMetadataLocation', 's3tables:PutTableBucketPolicy',
      's3tables:PutTableEncryption', 's3tables:PutTablePolicy', 's3tables:UpdateTableMetadataLocation'],
    omitted: {
      's3:DeleteBucketAnalyticsConfiguration': 'an S3 API operation, not an IAM action (cfn-lint W3037): S3 authorizes it with the matching s3:Put*Configuration action of this entry',
      's3:DeleteBucketCors': 'an S3 API operation, not an IAM action (cfn-lint W3037): S3 authorizes it with s3:PutBucketCORS',
      's3:DeleteBucketEncryption': 'an S3 API operation, not an IAM action (cfn-lint W3037): S3 authorizes it with s3:PutEncryptionConfiguration',
      's3:DeleteBucketLifecycle': 'an S3 API operation, not an IAM action (cfn-lint W3037): S3 authorizes it with s3:PutLifecycleConfiguration',
      's3:DeleteBucketMetricsConfiguration': 'an S3 API operation, not an IAM action (cfn-lint W3037): S3 authorizes it with the matching s3:Put*Configuration action of this entry',
      's3:DeleteBucketReplication': 'an S3 API operation, not an IAM action (cfn-lint W3037): S3 authorizes it with s3:PutReplicationConfiguration',
      's3:PutBucketReplication': 'an S3 API operation, not an IAM action (cfn-lint W3037): S3 authorizes it with s3:PutReplicationConfiguration',
      's3:PutObjectLockConfiguration': 'an S3 API operation, not an IAM action (cfn-lint W3037): S3 authorizes it with s3:PutBucketObjectLockConfiguration',
    },
    passesRoleTo: ['s3.amazonaws.com'],
  },
  'AWS::S3::BucketPolicy': {
    source: REGISTRY_SCHEMA,
    actions: ['s3:DeleteBucketPolicy', 's3:GetBucketPolicy', 's3:PutBucketPolicy'],
  },
  'AWS::SNS::Subscription': {
    source: REGISTRY_SCHEMA,
    actions: ['iam:GetRole', 'iam:PassRole', 'sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes', 'sns:Subscribe',
      'sns:Unsubscribe'],
    passesRoleTo: ['sns.amazonaws.com'],
  },
  'AWS::SNS::Topic': {
    source: REGISTRY_SCHEMA,
    actions: ['iam:GetRole', 'iam:PassRole', 'sns:CreateTopic', 'sns:DeleteTopic', 'sns:GetDataProtectionPolicy',
      'sns:GetTopicAttributes', 'sns:ListSubscriptionsByTopic', 'sns:ListTagsForResource', 'sns:PutDataProtectionPolicy',
      'sns:SetTopicAttributes', 'sns:Subscribe', 'sns:TagResource', 'sns:Unsubscribe', 'sns:UntagResource'],
    passesRoleTo: ['sns.amazonaws.com'],
  },
  'AWS::SNS::TopicPolicy': {
    source: REGISTRY_SCHEMA,
    actions: ['sns:SetTopicAttributes'],
  },
  'AWS::SSM::Document': {
    source: REGISTRY_SCHEMA,
    actions: ['iam:PassRole', 's3:GetObject', 'ssm:AddTagsToResource', 'ssm:CreateDocument', 'ssm:DeleteDocument',
      'ssm:DescribeDocument', 'ssm:GetDocument', 'ssm:ListTagsForResource', 'ssm:RemoveTagsFromResource', 'ssm:UpdateDocument',
      'ssm:UpdateDocumentDefaultVersion'],
    passesRoleTo: ['ssm.amazonaws.com'],
  },
  'AWS::SSM::Parameter': {
    source: REGISTRY_SCHEMA,
    actions: ['ssm:AddTagsToResource', 'ssm:DeleteParameter', 'ssm:GetParameters', 'ssm:ListTagsForResource',
      'ssm:PutParameter', 'ssm:RemoveTagsFromResource'],
  },
  'AWS::SageMaker::Domain': {
    source: REGISTRY_SCHEMA,
    actions: ['iam:CreateServiceLinkedRole', 'iam:PassRole', 'kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey',
      'kms:GenerateDataKeyWithoutPlainText', 'sagemaker:AddTags', 'sagemaker:CreateApp', 'sagemaker:CreateDomain',
      'sagemaker:DeleteApp', 'sagemaker:DeleteDomain', 'sagemaker:DeleteTags', 'sagemaker:DescribeApp',
      'sagemaker:DescribeDomain', 'sagemaker:DescribeImage', 'sagemaker:DescribeImageVersion', 'sagemaker:DescribeUserProfile',
      'sagemaker:ListTags', 'sagemaker:UpdateDomain'],
    omitted: {
      'efs:CreateFileSystem': 'no IAM action: the IAM prefix of EFS is elasticfilesystem (cfn-lint W3037)',
      'efs:DeleteFileSystem': 'no IAM action: the IAM prefix of EFS is elasticfilesystem (cfn-lint W3037)',
      'efs:DeleteMountTarget': 'no IAM action: the IAM prefix of EFS is elasticfilesystem (cfn-lint W3037)',
      'efs:DescribeMountTargets': 'no IAM action: the IAM prefix of EFS is elasticfilesystem (cfn-lint W3037)',
    },
    passesRoleTo: ['sagemaker.amazonaws.com'],
  },
  'AWS::SageMaker::Endpoint': {
    source: REGISTRY_SCHEMA,
    actions: ['sagemaker:AddTags', 'sagemaker:CreateEndpoint', 'sagemaker:DeleteEndpoint', 'sagemaker:DeleteTags',
      'sagemaker:DescribeEndpoint', 'sagemaker:ListTags', 'sagemaker:UpdateEndpoint'],
  },
  'AWS::SageMaker::EndpointConfig': {
    source: REGISTRY_SCHEMA,
    actions: ['iam:PassRole', 'kms:DescribeKey', 'sagemaker:AddTags', 'sagemaker:CreateEndpointConfig',
      'sagemaker:DeleteEndpointConfig', 'sagemaker:DeleteTags', 'sagemaker:DescribeEndpointConfig', 'sagemaker:ListTags'],
    passesRoleTo: ['sagemaker.amazonaws.com'],
  },
  'AWS::SageMaker::Model': {
    source: REGISTRY_SCHEMA,
    actions: ['iam:PassRole', 'sagemaker:AddTags', 'sagemaker:CreateModel', 'sagemaker:DeleteModel', 'sagemaker:DeleteTags',
      'sagemaker:DescribeModel', 'sagemaker:ListTags'],
    passesRoleTo: ['sagemaker.amazonaws.com'],
  },
  'AWS::SageMaker::ModelPackageGroup': {
    source: REGISTRY_SCHEMA,
    actions: ['sagemaker:AddTags', 'sagemaker:CreateModelPackageGroup', 'sagemaker:DeleteModelPackageGroup',
      'sagemaker:DeleteModelPackageGroupPolicy', 'sagemaker:DeleteTags', 'sagemaker:DescribeModelPackageGroup',
      'sagemaker:GetModelPackageGroupPolicy', 'sagemaker:ListTags', 'sagemaker:PutModelPackageGroupPolicy'],
  },
  'AWS::SageMaker::StudioLifecycleConfig': {
    source: REGISTRY_SCHEMA,
    actions: ['sagemaker:AddTags', 'sagemaker:CreateStudioLifecycleConfig', 'sagemaker:DeleteStudioLifecycleConfig',
      'sagemaker:DeleteTags', 'sagemaker:DescribeStudioLifecycleConfig', 'sagemaker:ListTags'],
  },
  'AWS::SageMaker::UserProfile': {
    source: REGISTRY_SCHEMA,
    actions: ['iam:PassRole', 'identitystore:DescribeUser', 'identitystore:ListUsers', 'sagemaker:AddTags',
      'sagemaker:CreateUserProfile', 'sagemaker:DeleteTags', 'sagemaker:DeleteUserProfile', 'sagemaker:DescribeImage',
      'sagemaker:DescribeImageVersion', 'sagemaker:DescribeUserProfile', 'sagemaker:ListTags', 'sagemaker:UpdateUserProfile',
      'sso:DescribeInstance', 'sso:ListInstances'],
    passesRoleTo: ['sagemaker.amazonaws.com'],
  },
  // Legacy types: their registry schemas carry no handlers, so the service authorization reference says.
  'AWS::CloudFormation::WaitConditionHandle': {
    source: { kind: 'none', reason: 'CloudFormation makes the presigned URL itself and calls no other service' },
    actions: [],
  },
  'AWS::CodeBuild::Project': {
    source: {
      kind: 'legacy',
      reference:
        'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodebuild.html (CreateProject, UpdateProject, ' +
        'DeleteProject, BatchGetProjects; the service role is passed with iam:PassRole)',
    },
    actions: ['codebuild:BatchGetProjects', 'codebuild:CreateProject', 'codebuild:DeleteProject', 'codebuild:UpdateProject', 'iam:PassRole'],
    passesRoleTo: ['codebuild.amazonaws.com'],
  },
};

/** The entry for a type, custom resources included; undefined when the table has none. */
export function permissionsOf(type: string): ResourcePermissions | undefined {
  if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') return CUSTOM_RESOURCE;
  return RESOURCE_PERMISSIONS[type];
}
