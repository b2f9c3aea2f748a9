/**
 * AWS Config managed rules chosen for this platform, by their identifiers
 * (https://docs.aws.amazon.com/config/latest/developerguide/managed-rules-by-aws-config.html).
 * Change-triggered rules are scoped to the environment's own resources by
 * resource id; rules on SageMaker resources that people create at run time
 * (notebooks, models, endpoint configurations) are scoped by resource type and
 * pinned to the environment's keys and subnets by their parameters. Periodic
 * rules cannot be scoped (Config evaluates them account-wide); where they take
 * parameters these name the environment's keys. No custom rule: every check the
 * issue asks for has a managed rule.
 *
 * Non-compliance is reported through EventBridge ('Config Rules Compliance
 * Change') to the alerts topic.
 */
import { Fn } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct, type IDependable } from 'constructs';
import { keyIdOf, type WatchedEnvironment } from './watched';

/** One managed rule of this product, possibly once per watched resource. */
export interface ConfigControl {
  /** Construct id (one per resource: `<id><ResourceId>`) and rule-name suffix. */
  readonly id: string;
  /** The managed rule identifier. */
  readonly identifier: string;
  readonly watches: string;
  /** One rule per resource (scope by resource id), or one rule (scope by type, or none for periodic rules). */
  readonly scope: (w: WatchedEnvironment) => readonly ConfigScope[];
  readonly parameters?: (w: WatchedEnvironment) => Record<string, string>;
  /** Periodic rules: how often. */
  readonly periodic?: boolean;
}

export interface ConfigScope {
  /** Construct id suffix ('' for a single rule). */
  readonly suffix: string;
  readonly resourceType?: string;
  readonly resourceId?: string;
}

const byType = (resourceType: string): ConfigScope[] => [{ suffix: '', resourceType }];
const eachBucket = (w: WatchedEnvironment): ConfigScope[] =>
  Object.entries(w.buckets).map(([id, name]) => ({ suffix: id, resourceType: 'AWS::S3::Bucket', resourceId: name }));

export const CONFIG_CONTROLS: readonly ConfigControl[] = [
  {
    id: 'NotebookNoDirectInternet',
    identifier: 'SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS',
    watches: 'notebook instances with direct internet access',
    scope: () => byType('AWS::SageMaker::NotebookInstance'),
  },
  {
    id: 'NotebookKms',
    identifier: 'SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED',
    watches: "notebook instances whose volume is not encrypted with the environment's volume key",
    scope: () => byType('AWS::SageMaker::NotebookInstance'),
    parameters: (w) => ({ keyArns: w.keyArns.volume }),
  },
  {
    id: 'NotebookRootAccess',
    identifier: 'SAGEMAKER_NOTEBOOK_INSTANCE_ROOT_ACCESS_CHECK',
    watches: 'notebook instances with root access',
    scope: () => byType('AWS::SageMaker::NotebookInstance'),
  },
  {
    id: 'NotebookInVpc',
    identifier: 'SAGEMAKER_NOTEBOOK_INSTANCE_INSIDE_VPC',
    watches: "notebook instances outside the environment's private subnets",
    scope: () => byType('AWS::SageMaker::NotebookInstance'),
    parameters: (w) => ({ SubnetIds: Fn.join(',', w.subnetIds) }),
  },
  {
    id: 'EndpointConfigKms',
    identifier: 'SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED',
    watches: "endpoint configurations whose volume is not encrypted with the environment's volume key",
    scope: () => byType('AWS::SageMaker::EndpointConfig'),
    parameters: (w) => ({ keyArns: w.keyArns.volume }),
  },
  {
    id: 'ModelInVpc',
    identifier: 'SAGEMAKER_MODEL_IN_VPC',
    watches: 'models whose containers are not attached to a VPC',
    scope: () => byType('AWS::SageMaker::Model'),
  },
  {
    id: 'StudioDomainInVpc',
    identifier: 'SAGEMAKER_DOMAIN_IN_VPC',
    watches: 'the Studio domain leaving VpcOnly network mode',
    scope: (w) =>
      w.studioDomainId === undefined ? [] : [{ suffix: '', resourceType: 'AWS::SageMaker::Domain', resourceId: w.studioDomainId }],
  },
  {
    id: 'BucketTlsOnly',
    identifier: 'S3_BUCKET_SSL_REQUESTS_ONLY',
    watches: "the environment's buckets accepting requests without TLS",
    scope: eachBucket,
  },
  {
    id: 'BucketKms',
    identifier: 'S3_DEFAULT_ENCRYPTION_KMS',
    watches: "the environment's buckets not encrypted with its data key by default",
    scope: eachBucket,
    parameters: (w) => ({ kmsKeyArns: w.keyArns.data }),
  },
  {
    id: 'BucketNotPublic',
    identifier: 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED',
    watches: "the environment's buckets without the bucket-level public access block",
    scope: eachBucket,
  },
  {
    id: 'SecurityGroupNoOpenIngress',
    identifier: 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS',
    watches: "the environment's security group admitting traffic from anywhere (0.0.0.0/0, ::/0)",
    scope: (w) => [{ suffix: '', resourceType: 'AWS::EC2::SecurityGroup', resourceId: w.securityGroupId }],
    // No parameter: no port is authorised to be open to the internet.
  },
  {
    id: 'VpcFlowLogs',
    identifier: 'VPC_FLOW_LOGS_ENABLED',
    watches: 'VPCs without flow logs of all traffic (periodic, account-wide)',
    scope: () => [{ suffix: '' }],
    parameters: () => ({ trafficType: 'ALL' }),
    periodic: true,
  },
  {
    id: 'KeyRotation',
    identifier: 'CMK_BACKING_KEY_ROTATION_ENABLED',
    watches: 'customer-managed keys without yearly rotation (periodic, account-wide)',
    scope: () => [{ suffix: '' }],
    periodic: true,
  },
  {
    id: 'KeyNotScheduledForDeletion',
    identifier: 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION',
    watches: "the environment's keys scheduled for deletion (periodic, limited to its keys by parameter)",
    scope: () => [{ suffix: '' }],
    parameters: (w) => ({ kmsKeyIds: Fn.join(',', [keyIdOf(w.keyArns.data), keyIdOf(w.keyArns.volume), keyIdOf(w.keyArns.logs)]) }),
    periodic: true,
  },
  {
    id: 'LogGroupsEncrypted',
    identifier: 'CLOUDWATCH_LOG_GROUP_ENCRYPTED',
    watches: 'log groups not encrypted with a KMS key (periodic, account-wide)',
    scope: () => [{ suffix: '' }],
    periodic: true,
  },
];

