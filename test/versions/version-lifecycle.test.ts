/**
 * Deprecated and inactive versions: Service Catalog's guidance and active flags
 * are set by custom resources (CloudFormation has no property for them), each
 * allowed one action on its own product only. All-active catalogs carry none.
 */
import * as path from 'node:path';
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { synthesizeCatalog } from '../../src/generator/catalog-app';
import { cli, tempDir } from '../helpers';
import { readJson, setWidgetSettings, setWidgetVersions, widgetCatalog } from './widget-catalog';

const PRODUCT_ID = 'prod-widget123456';
const PRODUCT_ARN = `arn:aws:catalog:eu-west-1:111111111111:product/${PRODUCT_ID}`;

function catalogStack(root: string): any {
  const result = synthesizeCatalog({ root, outdir: path.join(tempDir(), 'cdk.out') });
  return readJson(result.stacks.find((s) => s.id === 'dev-eu-west-1')!.templateFile);
}

function resourcesOfType(template: any, type: string): [string, any][] {
  return Object.entries<any>(template.Resources).filter(([, r]) => r.Type === type);
}

/**
 * Resolves the intrinsics a deployed template would: the partition, the
 * product's id, and `${LogicalId.Attribute}` placeholders for custom resource
 * outputs, so policies and SDK calls can be read as the Lambda receives them.
 */
function resolve(value: any, productLogicalId: string): any {
  if (Array.isArray(value)) return value.map((v) => resolve(v, productLogicalId));
  if (value === null || typeof value !== 'object') return value;
  if ('Ref' in value) return value.Ref === 'AWS::Partition' ? 'aws' : value.Ref === productLogicalId ? PRODUCT_ID : `\${${value.Ref}}`;
  if ('Fn::GetAtt' in value) return `\${${value['Fn::GetAtt'][0]}.${value['Fn::GetAtt'][1]}}`;
  if ('Fn::Join' in value) return resolve(value['Fn::Join'][1], productLogicalId).join(value['Fn::Join'][0]);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, productLogicalId)]));
}

describe('a catalog whose versions are all active', () => {
  test('has no custom resource, function, role, policy or log group', () => {
    const template = catalogStack(widgetCatalog([{ name: '1.0.0' }]));
    const types = Object.values<any>(template.Resources).map((r) => r.Type as string);
    expect(types.filter((t) => /^Custom::|^AWS::(Lambda|IAM|Logs)::/.test(t))).toEqual([]);
    expect(types).toContain('AWS::ServiceCatalog::CloudFormationProduct');
  });
});

