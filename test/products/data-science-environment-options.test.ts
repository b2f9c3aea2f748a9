/**
 * The catalog-wide choices of the data science environment
 * (catalog.yaml `defaults.dataScienceEnvironment`): internet egress through
 * NAT, and bringing existing roles instead of creating them. Each keeps the
 * template clean under the rule packs; bad settings fail validation at their
 * line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IConstruct } from 'constructs';
import { DataScienceEnvironmentProduct } from '../../products/data-science-environment';
import { loadCatalog } from '../../src/manifest';
import { acknowledgementsIn } from '../../src/secure/acknowledgements';
import { catalogRoot, cli, synthProduct, type SynthesizedProduct } from '../helpers';
import { ResolvedTemplate } from '../secure/cfn-resolver';

const DEFAULT_SETTINGS = '  dataScienceEnvironment:\n    internetEgress: false\n';

/** The data-science-environment fixture with other settings in place of the defaults. */
function rootWith(settings: string): string {
  const root = catalogRoot('data-science-environment');
  const file = path.join(root, 'catalog.yaml');
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(DEFAULT_SETTINGS)) throw new Error('fixture changed: no default dataScienceEnvironment block');
  fs.writeFileSync(file, text.replace(DEFAULT_SETTINGS, settings));
  return root;
}

function synthWith(settings: string): SynthesizedProduct {
  return synthProduct(DataScienceEnvironmentProduct, 'data-science-environment', loadCatalog(rootWith(settings)));
}

describe('data-science-environment with internet egress enabled', () => {
  let product: SynthesizedProduct;
  let launch: ResolvedTemplate;
  beforeAll(() => {
    product = synthWith('  dataScienceEnvironment:\n    internetEgress: true\n');
    launch = new ResolvedTemplate(product.json, { accountId: '111111111111', region: 'eu-west-1', parameters: { AvailabilityZoneCount: '3' } });
  });

  test('passes every rule pack, acknowledging the internet gateway route with its reason', () => {
    expect(product.findings).toEqual([]);
    const routeAcknowledgements = acknowledgementsIn(product.stack).filter((a) => a.id.endsWith('VPCNoUnrestrictedRouteToIGW'));
    expect(routeAcknowledgements.map((a) => a.id)).toEqual([
      'NIST.800.53.R5::NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
      'HIPAA.Security::HIPAA.Security-VPCNoUnrestrictedRouteToIGW',
    ]);
  });

  test('adds one NAT gateway per AZ in public subnets that hand out no public IPs', () => {
    product.template.resourceCountIs('AWS::EC2::InternetGateway', 1);
    const publicSubnets = launch.logicalIdsOf('AWS::EC2::Subnet').filter((s) => s.includes('PublicSubnet'));
    expect(publicSubnets).toHaveLength(3);
    for (const subnet of publicSubnets) expect(launch.properties(subnet).MapPublicIpOnLaunch).toBe(false);
    const nats = launch.logicalIdsOf('AWS::EC2::NatGateway').map((n) => launch.properties(n));
    expect(nats.map((n) => n.SubnetId).sort()).toEqual(publicSubnets.map((s) => launch.ref(s)).sort());
    expect(new ResolvedTemplate(product.json, { accountId: '111111111111', region: 'eu-west-1' }).logicalIdsOf('AWS::EC2::NatGateway')).toHaveLength(2);
  });

  test('routes the private subnets out through the NAT of their AZ, and only the public subnets to the internet gateway', () => {
    const routes = launch.logicalIdsOf('AWS::EC2::Route').map((r) => launch.properties(r));
    expect(routes.filter((r) => r.GatewayId)).toHaveLength(1);
    expect(routes.filter((r) => r.NatGatewayId)).toHaveLength(3);
    for (const route of routes) expect(route.DestinationCidrBlock).toBe('0.0.0.0/0');
  });

  test('still lets nothing in from the internet', () => {
    expect(JSON.stringify(product.template.findResources('AWS::EC2::SecurityGroupIngress'))).not.toContain('CidrIp');
    const groups = Object.values<any>(product.template.findResources('AWS::EC2::SecurityGroup'));
    for (const group of groups) {
      for (const rule of group.Properties.SecurityGroupIngress ?? []) expect(rule.CidrIp).toBeUndefined();
    }
  });
});

