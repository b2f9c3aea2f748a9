/**
 * Every rule-pack finding this product accepts, in one place, each with the
 * reason a security reviewer reads (`sc-factory security-report` prints them
 * with what each one covers). Anything not listed here fails synth. cdk-nag v3
 * acknowledges wildcard findings one by one (`AwsSolutions-IAM5[Resource::...]`),
 * so each wildcard below is named and justified on its own.
 */
import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { DataScienceEnvironmentProduct } from '.';

export interface AcknowledgementOptions {
  readonly internetEgress: boolean;
}

const ACCOUNT_ARN = (service: string, rest: string) => `arn:<AWS::Partition>:${service}:<AWS::Region>:<AWS::AccountId>:${rest}`;

export function acknowledgeFindings(product: DataScienceEnvironmentProduct, options: AcknowledgementOptions): void {
  const { identity, network, storage, studio } = product;
  /** How cdk-nag prints an attribute of a resource in a finding id. */
  const attribute = (construct: IConstruct, name: string) =>
    `<${Stack.of(construct).getLogicalId((construct.node.defaultChild ?? construct) as CfnElement)}.${name}>`;
  const wildcard = (resource: string, reason: string) =>
    product.acknowledge(identity, { id: `AwsSolutions::AwsSolutions-IAM5[Resource::${resource}]`, reason });

  if (identity.createsRoles) {
    for (const bucket of [storage.dataBucket, storage.modelsBucket]) {
      wildcard(
        `${attribute(bucket, 'Arn')}/*`,
        "Objects of the environment's own bucket: object keys are chosen by data scientists at run time.",
      );
    }
    wildcard(
      ACCOUNT_ARN('sagemaker', '*'),
      'SageMaker resources of this account and region, named by data scientists at run time; the actions are listed one ' +
        'by one, and the guardrail policy denies every job, notebook or model that is not VPC-attached and encrypted.',
    );
    wildcard(
      '*',
      'Only calls that take no resource ARN: SageMaker List*/Search, ecr:GetAuthorizationToken, EC2 Describe* of the ' +
        'network, Service Catalog product search and provisioning (SageMaker projects), updating and terminating only the ' +
        "caller's own provisioned products (servicecatalog:userLevel self), cloudwatch:PutMetricData limited to the " +
        'SageMaker namespaces, and sts:GetServiceBearerToken for CodeArtifact only (sts:AWSServiceName; 4.0.0, the package mirror).',
    );
    wildcard(
      'arn:<AWS::Partition>:ecr:<AWS::Region>:*:repository/*',
      "Pull-only (BatchGetImage, GetDownloadUrlForLayer, BatchCheckLayerAvailability): SageMaker's framework and " +
        'algorithm images live in AWS-owned accounts that differ per region.',
    );
    wildcard(
      ACCOUNT_ARN('logs', 'log-group:/aws/sagemaker/*'),
      'The log groups SageMaker jobs, endpoints and Studio write to (/aws/sagemaker/...), created by SageMaker on demand.',
    );
    wildcard(
      ACCOUNT_ARN('codecommit', '*'),
      'Git pull/push to the SageMaker project repositories of this account and region, created after launch by the ' +
        'project templates.',
    );
    wildcard(
      ACCOUNT_ARN('sagemaker', `user-profile/${attribute(studio.domain, 'DomainId')}/*`),
      "User profiles of this environment's Studio domain only: profiles are added by team administrators after launch; " +
        'opening one also needs its studiouserid tag to equal the caller\'s.',
    );
    for (const action of ['ec2:CreateNetworkInterface*', 'ec2:DeleteNetworkInterface*']) {
      product.acknowledge(identity, {
        id: `AwsSolutions::AwsSolutions-IAM5[Action::${action}]`,
        reason:
          'Stands for exactly the interface and its permission (CreateNetworkInterface, CreateNetworkInterfacePermission; ' +
          'DeleteNetworkInterface, DeleteNetworkInterfacePermission), which SageMaker needs for VPC jobs and models.',
      });
    }
    for (const type of ['network-interface', 'subnet', 'security-group']) {
      wildcard(
        ACCOUNT_ARN('ec2', `${type}/*`),
        "Network interfaces SageMaker creates at run time for VPC jobs and models, only in the environment's VPC " +
          '(ec2:Vpc condition on the interface, its subnet and its security groups).',
      );
    }
    wildcard(
      ACCOUNT_ARN('kms', 'key/*'),
      'The keys of the SageMaker project repositories, created after launch by the project templates; only through ' +
        'CodeCommit (kms:ViaService), so git works over them and nothing else.',
    );
  }

  const singleRegion =
    'Single-region by design: the environment holds confidential data in the region it was approved for, and ' +
    'replication would copy it elsewhere. Durability comes from S3 (multi-AZ), versioning (enforced) and retention ' +
    '(the buckets and their keys survive deleting the environment).';
  for (const pack of ['NIST.800.53.R5', 'HIPAA.Security']) {
    product.acknowledge(storage, { id: `${pack}::${pack}-S3BucketReplicationEnabled`, reason: singleRegion });
    product.acknowledge(network.node.findChild('SageMakerFromItself'), {
      id: `${pack}::${pack}-EC2RestrictedCommonPorts`,
      reason:
        'Self-referencing rule: all ports, but only from members of the same security group, never from an address ' +
        'range. SageMaker distributed training exchanges data between instances on arbitrary ports.',
    });
    if (options.internetEgress) {
      product.acknowledge(network, {
        id: `${pack}::${pack}-VPCNoUnrestrictedRouteToIGW`,
        reason:
          'Internet egress was enabled by the catalog maintainer (defaults.dataScienceEnvironment.internetEgress). The ' +
          'route to the internet gateway exists only in the public subnets, which hold nothing but the NAT gateways; ' +
          'workloads stay in private subnets without public addresses, so nothing is reachable from the internet.',
      });
    }
  }
}
