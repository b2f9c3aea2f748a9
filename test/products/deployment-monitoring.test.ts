/**
 * The deployment-monitoring product: the environment monitoring's controls next
 * to the model deployment baseline, scoped to what the baseline publishes (its
 * models bucket, keys, security group, S3 endpoint) and to the roles the
 * catalog names in staging and production.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DeploymentMonitoringProduct, WATCHED_PRODUCT } from '../../products/deployment-monitoring';
import { CONFIG_CONTROLS, EVENT_CONTROLS } from '../../products/environment-monitoring';
import { expectReasonedAcknowledgements, REPO_ROOT, synthProduct, type SynthesizedProduct } from '../helpers';
import { ResolvedTemplate } from '../secure/cfn-resolver';

const ACCOUNT = '222222222222';

describe('deployment-monitoring', () => {
  let product: SynthesizedProduct;
  let launch: ResolvedTemplate;
  beforeAll(() => {
    product = synthProduct(DeploymentMonitoringProduct, 'deployment-monitoring');
    launch = new ResolvedTemplate(product.json, {
      accountId: ACCOUNT,
      region: 'eu-west-1',
      parameters: {
        AlertEmails: 'platform@example.com',
        EnvironmentNameParameter: 'ds-team',
        PrivateSubnetIdsParameter: 'subnet-0b1b2c3d4e5f60001,subnet-0b1b2c3d4e5f60002',
        SecurityGroupIdsParameter: 'sg-0b23456789abcdef0',
        S3EndpointIdParameter: 'vpce-0b1b2c3d4e5f67890',
        VpcIdParameter: 'vpc-0b1b2c3d4e5f60000',
        DataKeyArnParameter: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa`,
        VolumeKeyArnParameter: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb`,
        LogsKeyArnParameter: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/cccccccc-cccc-4ccc-8ccc-cccccccccccc`,
        ModelsBucketNameParameter: 'baseline-models-bucket-0a0a0a',
        AccessLogsBucketNameParameter: 'baseline-access-logs-0b0b0b',
      },
    });
  });

  test('the rule packs find nothing unacknowledged, and every acknowledgement has a reason', () => {
    expect(product.findings).toEqual([]);
    expectReasonedAcknowledgements(product.stack);
  });

  test('reads only what the baseline publishes', () => {
    const read = Object.keys(product.json.Parameters).filter((p) => p.endsWith('Parameter')).sort();
    expect(read).toEqual(
      [
        'EnvironmentNameParameter',
        'PrivateSubnetIdsParameter',
        'SecurityGroupIdsParameter',
        'S3EndpointIdParameter',
        'VpcIdParameter',
        'DataKeyArnParameter',
        'VolumeKeyArnParameter',
        'LogsKeyArnParameter',
        'ModelsBucketNameParameter',
        'AccessLogsBucketNameParameter',
      ].sort(),
    );
  });

  test('bucket rules and data events concern the models bucket only; no Studio domain rule', () => {
    const rules = launch.logicalIdsOf('AWS::Config::ConfigRule').map((id) => launch.properties(id));
    const bucketScopes = rules.filter((r) => r.Scope?.ComplianceResourceTypes?.[0] === 'AWS::S3::Bucket').map((r) => r.Scope.ComplianceResourceId);
    expect(new Set(bucketScopes)).toEqual(new Set(['baseline-models-bucket-0a0a0a']));
    expect(rules.map((r) => r.Source.SourceIdentifier)).not.toContain('SAGEMAKER_DOMAIN_IN_VPC');
    expect(rules).toHaveLength(CONFIG_CONTROLS.length - 1); // every control but the Studio domain's, once (one bucket)
    const [trail] = launch.logicalIdsOf('AWS::CloudTrail::Trail').map((id) => launch.properties(id));
    expect(trail.AdvancedEventSelectors[1].FieldSelectors[2]).toEqual({ Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::baseline-models-bucket-0a0a0a/'] });
  });

  test("the guardrail rule watches the baseline's roles by the catalog's names", () => {
    const rules = launch.logicalIdsOf('AWS::Events::Rule').map((id) => launch.properties(id));
    expect(rules).toHaveLength(EVENT_CONTROLS.length - 1 + 2); // no Studio domain rule; plus the Config compliance and endpoint-policy restore rules
    const guardrail = rules.find((r) => r.Name === 'ds-team-guardrail-role-changed')!;
    expect(guardrail.EventPattern.detail.requestParameters.roleName).toEqual([
      'mlops-catalog-model-execution',
      'mlops-catalog-model-deployment',
      'mlops-catalog-model-cfn-execution',
    ]);
  });

  test("the endpoint-policy restore checks the baseline's VPC and modifies only the baseline's endpoints", () => {
    const restore = (product.stack as DeploymentMonitoringProduct).endpointPolicyRestore;
    const id = (c: any) => product.stack.getLogicalId(c.node.defaultChild ?? c);
    const [step] = launch.properties(id(restore.document)).Content.mainSteps;
    expect(step.inputs.InputPayload.WatchedVpcId).toBe('vpc-0b1b2c3d4e5f60000');
    const policies = launch.logicalIdsOf('AWS::IAM::ManagedPolicy').map((p) => launch.properties(p));
    const runbook = policies.find((p) => p.Roles.includes(launch.ref(id(restore.runbookRole))))!;
    const modify = runbook.PolicyDocument.Statement.find((s: any) => s.Action === 'ec2:ModifyVpcEndpoint');
    expect(modify.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/sc-factory:product': WATCHED_PRODUCT } });
    // ... the tag every VPC endpoint of the baseline's released versions carries.
    for (const version of ['1.0.0', '2.0.0']) {
      const template = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'products', 'model-deployment-baseline', 'versions', version, 'template.json'), 'utf8'));
      const endpoints = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::EC2::VPCEndpoint');
      expect(endpoints.length).toBeGreaterThan(1);
      for (const endpoint of endpoints) expect(endpoint.Properties.Tags).toContainEqual({ Key: 'sc-factory:product', Value: 'model-deployment-baseline' });
    }
    expect(launch.properties(id(restore.rule)).Name).toBe('ds-team-restore-endpoint-policy');
  });
});
