/**
 * Catalog-wide settings of the data science environment product
 * (`defaults.dataScienceEnvironment` in catalog.yaml). Catalog-wide, not a
 * launch parameter: whether an environment may reach the internet, and who
 * provisions its IAM roles, are decisions of the platform team, not of the
 * person launching it.
 */
import { type Static, Type } from '@sinclair/typebox';

/** An IAM role name, optionally with a path; by name so one template serves every account. */
const RoleName = Type.String({
  pattern: '^([A-Za-z0-9+=,.@_-]+/)*[A-Za-z0-9+=,.@_-]{1,64}$',
  maxLength: 512,
  errorMessage: { pattern: "must be an IAM role name such as 'DataScientist' or 'service-role/MyRole' (not an ARN)" },
} as Record<string, unknown>);

const role = (description: string) => ({ ...RoleName, description }) as typeof RoleName;

export const ExistingRolesSchema = Type.Object(
  {
    teamAdmin: role('Team administrator: manages Studio user profiles and the environment.'),
    dataScientist: role('Data scientist: opens Studio, launches SageMaker projects.'),
    sageMakerExecution: role('SageMaker execution role: Studio default, training and processing jobs (trusts sagemaker.amazonaws.com).'),
    pipelineExecution: role('SageMaker pipeline execution role (trusts sagemaker.amazonaws.com).'),
    modelExecution: role('Model execution role used by endpoints (trusts sagemaker.amazonaws.com).'),
  },
  {
    additionalProperties: false,
    description:
      'Bring your own roles: names (a path is allowed) of existing roles in each account. The environment then creates ' +
      'no roles; it attaches its guardrail policy (preventive denies) to them and grants them its keys and buckets.',
  },
);

export const DataScienceEnvironmentSettingsSchema = Type.Object(
  {
    internetEgress: Type.Optional(
      Type.Boolean({
        description:
          'Give the environment outbound internet access through NAT gateways in public subnets (ingress stays ' +
          'blocked). Default: false, an internet-free VPC reaching AWS only through VPC endpoints.',
      }),
    ),
    existingRoles: Type.Optional(ExistingRolesSchema),
  },
  { additionalProperties: false, description: 'Settings of the data science environment product.' },
);

export type ExistingRoles = Static<typeof ExistingRolesSchema>;

export interface DataScienceEnvironmentSettings {
  /** NAT gateways and public subnets for outbound internet; false: internet-free. */
  readonly internetEgress: boolean;
  /** Existing roles to use instead of creating them; undefined: the environment creates its roles. */
  readonly existingRoles?: ExistingRoles;
}

export function dataScienceEnvironmentSettings(
  manifest: Static<typeof DataScienceEnvironmentSettingsSchema> | undefined,
): DataScienceEnvironmentSettings {
  return { internetEgress: manifest?.internetEgress ?? false, existingRoles: manifest?.existingRoles };
}