describe('data-science-environment with existing roles', () => {
  let product: SynthesizedProduct;
  let launch: ResolvedTemplate;
  beforeAll(() => {
    product = synthWith(
      [
        '  dataScienceEnvironment:',
        '    existingRoles:',
        '      teamAdmin: TeamAdmin',
        '      dataScientist: DataScientist',
        '      sageMakerExecution: service-role/SageMakerExecution',
        '      pipelineExecution: PipelineExecution',
        '      modelExecution: ModelExecution',
        '',
      ].join('\n'),
    );
    launch = new ResolvedTemplate(product.json, { accountId: '111111111111', region: 'eu-west-1' });
  });

  test('creates no role of its own (only the network roles: flow-log delivery, deploy-time housekeeping) and passes every rule pack', () => {
    // 2.0.0: the default security group is closed by a deploy-time function, which has a role of its own.
    const roles = Object.keys(product.template.findResources('AWS::IAM::Role'));
    expect(roles).toEqual([expect.stringMatching(/^NetworkHousekeepingRole/), expect.stringMatching(/^NetworkFlowLogsRole/)]);
    expect(product.findings).toEqual([]);
    // The wildcard acknowledgements of the created roles' policies are not left behind (only the housekeeping one's).
    expect(acknowledgementsIn(product.stack).filter((a) => a.id.includes('IAM5')).map((a) => a.acknowledgedAt)).toEqual([
      'data-science-environment/Network/Housekeeping',
    ]);
  });

  test('still attaches the guardrail policy to every one of them, by name without path', () => {
    const dse = product.stack as DataScienceEnvironmentProduct;
    const guardrails = launch.properties(product.stack.getLogicalId(dse.identity.guardrails.node.defaultChild as never));
    expect(guardrails.Roles).toEqual(['TeamAdmin', 'DataScientist', 'SageMakerExecution', 'PipelineExecution', 'ModelExecution']);
    expect(guardrails.PolicyDocument.Statement.map((s: any) => s.Sid)).toContain('DenyWithoutVpcSecurityGroups');
  });

  test('grants them nothing itself: permissions stay with the process that owns the roles', () => {
    const policies = Object.keys(product.template.findResources('AWS::IAM::ManagedPolicy'));
    expect(policies).toEqual([
      expect.stringMatching(/^NetworkHousekeepingPolicy/),
      expect.stringMatching(/^NetworkFlowLogsPolicy/),
      expect.stringMatching(/^IdentityGuardrailsPolicy/),
      expect.stringMatching(/^IdentityGuardrailsTamperProtection/),
    ]);
  });

  test('uses and publishes their ARNs, with path, in the launching account', () => {
    const dse = product.stack as DataScienceEnvironmentProduct;
    const id = (c: IConstruct) => product.stack.getLogicalId((c.node.defaultChild ?? c) as never);
    const execution = 'arn:aws:iam::111111111111:role/service-role/SageMakerExecution';
    expect(launch.properties(id(dse.studio.domain)).DefaultUserSettings.ExecutionRole).toBe(execution);
    expect(launch.properties(id(dse.exports.parameters.get('sageMakerExecutionRoleArn')!)).Value).toBe(execution);
    expect(launch.properties(id(dse.exports.parameters.get('teamAdminRoleArn')!)).Value).toBe('arn:aws:iam::111111111111:role/TeamAdmin');
    expect(JSON.stringify(product.json)).not.toContain('111111111111');
  });
});

describe('defaults.dataScienceEnvironment in catalog.yaml', () => {
  test('fails validation, at each line, for a typo, a missing role and an ARN instead of a role name', async () => {
    const root = rootWith(
      [
        '  dataScienceEnvironment:',
        '    internetEgres: true',
        '    existingRoles:',
        '      teamAdmin: arn:aws:iam::111111111111:role/TeamAdmin',
        '      dataScientist: DataScientist',
        '      sageMakerExecution: SageMakerExecution',
        '      pipelineExecution: PipelineExecution',
        '',
      ].join('\n'),
    );
    const result = await cli(root, 'validate');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        "catalog.yaml:16:5: unknown key 'internetEgres', did you mean 'internetEgress'?",
        "catalog.yaml:17:5: missing required key 'modelExecution' in 'existingRoles'",
        "catalog.yaml:18:18: 'teamAdmin' must be an IAM role name such as 'DataScientist' or 'service-role/MyRole' (not an ARN), " +
          "got 'arn:aws:iam::111111111111:role/TeamAdmin'",
        '3 problems found; nothing was written.',
        '',
      ].join('\n'),
    );
  });

  test('omitted, the environment is internet-free and creates its roles', () => {
    const catalog = loadCatalog(rootWith(''));
    expect(catalog.defaults.dataScienceEnvironment).toEqual({ internetEgress: false, existingRoles: undefined });
  });
});