export interface ConfigRulesProps {
  readonly watched: WatchedEnvironment;
  readonly topicArn: string;
  /** What the rules wait for: the recorder and delivery channel, when this product creates them. */
  readonly recorderReady?: IDependable;
}

export class ConfigRules extends Construct {
  /** Every rule, by construct id (`<control id><suffix>`). */
  public readonly rules = new Map<string, config.CfnConfigRule>();
  /** Rule names, as the compliance events name them. */
  public readonly ruleNames: string[] = [];

  constructor(scope: Construct, id: string, props: ConfigRulesProps) {
    super(scope, id);
    const { watched } = props;
    for (const control of CONFIG_CONTROLS) {
      for (const ruleScope of control.scope(watched)) {
        const constructId = `${control.id}${ruleScope.suffix}`;
        const name = Fn.join('-', [watched.environmentName, kebab(constructId)]);
        const rule = new config.CfnConfigRule(this, constructId, {
          configRuleName: name,
          description: `Finds ${control.watches}.`,
          source: { owner: 'AWS', sourceIdentifier: control.identifier },
          inputParameters: control.parameters?.(watched),
          scope: ruleScope.resourceType
            ? {
              complianceResourceTypes: [ruleScope.resourceType],
              complianceResourceId: ruleScope.resourceId,
            }
            : undefined,
          maximumExecutionFrequency: control.periodic ? 'TwentyFour_Hours' : undefined,
        });
        if (props.recorderReady) rule.node.addDependency(props.recorderReady);
        this.rules.set(constructId, rule);
        this.ruleNames.push(name);
      }
    }

    new events.CfnRule(this, 'NonCompliant', {
      name: Fn.join('-', [watched.environmentName, 'config-non-compliant']),
      description: 'Alerts when a Config rule of this monitoring finds a resource non-compliant',
      eventPattern: complianceChangePattern(this.ruleNames),
      targets: [
        {
          id: 'Alerts',
          arn: props.topicArn,
          inputTransformer: {
            inputPathsMap: {
              rule: '$.detail.configRuleName',
              resourceType: '$.detail.resourceType',
              resource: '$.detail.resourceId',
              time: '$.time',
            },
            inputTemplate: Fn.join('', [
              '"[',
              watched.environmentName,
              '] AWS Config rule <rule> found <resourceType> <resource> NON_COMPLIANT at <time>. Who changed it: ',
              'see the resource timeline in AWS Config or CloudTrail. Automatic remediation, where configured, has started."',
            ]),
          },
        },
      ],
    });
  }
}

/** Compliance changes of these rules to NON_COMPLIANT. */
export function complianceChangePattern(ruleNames: readonly string[]) {
  return {
    'source': ['aws.config'],
    'detail-type': ['Config Rules Compliance Change'],
    'detail': {
      messageType: ['ComplianceChangeNotification'],
      configRuleName: [...ruleNames],
      newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
    },
  };
}

function kebab(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
