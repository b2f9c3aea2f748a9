/**
 * Studio access for the people of the environment: data scientists open their
 * OWN user profile, team administrators also manage the profiles, both only in
 * this domain and only from the allowed network.
 *
 * Whose profile is whose: AWS's pattern for IAM-authenticated domains, a
 * `studiouserid` tag on each user profile that must equal the caller's
 * `studiouserid` principal tag (`sagemaker:ResourceTag/studiouserid` ==
 * `${aws:PrincipalTag/studiouserid}`; aws-samples/amazon-sagemaker-studio-secure-data-access,
 * and the SageMaker developer guide's identity-based policy examples). The
 * trust policy of these roles lets a caller carry only its own tag into the session.
 *
 * From where: CreatePresignedDomainUrl is denied unless the call comes through
 * the environment's SageMaker API endpoint (`aws:SourceVpce`, i.e. from inside
 * the VPC or a network connected to it) or from the CIDR blocks given at launch
 * (`aws:SourceIp`; no CIDR by default: then only the endpoint). The returned
 * URL is then used through the environment's Studio endpoint (VpcOnly domain).
 */
import { Aws, type CfnCondition, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { type RoleKey, STUDIO_USER_TAG } from './identity';

export interface StudioAccessProps {
  readonly roles: Readonly<Record<RoleKey, iam.IRole>>;
  readonly domainArn: string;
  readonly domainId: string;
  /** The environment's SageMaker API interface endpoint (`vpce-...`). */
  readonly apiEndpointId: string;
  /** CIDR blocks Studio may also be opened from, when `hasAllowedCidrs` holds. */
  readonly allowedCidrs: string[];
  readonly hasAllowedCidrs: CfnCondition;
}

export class StudioAccess extends Construct {
  constructor(scope: Construct, id: string, props: StudioAccessProps) {
    super(scope, id);
    const profiles = `arn:${Aws.PARTITION}:sagemaker:${Aws.REGION}:${Aws.ACCOUNT_ID}:user-profile/${props.domainId}/*`;
    const openOwnProfile = new iam.PolicyStatement({
      sid: 'OpenOwnStudioProfile',
      actions: ['sagemaker:CreatePresignedDomainUrl', 'sagemaker:DescribeUserProfile'],
      resources: [profiles],
      conditions: { StringEquals: { [`sagemaker:ResourceTag/${STUDIO_USER_TAG}`]: `\${aws:PrincipalTag/${STUDIO_USER_TAG}}` } },
    });
    const onlyFromAllowedNetwork = new iam.PolicyStatement({
      sid: 'OpenStudioOnlyFromAllowedNetwork',
      effect: iam.Effect.DENY,
      actions: ['sagemaker:CreatePresignedDomainUrl'],
      resources: ['*'],
      conditions: {
        StringNotEquals: { 'aws:SourceVpce': props.apiEndpointId },
        // Requests through a VPC endpoint carry no aws:SourceIp: a negated operator matches the missing key.
        NotIpAddress: Fn.conditionIf(props.hasAllowedCidrs.logicalId, { 'aws:SourceIp': props.allowedCidrs }, Aws.NO_VALUE),
      },
    });
    const readDomain = new iam.PolicyStatement({ sid: 'ReadDomain', actions: ['sagemaker:DescribeDomain'], resources: [props.domainArn] });
    const listing = new iam.PolicyStatement({
      sid: 'ListStudio',
      // List calls take no resource ARN.
      actions: ['sagemaker:ListDomains', 'sagemaker:ListUserProfiles', 'sagemaker:ListSpaces', 'sagemaker:ListApps'],
      resources: ['*'],
    });
    new iam.ManagedPolicy(this, 'DataScientistPermissions', {
      description: 'Open one own SageMaker Studio profile in this environment, from the allowed network',
      roles: [props.roles.dataScientist],
      statements: [openOwnProfile, onlyFromAllowedNetwork, readDomain, listing],
    });
    new iam.ManagedPolicy(this, 'TeamAdminPermissions', {
      description: 'Manage the Studio user profiles of this environment',
      roles: [props.roles.teamAdmin],
      statements: [
        openOwnProfile,
        onlyFromAllowedNetwork,
        readDomain,
        listing,
        new iam.PolicyStatement({
          // Team administrators assign profiles to people: they set the studiouserid tag.
          sid: 'ManageUserProfiles',
          actions: [
            'sagemaker:CreateUserProfile',
            'sagemaker:UpdateUserProfile',
            'sagemaker:DeleteUserProfile',
            'sagemaker:DescribeUserProfile',
            'sagemaker:AddTags',
          ],
          resources: [profiles],
        }),
        new iam.PolicyStatement({
          sid: 'AssignExecutionRole',
          actions: ['iam:PassRole'],
          resources: [props.roles.sageMakerExecution.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
        }),
      ],
    });
  }
}
