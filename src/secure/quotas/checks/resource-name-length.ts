/**
 * Names a resource sets explicitly, at their longest plausible launch value,
 * against the length the service accepts. A name built from launch parameters
 * (`${EnvironmentName}-data-scientist`) fails CREATE when a user fills in the
 * longest value the parameter allows; this finds it before anyone launches.
 * Limits are the services' API constraints (CreateRole RoleName 64, S3 bucket
 * naming rules 63, SageMaker `EntityName` 63, CreateProject ProjectName 32, ...).
 */
import { ACCOUNT_ID, LONGEST_PARTITION, LONGEST_REGION } from '../aws-bounds';
import { LongestValues } from '../longest-values';
import { type QuotaCheck, type QuotaFinding, resourcesOf } from '../quota-check';

interface NameLimit {
  /** Property holding the name; `Policies[].PolicyName` for a name in each element of a list. */
  readonly property: string;
  readonly max: number;
  /** The measured string, when the service counts more than the name (SSM: the whole ARN). */
  readonly measured?: (name: string) => string;
}

/**
 * SSM: "The maximum length for a parameter name that you create is 1011
 * characters. This includes the characters in the ARN that precede the name"
 * (Systems Manager, PutParameter).
 */
const ssmParameterArn = (name: string): string =>
  `arn:${LONGEST_PARTITION}:ssm:${LONGEST_REGION}:${ACCOUNT_ID}:parameter/${name.replace(/^\//, '')}`;

export const NAME_LIMITS: Readonly<Record<string, readonly NameLimit[]>> = {
  'AWS::IAM::Role': [
    { property: 'RoleName', max: 64 },
    { property: 'Path', max: 512 },
    { property: 'Policies[].PolicyName', max: 128 },
  ],
  'AWS::IAM::ManagedPolicy': [
    { property: 'ManagedPolicyName', max: 128 },
    { property: 'Path', max: 512 },
  ],
  'AWS::IAM::Policy': [{ property: 'PolicyName', max: 128 }],
  'AWS::IAM::RolePolicy': [{ property: 'PolicyName', max: 128 }],
  'AWS::IAM::InstanceProfile': [{ property: 'InstanceProfileName', max: 128 }],
  'AWS::IAM::User': [{ property: 'UserName', max: 64 }],
  'AWS::IAM::Group': [{ property: 'GroupName', max: 128 }],
  'AWS::S3::Bucket': [{ property: 'BucketName', max: 63 }],
  'AWS::KMS::Alias': [{ property: 'AliasName', max: 256 }],
  'AWS::Logs::LogGroup': [{ property: 'LogGroupName', max: 512 }],
  'AWS::SSM::Parameter': [{ property: 'Name', max: 1011, measured: ssmParameterArn }],
  'AWS::Lambda::Function': [{ property: 'FunctionName', max: 64 }],
  'AWS::CodeBuild::Project': [{ property: 'Name', max: 255 }],
  'AWS::CodeCommit::Repository': [{ property: 'RepositoryName', max: 100 }],
  'AWS::CodePipeline::Pipeline': [{ property: 'Name', max: 100 }],
  'AWS::Events::Rule': [{ property: 'Name', max: 64 }],
  'AWS::SNS::Topic': [{ property: 'TopicName', max: 256 }],
  'AWS::SQS::Queue': [{ property: 'QueueName', max: 80 }],
  'AWS::ECR::Repository': [{ property: 'RepositoryName', max: 256 }],
  'AWS::StepFunctions::StateMachine': [{ property: 'StateMachineName', max: 80 }],
  'AWS::EC2::SecurityGroup': [{ property: 'GroupName', max: 255 }],
  'AWS::CloudFormation::StackSet': [{ property: 'StackSetName', max: 128 }],
  'AWS::ServiceCatalog::Portfolio': [{ property: 'DisplayName', max: 100 }],
  'AWS::SageMaker::Domain': [{ property: 'DomainName', max: 63 }],
  'AWS::SageMaker::UserProfile': [{ property: 'UserProfileName', max: 63 }],
  'AWS::SageMaker::Space': [{ property: 'SpaceName', max: 63 }],
  'AWS::SageMaker::App': [{ property: 'AppName', max: 63 }],
  'AWS::SageMaker::Project': [{ property: 'ProjectName', max: 32 }],
  'AWS::SageMaker::ModelPackageGroup': [{ property: 'ModelPackageGroupName', max: 63 }],
  'AWS::SageMaker::Model': [{ property: 'ModelName', max: 63 }],
  'AWS::SageMaker::Endpoint': [{ property: 'EndpointName', max: 63 }],
  'AWS::SageMaker::EndpointConfig': [{ property: 'EndpointConfigName', max: 63 }],
  'AWS::SageMaker::NotebookInstance': [{ property: 'NotebookInstanceName', max: 63 }],
  'AWS::SageMaker::NotebookInstanceLifecycleConfig': [{ property: 'NotebookInstanceLifecycleConfigName', max: 63 }],
  'AWS::SageMaker::CodeRepository': [{ property: 'CodeRepositoryName', max: 63 }],
  'AWS::SageMaker::Pipeline': [{ property: 'PipelineName', max: 256 }],
  'AWS::SageMaker::Image': [{ property: 'ImageName', max: 63 }],
  'AWS::SageMaker::AppImageConfig': [{ property: 'AppImageConfigName', max: 63 }],
  'AWS::SageMaker::FeatureGroup': [{ property: 'FeatureGroupName', max: 64 }],
  'AWS::SageMaker::MonitoringSchedule': [{ property: 'MonitoringScheduleName', max: 63 }],
  'AWS::SageMaker::DataQualityJobDefinition': [{ property: 'JobDefinitionName', max: 63 }],
  'AWS::SageMaker::ModelQualityJobDefinition': [{ property: 'JobDefinitionName', max: 63 }],
  'AWS::SageMaker::ModelBiasJobDefinition': [{ property: 'JobDefinitionName', max: 63 }],
  'AWS::SageMaker::ModelExplainabilityJobDefinition': [{ property: 'JobDefinitionName', max: 63 }],
};

