/**
 * The checkov findings this product accepts in its templates (current and
 * released versions), by check and logical id, each with its reason; read by
 * synth and security-report from the contract's `checkovAcknowledgements`
 * (contract.ts re-exports them; the class re-exports the contract's). They
 * live outside the templates, so released versions stay as released.
 */
import { accessLogsBucketCheckovAcknowledgement, acknowledgeCheckov, type CheckovAcknowledgement, networkHousekeepingCheckovAcknowledgements } from '../../src/model';

export const CHECKOV_ACKNOWLEDGEMENTS: readonly CheckovAcknowledgement[] = [
  accessLogsBucketCheckovAcknowledgement(['AccessLogsBucket83982689']),
  // 2.0.0 on: the function that closes the default security group and looks up the S3 prefix list.
  ...networkHousekeepingCheckovAcknowledgements(['NetworkHousekeepingFunction071F2018']),
  acknowledgeCheckov({
    check: 'CKV_AWS_111',
    logicalIds: ['RolesCloudFormationExecutionPolicy89FCAED2'],
    reason:
      'Statement AutoScaling of the CloudFormation execution role, which only CloudFormation assumes to deploy the ' +
      "deploy projects' endpoint stacks: it registers each endpoint variant as a scalable target with its scaling " +
      'policy, whose ids Application Auto Scaling derives from endpoints created in the same deployment; the ' +
      'deployment role may change only its own project\'s endpoint stacks (roles.ts). The same "*" is acknowledged ' +
      "for cdk-nag's AwsSolutions-IAM5 in index.ts.",
  }),
];
