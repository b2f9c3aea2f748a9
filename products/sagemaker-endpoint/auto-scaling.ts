/**
 * Auto scaling of the endpoint's variant between the instance count and a
 * maximum, on invocations per instance (target tracking). Off by default, so a
 * launch of an earlier version behaves the same; production deploys turn it on.
 * Application Auto Scaling acts through its service-linked role.
 */
import { CfnCondition, Fn } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import type * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import type { SecureProductStack } from '../../src/secure';

export interface AutoScalingProps {
  readonly endpoint: sagemaker.CfnEndpoint;
  readonly variantName: string;
  /** The variant's instance count: the lower bound. */
  readonly minInstances: number;
  /** Console group of the parameters. */
  readonly group: string;
}

export function addAutoScaling(stack: SecureProductStack, props: AutoScalingProps): void {
  const enabled = stack.addParameter('AutoScaling', {
    type: 'String',
    default: 'disabled',
    allowedValues: ['enabled', 'disabled'],
    description: 'Scale the instance count between the instance count above and the maximum, on invocations per instance.',
    label: 'Auto scaling',
    group: props.group,
  });
  const max = stack.addParameter('MaxInstanceCount', {
    type: 'Number',
    default: 4,
    minValue: 1,
    maxValue: 20,
    description: 'Most instances auto scaling may run (at least the instance count).',
    label: 'Maximum instance count',
    group: props.group,
  });
  const target = stack.addParameter('TargetInvocationsPerInstance', {
    type: 'Number',
    default: 1000,
    minValue: 1,
    maxValue: 100000,
    description: 'Invocations per instance per minute that auto scaling aims for.',
    label: 'Target invocations per instance (per minute)',
    group: props.group,
  });
  const condition = new CfnCondition(stack, 'ScaleAutomatically', { expression: Fn.conditionEquals(enabled.valueAsString, 'enabled') });

  const scalableTarget = new appscaling.CfnScalableTarget(stack, 'ScalableTarget', {
    serviceNamespace: 'sagemaker',
    scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
    resourceId: Fn.join('', ['endpoint/', props.endpoint.attrEndpointName, `/variant/${props.variantName}`]),
    minCapacity: props.minInstances,
    maxCapacity: max.valueAsNumber,
  });
  scalableTarget.cfnOptions.condition = condition;
  // The product's tags reach every taggable resource, and the CDK model calls this one taggable, but
  // CloudFormation's schema for AWS::ApplicationAutoScaling::ScalableTarget has no Tags in some regions
  // (cfn-lint E3002 in eu-west-1): the target takes none.
  scalableTarget.addPropertyDeletionOverride('Tags');

  const policy = new appscaling.CfnScalingPolicy(stack, 'ScalingPolicy', {
    policyName: 'InvocationsPerInstance',
    policyType: 'TargetTrackingScaling',
    scalingTargetId: scalableTarget.ref,
    targetTrackingScalingPolicyConfiguration: {
      targetValue: target.valueAsNumber,
      predefinedMetricSpecification: { predefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
      scaleInCooldown: 300,
      scaleOutCooldown: 60,
    },
  });
  policy.cfnOptions.condition = condition;
}
