/**
 * The environment's IAM documents against IAM's size quotas, resolved for the
 * launch that makes them longest: the longest environment name the parameter
 * admits, three Availability Zones, ten of the longest Studio CIDR blocks, a
 * 128-character stack name, 63-character bucket names, 17-digit EC2 ids, the
 * longest partition and region. IAM counts the characters of a policy without
 * whitespace (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html):
 * managed policy 6,144, role trust policy 2,048. This product keeps each managed
 * policy at 5,000 or less, so it has room to grow.
 */
import { DataScienceEnvironmentProduct, STUDIO_ACCESS_CIDRS_MAX_LENGTH } from '../../products/data-science-environment';
import { loadCatalog } from '../../src/manifest';
import { catalogRoot, synthProduct } from '../helpers';
import { ResolvedTemplate } from '../secure/cfn-resolver';

const MANAGED_POLICY_BUDGET = 5_000;
const TRUST_POLICY_QUOTA = 2_048;

/** IAM's measure: the JSON text without whitespace. */
const iamLength = (document: unknown) => JSON.stringify(document).replace(/\s/g, '').length;

describe('data-science-environment: IAM size quotas with the longest values', () => {
  const product = synthProduct(DataScienceEnvironmentProduct, 'data-science-environment', loadCatalog(catalogRoot('data-science-environment')));
  const cidrs = Array.from({ length: 10 }, (_, i) => `255.255.255.${250 + (i % 6)}/32`).join(',');
  const launch = new ResolvedTemplate(product.json, {
    accountId: '999999999999',
    region: 'ap-southeast-5',
    partition: 'aws-us-gov',
    longestIds: true,
    parameters: {
      EnvironmentName: 'a'.repeat(31),
      AvailabilityZoneCount: '3',
      StudioAccessCidrs: cidrs,
      StudioUserProfileName: 'p'.repeat(63),
    },
  });

  test('the measured launch uses the longest values the parameters admit', () => {
    expect(new RegExp(product.json.Parameters.EnvironmentName.AllowedPattern).test('a'.repeat(31))).toBe(true);
    expect(new RegExp(product.json.Parameters.EnvironmentName.AllowedPattern).test('a'.repeat(32))).toBe(false);
    expect(cidrs.length).toBe(STUDIO_ACCESS_CIDRS_MAX_LENGTH);
    expect(new RegExp(product.json.Parameters.StudioAccessCidrs.AllowedPattern).test(cidrs)).toBe(true);
    expect(product.json.Parameters.StudioAccessCidrs.MaxLength).toBe(STUDIO_ACCESS_CIDRS_MAX_LENGTH);
  });

  test.each(launch.logicalIdsOf('AWS::IAM::ManagedPolicy'))(`managed policy %s stays within ${MANAGED_POLICY_BUDGET} characters`, (policyId) => {
    const length = iamLength(launch.properties(policyId).PolicyDocument);
    expect({ policyId, withinBudget: length <= MANAGED_POLICY_BUDGET, length }).toEqual({ policyId, withinBudget: true, length });
  });

  test.each(launch.logicalIdsOf('AWS::IAM::Role'))(`trust policy of %s stays within ${TRUST_POLICY_QUOTA} characters`, (roleId) => {
    expect(iamLength(launch.properties(roleId).AssumeRolePolicyDocument)).toBeLessThanOrEqual(TRUST_POLICY_QUOTA);
  });

  test('no role has inline policies (their quota would be shared per role)', () => {
    for (const roleId of launch.logicalIdsOf('AWS::IAM::Role')) expect(launch.properties(roleId).Policies).toBeUndefined();
    expect(launch.logicalIdsOf('AWS::IAM::Policy')).toEqual([]);
  });
});
