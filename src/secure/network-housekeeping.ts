/**
 * A deploy-time custom resource of the private network: removes every rule of
 * the VPC's default security group (which CloudFormation cannot change: the
 * group is created with the VPC) and looks up the id of S3's managed prefix
 * list (`com.amazonaws.<region>.s3`), which no CloudFormation attribute gives,
 * for the SageMaker security group's egress rule.
 *
 * The code is inline (`ZipFile`), so the product template needs no asset:
 * Service Catalog launches it like any other resource. The function may revoke
 * rules of the default security group of this VPC only, and logs to a log group
 * of its own, encrypted and retained like the flow logs.
 */
import { Aws, CustomResource, Fn, Validations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface NetworkHousekeepingOptions {
  /** ARN of the KMS key of the function's log group (its key policy must admit CloudWatch Logs). */
  readonly logsKeyArn: string;
}

export interface NetworkHousekeepingProps extends NetworkHousekeepingOptions {
  readonly vpc: ec2.CfnVPC;
}

/** Python 3 (standard library and boto3 only); answers CloudFormation itself (no cfnresponse dependency). */
export const HOUSEKEEPING_HANDLER = `
import json, urllib.request, boto3

ec2 = boto3.client("ec2")

def handler(event, context):
    status, data, reason = "SUCCESS", {}, ""
    try:
        if event["RequestType"] != "Delete":
            properties = event["ResourceProperties"]
            group = properties["DefaultSecurityGroupId"]
            rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group]}])["SecurityGroupRules"]
            ingress = [r["SecurityGroupRuleId"] for r in rules if not r["IsEgress"]]
            egress = [r["SecurityGroupRuleId"] for r in rules if r["IsEgress"]]
            if ingress:
                ec2.revoke_security_group_ingress(GroupId=group, SecurityGroupRuleIds=ingress)
            if egress:
                ec2.revoke_security_group_egress(GroupId=group, SecurityGroupRuleIds=egress)
            name = properties["S3PrefixListName"]
            lists = ec2.describe_managed_prefix_lists(Filters=[{"Name": "prefix-list-name", "Values": [name]}])["PrefixLists"]
            if len(lists) != 1:
                raise ValueError(f"expected one prefix list named {name}, found {len(lists)}")
            data = {"S3PrefixListId": lists[0]["PrefixListId"]}
    except Exception as error:
        status, reason = "FAILED", str(error)[:500]
    body = json.dumps({
        "Status": status, "Reason": reason or "see the function's log group",
        "PhysicalResourceId": event.get("PhysicalResourceId") or event["LogicalResourceId"],
        "StackId": event["StackId"], "RequestId": event["RequestId"], "LogicalResourceId": event["LogicalResourceId"],
        "Data": data,
    }).encode()
    request = urllib.request.Request(event["ResponseURL"], data=body, method="PUT", headers={"Content-Type": ""})
    urllib.request.urlopen(request, timeout=30)
`;

export class NetworkHousekeeping extends Construct {
  /** Id of S3's managed prefix list in this region (`pl-...`). */
  public readonly s3PrefixListId: string;
  public readonly function: lambda.CfnFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: NetworkHousekeepingProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.TWO_YEARS });
    (this.logGroup.node.defaultChild as logs.CfnLogGroup).kmsKeyId = props.logsKeyArn;
    const defaultGroupArn = Fn.join('', [
      `arn:${Aws.PARTITION}:ec2:${Aws.REGION}:${Aws.ACCOUNT_ID}:security-group/`,
      props.vpc.attrDefaultSecurityGroup,
    ]);
    this.role = new iam.Role(this, 'Role', {
      description: "Removes the rules of the VPC's default security group at deploy time",
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    });
    // A managed policy, not an inline one: inline policies cannot be reviewed or reused on their own.
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: "Close the VPC's default security group; find S3's prefix list",
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'CloseTheDefaultSecurityGroup',
          actions: ['ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress'],
          resources: [defaultGroupArn],
        }),
        new iam.PolicyStatement({
          sid: 'Describe',
          // Describe calls take no resource ARN.
          actions: ['ec2:DescribeSecurityGroupRules', 'ec2:DescribeManagedPrefixLists'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'WriteOwnLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [this.logGroup.logGroupArn],
        }),
      ],
    });
    this.function = new lambda.CfnFunction(this, 'Function', {
      description: "Removes the rules of the VPC's default security group; finds S3's prefix list",
      runtime: lambda.Runtime.PYTHON_3_13.name,
      handler: 'index.handler',
      code: { zipFile: HOUSEKEEPING_HANDLER.trim() },
      role: this.role.roleArn,
      timeout: 60,
      // One deploy-time call at a time; it never runs otherwise.
      reservedConcurrentExecutions: 1,
      loggingConfig: { logGroup: this.logGroup.logGroupName },
    });
    this.function.addResourceDependency(policy.node.defaultChild as iam.CfnManagedPolicy);
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: this.function.attrArn,
      resourceType: 'Custom::NetworkHousekeeping',
      properties: {
        DefaultSecurityGroupId: props.vpc.attrDefaultSecurityGroup,
        S3PrefixListName: Fn.sub('com.amazonaws.${AWS::Region}.s3'),
      },
    });
    this.s3PrefixListId = resource.getAttString('S3PrefixListId');
    this.acknowledgeFindings();
  }

  /** What the rule packs flag in any deploy-time function, and why it holds here (the same in every product). */
  private acknowledgeFindings(): void {
    Validations.of(this).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'ec2:DescribeSecurityGroupRules and ec2:DescribeManagedPrefixLists take no resource ARN; read-only.',
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions::AwsSolutions-L1',
      reason:
        'python3.13 is the newest Python runtime CDK uses by default in every region (Runtime.determineLatestPythonRuntime); ' +
        'the function runs only at deploy time and uses only the standard library and boto3.',
    });
    for (const pack of ['NIST.800.53.R5', 'HIPAA.Security']) {
      Validations.of(this.function).acknowledge(
        {
          id: `${pack}::${pack}-LambdaDLQ`,
          reason:
            'Invoked synchronously by CloudFormation as a custom resource (a dead-letter queue only receives failed ' +
            'asynchronous invocations); a failure fails and rolls back the deployment.',
        },
        {
          id: `${pack}::${pack}-LambdaInsideVPC`,
          reason:
            'Runs only at deploy time, handles no data, and must reach the EC2 API and the CloudFormation response URL, ' +
            'which the internet-free VPC has no route or endpoint for; its role may only change the default security group of this VPC.',
        },
      );
    }
  }
}
