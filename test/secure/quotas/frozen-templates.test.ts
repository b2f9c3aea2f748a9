/**
 * The gate measured on the released (frozen) templates as they ship: the
 * data science environment 1.0.0's workload policy does not fit IAM's managed
 * policy quota at the longest launch values (the issue estimated ~6,260 with
 * realistic names), so CreatePolicy fails and the launch rolls back. Every other
 * policy of every released template fits.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkTemplateQuotas, measurePolicies } from '../../../src/secure/quotas';
import { REPO_ROOT } from '../../helpers';

const frozen = (product: string, version = '1.0.0') => path.join(REPO_ROOT, 'products', product, 'versions', version, 'template.json');
/** Every released version of every shipped product, `<product>@<version>`. */
const RELEASED = fs
  .readdirSync(path.join(REPO_ROOT, 'products'))
  .flatMap((product) => {
    const versions = path.join(REPO_ROOT, 'products', product, 'versions');
    return fs.existsSync(versions) ? fs.readdirSync(versions).map((version) => `${product}@${version}`) : [];
  })
  .filter((release) => fs.existsSync(frozen(...(release.split('@') as [string, string]))))
  .sort();
const read = (release: string) => fs.readFileSync(frozen(...(release.split('@') as [string, string])), 'utf8');

describe('released templates under the quota gate', () => {
  test('data-science-environment 1.0.0: IdentityWorkloadPermissions resolves past 6,144 characters', () => {
    const template = JSON.parse(fs.readFileSync(frozen('data-science-environment'), 'utf8'));
    const workload = measurePolicies(template).find((m) => m.logicalId === 'IdentityWorkloadPermissionsFF9C6541');
    expect(workload).toMatchObject({ check: 'IamManagedPolicySize', limit: 6144, unit: 'characters', unbounded: [] });
    expect(workload!.length).toBeGreaterThan(6144);
  });

  test('the gate reports exactly the data science environment 1.0.0 breaches, in every released version of every product', () => {
    const breaches = RELEASED.flatMap((release) => checkTemplateQuotas(read(release)).map((v) => [release, v.check.id, v.logicalId]));
    // The five original products at 1.0.0 and 2.0.0, the two monitoring products at 1.0.0.
    expect(RELEASED.length).toBeGreaterThanOrEqual(12);
    expect(breaches).toEqual([
      ['data-science-environment@1.0.0', 'IamManagedPolicySize', 'IdentityWorkloadPermissionsFF9C6541'],
      // StudioUserProfileName's pattern admits any number of hyphens: fixed in 2.0.0 (MaxLength 63).
      ['data-science-environment@1.0.0', 'ResourceNameLength', 'StudioUserProfile45D2D380'],
    ]);
  });

  test('every other policy of the released templates is measured, and fits', () => {
    const measures = RELEASED.flatMap((release) => measurePolicies(JSON.parse(read(release))).map((m) => ({ release, ...m })));
    expect(measures.length).toBeGreaterThan(30);
    const over = measures.filter((m) => m.length > m.limit).map((m) => m.logicalId);
    expect(over).toEqual(['IdentityWorkloadPermissionsFF9C6541']);
  });
});
