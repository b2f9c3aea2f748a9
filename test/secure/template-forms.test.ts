/**
 * The catalog stacks of many accounts linted once (src/secure/template-forms.ts):
 * templates that differ only in their account's id, logical ids of the same
 * length and a Description of the same length share one canonical form. Checked
 * against the linters themselves: cfn-lint, checkov and aws-cdk-lib's own
 * CloudFormation validation, run as installed on each template alone, find what
 * the tool reports when it lints one template of each form and puts each other
 * template's names back.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CloudFormationValidatePlugin, type IPolicyValidationContext, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import { sha256 } from '../../src/model/sha256';
import { CfnLintChecks, CFN_LINT_DISABLED_RULES } from '../../src/secure/cfn-lint-plugin';
import { scanTemplates } from '../../src/secure/checkov';
import { CachedCloudFormationValidate } from '../../src/secure/cloudformation-validate';
import { pythonToolSettings } from '../../src/secure/python-tool-runs';
import { pythonTool } from '../../src/secure/python-tools';
import { findingsPerTemplate, MIN_LOGICAL_ID, templateForm } from '../../src/secure/template-forms';
import { tempDir } from '../helpers';

const REGION = 'eu-west-1';

/**
 * A catalog stack's template, as CDK writes it, with findings for every linter:
 * its logical ids end with a hash of the account (as those CDK derives from a
 * construct's address do), its ARNs and names hold the account id, and its
 * Description the account's name.
 */
function catalogLike(accountId: string, hash: string, accountName: string): object {
  return {
    Description: `Service Catalog portfolios for account '${accountName}' in ${REGION}`,
    Parameters: { [`UnusedSetting${hash}`]: { Type: 'String' } },
    Resources: {
      [`AssetsBucket${hash}`]: {
        Type: 'AWS::S3::Bucket',
        Properties: { BucketName: 'Not_Valid', VersioningConfiguration: { Status: 'Sometimes' } },
      },
      [`LaunchRole${hash}`]: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }],
          },
          // CDK names a role's policy after its logical id.
          Policies: [{ PolicyName: `LaunchRole${hash}`, PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
        },
      },
      [`Topic${hash}`]: {
        Type: 'AWS::SNS::Topic',
        DependsOn: [`AssetsBucket${hash}`],
        Properties: { TopicName: { 'Fn::Sub': `\${AssetsBucket${hash}}-${accountId}` }, Unknown: 1 },
      },
      // Shorter than MIN_LOGICAL_ID: kept as it is.
      Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::GetAtt': [`LaunchRole${hash}`, 'Arn'] } } },
    },
    Outputs: { [`LaunchRoleArn${hash}`]: { Value: { 'Fn::GetAtt': [`LaunchRole${hash}`, 'Arn'] } } },
  };
}

const ACCOUNTS = [
  { name: 'dev1', accountId: '111111111111', hash: 'A1B2C3D4' },
  { name: 'dev2', accountId: '222222222222', hash: 'E5F60718' },
  // A name of another length: another form, linted on its own.
  { name: 'prod-1', accountId: '333333333333', hash: '9A8B7C6D' },
];

function writeTemplates(dir: string): { file: string; accountId: string; hash: string }[] {
  return ACCOUNTS.map(({ name, accountId, hash }) => {
    const file = path.join(dir, `${name}-${REGION}.template.json`);
    fs.writeFileSync(file, JSON.stringify(catalogLike(accountId, hash, name), undefined, 1));
    return { file, accountId, hash };
  });
}

/** Names of the cache entries (one per form linted) under `dir`. */
const entries = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : []);

