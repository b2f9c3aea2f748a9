/**
 * Data capture for the endpoint: requests and responses sampled into the
 * environment's models bucket (under data-capture/), encrypted with the
 * environment's data key, for model monitoring and audits. Off by default, so a
 * launch of an earlier version behaves the same; the deploy projects turn it on.
 */
import { CfnCondition, Fn } from 'aws-cdk-lib';
import type * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { type SecureProductStack, SHARED_GROUPS } from '../../src/secure';

export const MONITORING = 'Monitoring';

/** Where captured data goes in the models bucket; SageMaker adds `<endpoint>/<variant>/<date>/`. */
export const DATA_CAPTURE_PREFIX = 'data-capture';

/** Adds the data capture parameters; returns the endpoint configuration's DataCaptureConfig (or nothing). */
export function dataCaptureConfig(stack: SecureProductStack): sagemaker.CfnEndpointConfig.DataCaptureConfigProperty {
  const enabled = stack.addParameter('DataCapture', {
    type: 'String',
    default: 'disabled',
    allowedValues: ['enabled', 'disabled'],
    description: 'Capture a sample of requests and responses (encrypted) in the models bucket for model monitoring.',
    label: 'Data capture',
    group: MONITORING,
  });
  const percentage = stack.addParameter('DataCaptureSamplingPercentage', {
    type: 'Number',
    default: 100,
    minValue: 1,
    maxValue: 100,
    description: 'Share of requests captured when data capture is enabled.',
    label: 'Data capture sampling (%)',
    group: MONITORING,
  });
  const condition = new CfnCondition(stack, 'CaptureData', { expression: Fn.conditionEquals(enabled.valueAsString, 'enabled') });
  const bucket = stack.shared.value('modelsBucketName', SHARED_GROUPS.storage).valueAsString;
  // Inside Fn::If, properties are written as CloudFormation spells them.
  const config = {
    EnableCapture: true,
    InitialSamplingPercentage: percentage.valueAsNumber,
    DestinationS3Uri: Fn.join('', ['s3://', bucket, `/${DATA_CAPTURE_PREFIX}`]),
    KmsKeyId: stack.shared.dataKeyArn,
    CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
    CaptureContentTypeHeader: { CsvContentTypes: ['text/csv'], JsonContentTypes: ['application/json'] },
  };
  return Fn.conditionIf(condition.logicalId, config, Fn.ref('AWS::NoValue')) as unknown as sagemaker.CfnEndpointConfig.DataCaptureConfigProperty;
}
