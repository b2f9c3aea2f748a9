/**
 * The preventive controls of the environment: explicit denies attached to
 * every role of the environment (created or brought), so no policy granted
 * later can start SageMaker work outside the VPC or unencrypted.
 *
 * Unlike the reference solution, each missing key has a statement of its own:
 * a `Null` block with two keys only fires when BOTH are missing, so a job with
 * subnets but no security groups (or the reverse) would pass.
 */
import * as iam from 'aws-cdk-lib/aws-iam';

/** SageMaker calls that start compute and must be attached to the VPC. */
export const VPC_ATTACHED_ACTIONS = [
  'sagemaker:CreateNotebookInstance',
  'sagemaker:CreateHyperParameterTuningJob',
  'sagemaker:CreateProcessingJob',
  'sagemaker:CreateTrainingJob',
  // CreateCompilationJob carries no VPC condition keys, so these statements deny it whatever the
  // request says: Neo compilation cannot be proven VPC-attached through IAM.
  'sagemaker:CreateCompilationJob',
  'sagemaker:CreateModel',
] as const;

/** SageMaker jobs whose volumes and inter-node traffic must be encrypted. */
export const ENCRYPTED_JOB_ACTIONS = [
  'sagemaker:CreateTrainingJob',
  'sagemaker:CreateProcessingJob',
  'sagemaker:CreateHyperParameterTuningJob',
] as const;

export function guardrailStatements(): iam.PolicyStatement[] {
  const deny = (sid: string, actions: readonly string[], conditions: Record<string, Record<string, string>>) =>
    new iam.PolicyStatement({ sid, effect: iam.Effect.DENY, actions: [...actions], resources: ['*'], conditions });
  return [
    deny('DenyWithoutVpcSubnets', VPC_ATTACHED_ACTIONS, { Null: { 'sagemaker:VpcSubnets': 'true' } }),
    deny('DenyWithoutVpcSecurityGroups', VPC_ATTACHED_ACTIONS, { Null: { 'sagemaker:VpcSecurityGroupIds': 'true' } }),
    deny('DenyJobsWithoutVolumeKey', ENCRYPTED_JOB_ACTIONS, { Null: { 'sagemaker:VolumeKmsKeyArn': 'true' } }),
    // IfExists: a request that omits the setting (SageMaker's default is off) is denied too.
    deny('DenyJobsWithoutInterContainerEncryption', ENCRYPTED_JOB_ACTIONS, {
      BoolIfExists: { 'sagemaker:InterContainerTrafficEncryption': 'false' },
    }),
    // Negated operators match a missing key: omitting RootAccess (SageMaker's default is Enabled) is denied too.
    deny('DenyNotebooksWithRootAccess', ['sagemaker:CreateNotebookInstance'], {
      StringNotEquals: { 'sagemaker:RootAccess': 'Disabled' },
    }),
    deny('DenyEnablingNotebookRootAccess', ['sagemaker:UpdateNotebookInstance'], {
      StringEquals: { 'sagemaker:RootAccess': 'Enabled' },
    }),
    deny('DenyNotebooksWithDirectInternetAccess', ['sagemaker:CreateNotebookInstance'], {
      StringNotEquals: { 'sagemaker:DirectInternetAccess': 'Disabled' },
    }),
  ];
}