describe('a template\'s canonical form', () => {
  const text = (i: number) => JSON.stringify(catalogLike(ACCOUNTS[i].accountId, ACCOUNTS[i].hash, ACCOUNTS[i].name), undefined, 1);

  test('is shared by the catalog stacks of two accounts, not by one whose Description is longer', () => {
    const [dev1, dev2, prod] = [0, 1, 2].map((i) => templateForm(text(i), ACCOUNTS[i].accountId));
    expect(dev1.canonical).toBe(true);
    expect(dev1.text).toBe(dev2.text);
    expect(prod.text).not.toBe(dev1.text);
    // Nothing of either account is left in it; the layout is (one line per line).
    expect(dev1.text).not.toMatch(/111111111111|A1B2C3D4|dev1/);
    expect(dev1.text.split('\n')).toHaveLength(text(0).split('\n').length);
    // A logical id shorter than MIN_LOGICAL_ID, and a resource type's words, stay.
    expect('Queue'.length).toBeLessThan(MIN_LOGICAL_ID);
    expect(dev1.text).toContain('"Queue": {');
    expect(dev1.text).toContain('"AWS::S3::Bucket"');
  });

  test('findings of one account, in canonical form, read with the other account\'s names', () => {
    const [dev1, dev2] = [0, 1].map((i) => templateForm(text(i), ACCOUNTS[i].accountId));
    const finding = {
      path: ['Resources', 'LaunchRoleA1B2C3D4', 'Properties'],
      message: "Parameter UnusedSettingA1B2C3D4 not used in arn:aws:iam::111111111111:root (account 1111111111110 is another's); Service Catalog portfolios for account 'dev1' in eu-west-1",
      line: 12,
    };
    const canonical = dev1.toCanonical(finding);
    expect(JSON.stringify(canonical)).not.toMatch(/A1B2C3D4|111111111111:|'dev1'/);
    expect(dev2.fromCanonical(canonical)).toEqual({
      path: ['Resources', 'LaunchRoleE5F60718', 'Properties'],
      message: "Parameter UnusedSettingE5F60718 not used in arn:aws:iam::222222222222:root (account 1111111111110 is another's); Service Catalog portfolios for account 'dev2' in eu-west-1",
      line: 12,
    });
    expect(dev1.fromCanonical(canonical)).toEqual(finding);
  });

  test('a stand-in the template does not have is an internal error, not a wrong name', () => {
    const dev1 = templateForm(text(0), ACCOUNTS[0].accountId);
    const other = templateForm(JSON.stringify({ Resources: { Queue: { Type: 'AWS::SQS::Queue' } } }), '111111111111');
    expect(() => other.fromCanonical(dev1.toCanonical('LaunchRoleA1B2C3D4'))).toThrow(/internal error: the stand-in/);
  });

  test('none without an account, for a text that is not a JSON object, or one holding a stand-in\'s mark', () => {
    for (const [content, accountId] of [
      [text(0), undefined],
      [text(0), 'not-an-account'],
      ['{ "Resources": ', '111111111111'],
      ['[1, 2]', '111111111111'],
      [text(0).replace('Service Catalog', 'Service \uE000 Catalog'), '111111111111'],
    ] as const) {
      const form = templateForm(content, accountId);
      expect([form.canonical, form.text]).toEqual([false, content]);
      expect(form.toCanonical({ a: 'LaunchRoleA1B2C3D4' })).toEqual({ a: 'LaunchRoleA1B2C3D4' });
    }
  });

  test('findings in canonical form are kept in one order, whichever template of the form was linted', () => {
    const dir = tempDir();
    const files = writeTemplates(tempDir()).slice(0, 2);
    // A linter whose order depends on the names: the two templates' findings come in opposite orders.
    const findingsOf = (file: string) => {
      const i = files.findIndex((f) => f.file === file);
      const findings = [`Topic${files[i].hash} in ${files[i].accountId}`, `LaunchRole${files[i].hash}`];
      return i === 0 ? findings : findings.reverse();
    };
    const keyOf = (form: { text: string }) => sha256(form.text);
    const linted: string[] = [];
    const compute = (toRun: readonly string[]) => {
      linted.push(...toRun);
      return new Map(toRun.map((file) => [file, findingsOf(file)]));
    };
    const first = findingsPerTemplate(dir, [...files].reverse(), keyOf, compute);
    const again = findingsPerTemplate(tempDir(), files, keyOf, compute);
    expect(linted).toEqual([files[1].file, files[0].file]);
    expect(first).toEqual(again);
    expect(first.get(files[0].file)).toEqual(['LaunchRoleA1B2C3D4', 'TopicA1B2C3D4 in 111111111111']);
    expect(first.get(files[1].file)).toEqual(['LaunchRoleE5F60718', 'TopicE5F60718 in 222222222222']);
  });
});

