/**
 * A SageMaker real-time endpoint in the account's private VPC: network-isolated,
 * VPC-attached model, KMS-encrypted endpoint volume, nothing reaching the internet.
 * Network, key and role come from the data science environment's SSM parameters.
 * Optional: data capture to the environment's models bucket (encrypted) and
 * auto scaling on invocations per instance; both off unless asked for.
 */
import { CfnCondition, CfnOutput, CfnRule, Fn } from 'aws-cdk-lib';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import type { Construct } from 'constructs';
import { addAutoScaling } from './auto-scaling';
import * as contract from './contract';
import { dataCaptureConfig } from './data-capture';
import { SecureProductStack, type SecureProductStackProps } from '../../src/secure';

/**
 * Instance types with EBS-only storage: SageMaker rejects a volume KMS key on
 * instance types with local NVMe storage (e.g. ml.g5, ml.m5d), and this product
 * always sets one.
 */
export const ENDPOINT_INSTANCE_TYPES = [
  'ml.t2.medium',
  'ml.m5.large',
  'ml.m5.xlarge',
  'ml.m5.2xlarge',
  'ml.m5.4xlarge',
  'ml.c5.large',
  'ml.c5.xlarge',
  'ml.c5.2xlarge',
  'ml.c5.4xlarge',
  'ml.r5.large',
  'ml.r5.xlarge',
  'ml.r5.2xlarge',
  'ml.p3.2xlarge',
] as const;

const MODEL = 'Model';
const CAPACITY = 'Capacity';

export class SageMakerEndpointProduct extends SecureProductStack {
  /** The SSM parameters its template reads (a test checks this against the template). */
  public static readonly ssmParameters = contract.ssmParameters;

  public readonly endpoint: sagemaker.CfnEndpoint;

  constructor(scope: Construct, id: string, props: SecureProductStackProps) {
    super(scope, id, props);

    const modelPackageArn = this.addParameter('ModelPackageArn', {
      type: 'String',
      default: '',
      allowedPattern: '^$|^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:[0-9]{12}:model-package/[A-Za-z0-9-]+(/[0-9]+)?$',
      constraintDescription: 'must be empty or a SageMaker model package ARN',
      description: 'ARN of an approved model package version. Leave empty to give a model data URL and image instead.',
      label: 'Model package ARN',
      group: MODEL,
    });
    const modelDataUrl = this.addParameter('ModelDataUrl', {
      type: 'String',
      default: '',
      allowedPattern: '^$|^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+$',
      constraintDescription: 'must be empty or an s3:// URL of a model.tar.gz',
      description: 'S3 URL of the model artifacts (model.tar.gz), used with the image when no model package is given.',
      label: 'Model data URL (s3://...)',
      group: MODEL,
    });
    const imageUri = this.addParameter('ImageUri', {
      type: 'String',
      default: '',
      // ECR only: the endpoint has no route to public registries.
      allowedPattern:
        '^$|^[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/[a-z0-9._/-]+(:[A-Za-z0-9._-]+|@sha256:[a-f0-9]{64})$',
      constraintDescription: 'must be empty or an Amazon ECR image URI',
      description: 'Inference image in Amazon ECR, used with the model data URL.',
      label: 'Inference image URI (ECR)',
      group: MODEL,
    });
    const instanceType = this.addParameter('InstanceType', {
      type: 'String',
      default: 'ml.m5.large',
      allowedValues: [...ENDPOINT_INSTANCE_TYPES],
      description: 'Instance type of the endpoint (EBS-backed types only, so the volume is encrypted with your key).',
      label: 'Instance type',
      group: CAPACITY,
    });
    const instanceCount = this.addParameter('InstanceCount', {
      type: 'Number',
      default: 1,
      minValue: 1,
      maxValue: 10,
      description: 'Number of instances behind the endpoint (2 or more spreads them across Availability Zones).',
      label: 'Instance count',
      group: CAPACITY,
    });

    const hasModelPackage = Fn.conditionNot(Fn.conditionEquals(modelPackageArn.valueAsString, ''));
    const hasArtifacts = Fn.conditionAnd(
      Fn.conditionNot(Fn.conditionEquals(modelDataUrl.valueAsString, '')),
      Fn.conditionNot(Fn.conditionEquals(imageUri.valueAsString, '')),
    );
    const useModelPackage = new CfnCondition(this, 'UseModelPackage', { expression: hasModelPackage });
    new CfnRule(this, 'OneModelSource', {
      assertions: [
        {
          assert: Fn.conditionOr(hasModelPackage, hasArtifacts),
          assertDescription: 'Give a model package ARN, or both a model data URL and an image URI.',
        },
        {
          assert: Fn.conditionNot(Fn.conditionAnd(hasModelPackage, Fn.conditionOr(
            Fn.conditionNot(Fn.conditionEquals(modelDataUrl.valueAsString, '')),
            Fn.conditionNot(Fn.conditionEquals(imageUri.valueAsString, '')),
          ))),
          assertDescription: 'Give either a model package ARN or a model data URL and image URI, not both.',
        },
      ],
    });

    const whenPackage = (value: string) => Fn.conditionIf(useModelPackage.logicalId, value, Fn.ref('AWS::NoValue')).toString();
    const whenArtifacts = (value: string) => Fn.conditionIf(useModelPackage.logicalId, Fn.ref('AWS::NoValue'), value).toString();

    const model = new sagemaker.CfnModel(this, 'Model', {
      executionRoleArn: this.shared.value('modelExecutionRoleArn', 'Model').valueAsString,
      enableNetworkIsolation: true,
      vpcConfig: {
        subnets: this.shared.privateSubnetIds,
        securityGroupIds: this.shared.securityGroupIds,
      },
      primaryContainer: {
        modelPackageName: whenPackage(modelPackageArn.valueAsString),
        image: whenArtifacts(imageUri.valueAsString),
        modelDataUrl: whenArtifacts(modelDataUrl.valueAsString),
      },
    });

    const config = new sagemaker.CfnEndpointConfig(this, 'EndpointConfig', {
      kmsKeyId: this.shared.volumeKeyArn,
      dataCaptureConfig: dataCaptureConfig(this),
      productionVariants: [
        {
          variantName: 'AllTraffic',
          modelName: model.attrModelName,
          initialInstanceCount: instanceCount.valueAsNumber,
          instanceType: instanceType.valueAsString,
          initialVariantWeight: 1,
        },
      ],
    });

    this.endpoint = new sagemaker.CfnEndpoint(this, 'Endpoint', { endpointConfigName: config.attrEndpointConfigName });
    addAutoScaling(this, { endpoint: this.endpoint, variantName: 'AllTraffic', minInstances: instanceCount.valueAsNumber, group: CAPACITY });

    const emptyDefault =
      "The model source parameters default to '' only to select the other source: the UseModelPackage " +
      'condition drops an empty value from the Model and the OneModelSource rule rejects a launch without a ' +
      'complete source, so an empty value never reaches SageMaker.';
    this.acknowledge(this, { id: 'CloudFormation-Validate::W1030', reason: emptyDefault });
    for (const parameter of [modelDataUrl, imageUri]) this.acknowledge(parameter, { id: 'cfn-lint::W1030', reason: emptyDefault });

    new CfnOutput(this, 'EndpointName', { value: this.endpoint.attrEndpointName, description: 'Name to invoke' });
    new CfnOutput(this, 'EndpointArn', { value: this.endpoint.ref, description: 'ARN of the endpoint' });
  }
}