describe('deprecated and inactive versions', () => {
  let template: any;
  let productLogicalId: string;

  beforeAll(async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    await cli(root, 'release', 'widget', '1.0.0');
    setWidgetSettings(root, { value: 'b' });
    setWidgetVersions(root, [{ name: '1.0.0' }, { name: '1.1.0' }]);
    await cli(root, 'release', 'widget', '1.1.0');
    setWidgetSettings(root, { value: 'c' });
    setWidgetVersions(root, [
      { name: '1.0.0', status: 'inactive' },
      { name: '1.1.0', status: 'deprecated' },
      { name: '1.2.0', status: 'active' },
    ]);
    template = catalogStack(root);
    productLogicalId = resourcesOfType(template, 'AWS::ServiceCatalog::CloudFormationProduct')[0][0];
  });

  function sdkCalls(type: string) {
    return resourcesOfType(template, type).map(([logicalId, r]) => {
      const properties = resolve(r.Properties, productLogicalId);
      return {
        logicalId,
        version: r.Metadata['sc-factory:version'],
        create: JSON.parse(properties.Create),
        update: JSON.parse(properties.Update),
        delete: properties.Delete === undefined ? undefined : JSON.parse(properties.Delete),
        installLatestAwsSdk: properties.InstallLatestAwsSdk,
        templateSha256: properties.TemplateSha256,
      };
    });
  }

  test('look up each non-active version by product id and version name', () => {
    const lookups = sdkCalls('Custom::ProductVersionLookup');
    expect(lookups.map((l) => l.version)).toEqual([
      { product: 'widget', version: '1.0.0', status: 'inactive' },
      { product: 'widget', version: '1.1.0', status: 'deprecated' },
    ]);
    for (const lookup of lookups) {
      expect(lookup.create).toEqual({
        service: 'ServiceCatalog',
        action: 'describeProvisioningArtifact',
        parameters: { ProductId: PRODUCT_ID, ProvisioningArtifactName: lookup.version.version },
        physicalResourceId: { responsePath: 'ProvisioningArtifactDetail.Id' },
        outputPaths: ['ProvisioningArtifactDetail.Id'],
      });
      expect(lookup.update).toEqual(lookup.create);
      expect(lookup.delete).toBeUndefined();
      expect(lookup.installLatestAwsSdk).toBe(false);
      expect(lookup.templateSha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  test('set DEPRECATED guidance on a deprecated version and hide an inactive one; restore the defaults when they are active again', () => {
    const statuses = sdkCalls('Custom::ProductVersionStatus');
    const byVersion: Record<string, (typeof statuses)[number]> = Object.fromEntries(statuses.map((s) => [s.version.version, s]));
    const lookupOf = (version: string) => sdkCalls('Custom::ProductVersionLookup').find((l) => l.version.version === version)!.logicalId;
    const call = (version: string, flags: object) => ({
      service: 'ServiceCatalog',
      action: 'updateProvisioningArtifact',
      parameters: { ProductId: PRODUCT_ID, ProvisioningArtifactId: `\${${lookupOf(version)}.ProvisioningArtifactDetail.Id}`, ...flags },
      physicalResourceId: { id: `\${${lookupOf(version)}.ProvisioningArtifactDetail.Id}` },
    });

    expect(Object.keys(byVersion)).toEqual(['1.0.0', '1.1.0']);
    expect(byVersion['1.1.0'].create).toEqual(call('1.1.0', { Active: true, Guidance: 'DEPRECATED' }));
    expect(byVersion['1.0.0'].create).toEqual(call('1.0.0', { Active: false, Guidance: 'DEPRECATED' }));
    for (const [version, status] of Object.entries(byVersion)) {
      expect(status.update).toEqual(status.create);
      expect(status.delete).toEqual({
        ...call(version, { Active: true, Guidance: 'DEFAULT' }),
        ignoreErrorCodesMatching: 'ResourceNotFoundException',
      });
      expect(status.installLatestAwsSdk).toBe(false);
    }
  });

  test('nothing for the active version', () => {
    const managed = [...sdkCalls('Custom::ProductVersionLookup'), ...sdkCalls('Custom::ProductVersionStatus')].map((c) => c.version.version);
    expect(managed).not.toContain('1.2.0');
  });

  test('each custom resource may make exactly its one call, on its own product only', () => {
    const policies = resourcesOfType(template, 'AWS::IAM::Policy').map(([, p]) => resolve(p.Properties, productLogicalId));
    expect(policies.map((p) => p.PolicyDocument.Statement).sort((a, b) => a[0].Action.localeCompare(b[0].Action))).toEqual([
      [{ Effect: 'Allow', Action: 'servicecatalog:DescribeProvisioningArtifact', Resource: PRODUCT_ARN }],
      [{ Effect: 'Allow', Action: 'servicecatalog:DescribeProvisioningArtifact', Resource: PRODUCT_ARN }],
      [{ Effect: 'Allow', Action: 'servicecatalog:UpdateProvisioningArtifact', Resource: PRODUCT_ARN }],
      [{ Effect: 'Allow', Action: 'servicecatalog:UpdateProvisioningArtifact', Resource: PRODUCT_ARN }],
    ]);
    const [[roleId, role]] = resourcesOfType(template, 'AWS::IAM::Role');
    for (const policy of policies) expect(policy.Roles).toEqual([`\${${roleId}}`]);
    expect(resolve(role.Properties.ManagedPolicyArns, productLogicalId)).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    ]);
  });

  test.each([
    ['servicecatalog:UpdateProvisioningArtifact', PRODUCT_ARN, 'Allowed'],
    ['servicecatalog:DescribeProvisioningArtifact', PRODUCT_ARN, 'Allowed'],
    ['servicecatalog:UpdateProvisioningArtifact', 'arn:aws:catalog:eu-west-1:111111111111:product/prod-someoneelse', 'ImplicitlyDenied'],
    ['servicecatalog:DeleteProvisioningArtifact', PRODUCT_ARN, 'ImplicitlyDenied'],
    ['servicecatalog:CreateProvisioningArtifact', PRODUCT_ARN, 'ImplicitlyDenied'],
    ['servicecatalog:UpdateProduct', PRODUCT_ARN, 'ImplicitlyDenied'],
  ])('the function role, simulated: %s on %s is %s', async (action, resource, expected) => {
    const identityPolicies = resourcesOfType(template, 'AWS::IAM::Policy').map(([id, p]) => ({
      name: id,
      policy: resolve(p.Properties.PolicyDocument, productLogicalId),
    }));
    const simulation: Simulation = {
      identityPolicies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        action,
        principal: 'arn:aws:iam::111111111111:role/catalog-function-role',
        resource: { accountId: '111111111111', resource },
        contextVariables: {},
      },
    };
    const response = await runSimulation(simulation, {});
    expect(response.resultType === 'error' ? response.errors : response.overallResult).toBe(expected);
  });

  test('one function for all of them, logging to a log group kept for a year', () => {
    const [[logGroupId, logGroup]] = resourcesOfType(template, 'AWS::Logs::LogGroup');
    const functions = resourcesOfType(template, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(1);
    expect(functions[0][1].Properties.LoggingConfig).toEqual({ LogGroup: { Ref: logGroupId } });
    expect(logGroup.Properties.RetentionInDays).toBe(365);
    // Encrypted with a customer-managed key of its own (the rule packs' log group rules).
    const [[keyId]] = resourcesOfType(template, 'AWS::KMS::Key');
    expect(logGroup.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
  });
});