/** The values at `property` (`List[].Name`: one per element), with their location. */
function namesAt(properties: Readonly<Record<string, unknown>>, property: string): [unknown, string][] {
  const [list, field] = property.split('[].');
  if (field === undefined) return properties[property] === undefined ? [] : [[properties[property], `Properties/${property}`]];
  const items = properties[list];
  if (!Array.isArray(items)) return [];
  return items.flatMap((item, index) => {
    const value = (item as Record<string, unknown> | null)?.[field];
    return value === undefined ? [] : [[value, `Properties/${list}/${index}/${field}`] as [unknown, string]];
  });
}

export const ResourceNameLength: QuotaCheck = {
  id: 'ResourceNameLength',
  description: 'A name a resource sets fits the length its service accepts, for the longest launch parameter values allowed.',
  fix: 'Bound the launch parameters the name is built from (MaxLength, AllowedPattern, AllowedValues) so the longest value fits, or leave the name unset and let CloudFormation generate one.',
  check: ({ template }) =>
    resourcesOf(template, ...Object.keys(NAME_LIMITS)).flatMap(([logicalId, resource]) =>
      NAME_LIMITS[resource.Type].flatMap((limit): QuotaFinding[] =>
        namesAt(resource.Properties ?? {}, limit.property).flatMap(([value, location]) => {
          const values = new LongestValues(template);
          const name = values.string(value);
          const measured = limit.measured ? limit.measured(name) : name;
          if (measured.length <= limit.max) return [];
          const assumed = values.unbounded.size === 0 ? '' : ` Values nothing bounds were assumed ${[...values.unbounded].join('; ')}.`;
          const what = limit.measured ? `${limit.property} (as its ARN)` : limit.property;
          return [
            {
              logicalId,
              problem: `${what} of ${logicalId} resolves to up to ${measured.length} characters with the longest plausible launch values; ${resource.Type} accepts ${limit.max}.${assumed}`,
              locations: [location],
            },
          ];
        }),
      ),
    ),
};
