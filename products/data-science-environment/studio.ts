/**
 * The SageMaker Studio domain: IAM authentication, all traffic through the VPC
 * (VpcOnly), storage encrypted with the environment's Studio key, the
 * environment's execution role and security group for every user and space,
 * Docker access off, notebook sharing off, and every API call of a Studio user
 * recorded in CloudTrail with the user profile name as source identity.
 */
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';

export interface StudioDomainProps {
  readonly domainName: string;
  readonly vpcId: string;
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  readonly executionRoleArn: string;
  readonly kmsKeyArn: string;
  /** The first user profile (team administrators add more, see the product README). */
  readonly userProfileName: string;
  /** The JupyterLab lifecycle configuration every space starts with (studio-packages.ts). */
  readonly jupyterLabLifecycleConfigArn: string;
}

export class StudioDomain extends Construct {
  public readonly domain: sagemaker.CfnDomain;
  public readonly userProfile: sagemaker.CfnUserProfile;

  constructor(scope: Construct, id: string, props: StudioDomainProps) {
    super(scope, id);
    const userSettings = {
      executionRole: props.executionRoleArn,
      securityGroups: [props.securityGroupId],
      // 4.0.0: pip installs from the environment's package mirror.
      jupyterLabAppSettings: {
        lifecycleConfigArns: [props.jupyterLabLifecycleConfigArn],
        defaultResourceSpec: { lifecycleConfigArn: props.jupyterLabLifecycleConfigArn },
      },
    };
    this.domain = new sagemaker.CfnDomain(this, 'Domain', {
      domainName: props.domainName,
      authMode: 'IAM',
      appNetworkAccessType: 'VpcOnly',
      vpcId: props.vpcId,
      subnetIds: props.subnetIds,
      kmsKeyId: props.kmsKeyArn,
      defaultUserSettings: {
        ...userSettings,
        // Sharing writes notebook outputs to S3 outside the environment's buckets.
        sharingSettings: { notebookOutputOption: 'Disabled' },
      },
      defaultSpaceSettings: userSettings,
      domainSettings: {
        // Docker in Studio is root on the instance in all but name: off.
        dockerSettings: { enableDockerAccess: 'DISABLED' },
        // CloudTrail then names the Studio user behind every call of the shared execution role.
        executionRoleIdentityConfig: 'USER_PROFILE_NAME',
      },
    });
    this.userProfile = new sagemaker.CfnUserProfile(this, 'UserProfile', {
      domainId: this.domain.attrDomainId,
      userProfileName: props.userProfileName,
      userSettings,
      // No studiouserid tag: a user profile's tags cannot change without replacing it (and its name with it), so
      // a team administrator assigns the profile after launch (add-tags), as every later one (see the product README).
    });
  }
}