describe('the catalog stacks of two accounts, linted once: what each linter finds on each alone', () => {
  let dir: string;
  let cache: string;
  let templates: ReturnType<typeof writeTemplates>;
  const saved = process.env.SC_FACTORY_PYTHON_TOOL_CACHE;
  beforeAll(() => {
    dir = tempDir();
    cache = tempDir();
    process.env.SC_FACTORY_PYTHON_TOOL_CACHE = cache;
    templates = writeTemplates(dir);
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.SC_FACTORY_PYTHON_TOOL_CACHE;
    else process.env.SC_FACTORY_PYTHON_TOOL_CACHE = saved;
  });

  const context = (): IPolicyValidationContext => {
    const stackTemplates = templates.map(({ file, accountId }) => ({
      stackConstructPath: path.basename(file),
      templatePath: file,
      accountId,
      region: REGION,
    }));
    return { templatePaths: stackTemplates.map((s) => s.templatePath), stackTemplates, appConstruct: new App() };
  };

  test('cfn-lint', () => {
    const report = new CfnLintChecks({ regions: [REGION] }).validate(context());
    const reported = report.violations.flatMap((v) =>
      v.violatingResources.map((r) => JSON.stringify([path.basename(r.templatePath ?? ''), v.ruleName, v.description, r.resourceLogicalId ?? null, r.locations])),
    );
    // cfn-lint as installed, on the three templates.
    const run = spawnSync(
      pythonTool('cfn-lint'),
      ['--format', 'json', '--regions', REGION, '--ignore-checks', ...Object.keys(CFN_LINT_DISABLED_RULES), '--', ...templates.map((t) => t.file)],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    expect(run.status).toBe(2 + 4); // errors and warnings
    type Match = { Filename: string; Rule: { Id: string; Description: string }; Message: string; Location: { Path: (string | number)[] } };
    const installed = (JSON.parse(run.stdout) as Match[]).map((m) =>
      JSON.stringify([
        path.basename(m.Filename),
        m.Rule.Id,
        `${m.Message} (${m.Rule.Description})`,
        m.Location.Path[0] === 'Resources' ? String(m.Location.Path[1]) : null,
        [m.Location.Path.map(String).join('.')],
      ]),
    );
    expect(installed.length).toBeGreaterThanOrEqual(3 * 3);
    expect(reported.sort()).toEqual(installed.sort());
    // The second account's findings name its own resources.
    expect(reported.filter((r) => r.includes('dev2-') && r.includes(templates[1].hash)).length).toBeGreaterThan(0);
    expect(reported.filter((r) => r.includes('dev2-') && r.includes(templates[0].hash))).toEqual([]);
    // Two forms, two templates linted.
    expect(entries(path.join(cache, 'cfn-lint'))).toHaveLength(2);
  }, 120_000);

  test('checkov', () => {
    const found = scanTemplates(templates.map(({ file, accountId }) => ({ file, accountId })));
    const reported = found.map((f) => JSON.stringify([path.basename(f.templateFile), f.checkId, f.logicalId, f.lines]));
    const run = spawnSync(
      pythonTool('checkov', 'checkov'),
      ['--framework', 'cloudformation', '--output', 'json', '--quiet', '--compact', '--skip-download', ...templates.flatMap((t) => ['--file', t.file])],
      { cwd: os.tmpdir(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...pythonToolSettings('checkov') } },
    );
    expect(run.status).toBe(1); // failed checks
    type Check = { file_abs_path: string; check_id: string; resource: string; file_line_range: number[] };
    const report = JSON.parse(run.stdout) as { results: { failed_checks: Check[] } };
    const installed = report.results.failed_checks.map((c) =>
      JSON.stringify([path.basename(c.file_abs_path), c.check_id, c.resource.slice(c.resource.lastIndexOf('.') + 1), c.file_line_range]),
    );
    expect(installed.length).toBeGreaterThanOrEqual(3 * 2);
    expect(reported.sort()).toEqual(installed.sort());
    expect(reported.some((r) => r.includes('dev2-') && r.includes(`LaunchRole${templates[1].hash}`))).toBe(true);
    expect(entries(path.join(cache, 'checkov'))).toHaveLength(2);
  }, 240_000);

  test('aws-cdk-lib\'s CloudFormation validation', () => {
    const plugin = new CachedCloudFormationValidate(path.join(cache, 'validate'));
    const sorted = (report: PolicyValidationPluginReport) =>
      report.violations.flatMap((v) => v.violatingResources.map((r) => JSON.stringify([path.basename(r.templatePath ?? ''), v.ruleName, v.severity, v.description, r.resourceLogicalId ?? null, r.locations]))).sort();
    const uncached = new CloudFormationValidatePlugin().validate(context());
    expect(uncached.violations.length).toBeGreaterThanOrEqual(2);
    const reported = plugin.validate(context());
    expect(sorted(reported)).toEqual(sorted(uncached));
    expect(reported.success).toBe(uncached.success);
    expect(sorted(reported).some((r) => r.includes('dev2-') && r.includes(templates[1].hash))).toBe(true);
    expect(entries(path.join(cache, 'validate'))).toHaveLength(2);
  }, 240_000);
});
