/**
 * A simple picture of a product's network, where it has one (an
 * `AWS::EC2::VPC`): subnets, the AWS services it reaches through VPC
 * endpoints, whether anything leads to the internet, and which buckets' policies
 * admit requests by VPC endpoint (`aws:SourceVpce`). Read from the template, so
 * a condition-guarded resource (a third AZ, NAT only with egress) is shown as such.
 */
import { expression } from './template-summary';

export interface Counted {
  /** Resources always created. */
  readonly always: number;
  /** Resources created only under a template condition. */
  readonly conditional: number;
}

export interface NetworkSketch {
  readonly vpcs: number;
  readonly subnets: Counted;
  readonly securityGroups: Counted;
  readonly internetGateways: Counted;
  readonly natGateways: Counted;
  readonly flowLogs: Counted;
  /** Service names (`sagemaker.api`, `sts`, ...) of interface endpoints, in template order. */
  readonly interfaceEndpoints: readonly string[];
  readonly gatewayEndpoints: readonly string[];
  /** Logical ids of buckets whose policy names a VPC endpoint condition. */
  readonly endpointOnlyBuckets: readonly string[];
  readonly otherBuckets: readonly string[];
}

type Resource = { readonly Type?: string; readonly Condition?: string; readonly Properties?: Record<string, any> };

/** The sketch of a parsed template, or undefined when it creates no VPC. */
export function networkSketchOf(template: any): NetworkSketch | undefined {
  const resources = Object.entries((template?.Resources ?? {}) as Record<string, Resource>);
  const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);
  const vpcs = ofType('AWS::EC2::VPC').length;
  if (vpcs === 0) return undefined;
  const counted = (type: string): Counted => {
    const list = ofType(type);
    const conditional = list.filter(([, r]) => r.Condition !== undefined).length;
    return { always: list.length - conditional, conditional };
  };
  const endpoints = ofType('AWS::EC2::VPCEndpoint').map(([, r]) => ({ type: String(r.Properties?.VpcEndpointType ?? 'Gateway'), name: serviceName(r.Properties?.ServiceName) }));
  const policies = ofType('AWS::S3::BucketPolicy');
  const guarded = new Set(
    policies
      .filter(([, r]) => /aws:sourcevpce/i.test(JSON.stringify(r.Properties?.PolicyDocument ?? {})))
      .map(([, r]) => r.Properties?.Bucket?.Ref as string | undefined)
      .filter((id): id is string => id !== undefined),
  );
  const buckets = ofType('AWS::S3::Bucket').map(([id]) => id);
  return {
    vpcs,
    subnets: counted('AWS::EC2::Subnet'),
    securityGroups: counted('AWS::EC2::SecurityGroup'),
    internetGateways: counted('AWS::EC2::InternetGateway'),
    natGateways: counted('AWS::EC2::NatGateway'),
    flowLogs: counted('AWS::EC2::FlowLog'),
    interfaceEndpoints: endpoints.filter((e) => e.type === 'Interface').map((e) => e.name),
    gatewayEndpoints: endpoints.filter((e) => e.type !== 'Interface').map((e) => e.name),
    endpointOnlyBuckets: buckets.filter((id) => guarded.has(id)),
    otherBuckets: buckets.filter((id) => !guarded.has(id)),
  };
}

/** `com.amazonaws.${AWS::Region}.sagemaker.api` -> `sagemaker.api`; `aws.sagemaker.${AWS::Region}.studio` -> `sagemaker.studio`. */
export function serviceName(value: unknown): string {
  const text = expression(value);
  const match = /^(?:com\.amazonaws\.[^.]+\.|aws\.([\w-]+)\.[^.]+\.)(.+)$/.exec(text.replace('${AWS::Region}', 'REGION'));
  return match ? (match[1] ? `${match[1]}.${match[2]}` : match[2]) : text;
}
