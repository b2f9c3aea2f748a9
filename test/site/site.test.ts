/**
 * The catalog site without a browser: the launch form in the console's order,
 * version differences, the control tables, the `site` command's exit codes and
 * errors, and determinism (two catalogs with the same content, in two places,
 * give byte-identical sites). The pages in a real browser: site-browser.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { controlTables, PROOF_COLUMN } from '../../src/site/controls';
import { launchFormOf, OTHER_PARAMETERS } from '../../src/site/launch-form';
import { networkSketchOf, serviceName } from '../../src/site/network-sketch';
import { templateChanges } from '../../src/site/version-history';
import { catalogRoot, cli, REPO_ROOT, tempDir, writeFiles, carelessCatalog } from '../helpers';

describe('launch form', () => {
  const template = {
    Metadata: {
      'AWS::CloudFormation::Interface': {
        ParameterGroups: [
          { Label: { default: 'Network' }, Parameters: ['VpcCidr', 'Zones'] },
          { Label: { default: 'Access' }, Parameters: ['Secret'] },
        ],
        ParameterLabels: { VpcCidr: { default: 'VPC CIDR' }, Zeta: { default: 'Last letter' } },
      },
    },
    Parameters: {
      beta: { Type: 'String' },
      Zones: { Type: 'String', Default: '2', AllowedValues: ['2', '3'] },
      Zeta: { Type: 'Number', Default: 5, MinValue: 1 },
      VpcCidr: { Type: 'String', Default: '10.0.0.0/16', Description: 'The VPC range' },
      Secret: { Type: 'String', NoEcho: true },
      Alpha: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/mlops/team/vpc-id' },
    },
    Rules: { ZonesInRegion: { Assertions: [{ AssertDescription: 'three zones need a region with three' }] } },
  };

  test('groups in order with their parameters in order, then the rest under "Other parameters" by logical id', () => {
    const form = launchFormOf(template);
    expect(form.groups.map((g) => [g.label, g.fields.map((f) => f.id)])).toEqual([
      ['Network', ['VpcCidr', 'Zones']],
      ['Access', ['Secret']],
      // Code-unit order: upper case before lower case.
      [OTHER_PARAMETERS, ['Alpha', 'Zeta', 'beta']],
    ]);
  });

  test('labels, defaults, allowed values, secrecy, SSM sources and rules come from the template', () => {
    const fields = new Map(launchFormOf(template).groups.flatMap((g) => g.fields).map((f) => [f.id, f]));
    expect(fields.get('VpcCidr')).toMatchObject({ label: 'VPC CIDR', defaultValue: '10.0.0.0/16', description: 'The VPC range', secret: false });
    expect(fields.get('beta')).toMatchObject({ label: 'beta', defaultValue: undefined });
    expect(fields.get('Zones')).toMatchObject({ allowedValues: ['2', '3'], defaultValue: '2' });
    expect(fields.get('Zeta')).toMatchObject({ label: 'Last letter', defaultValue: '5', minValue: 1 });
    expect(fields.get('Secret')!.secret).toBe(true);
    expect(fields.get('Alpha')!.ssmParameter).toBe('/mlops/team/vpc-id');
    expect(launchFormOf(template).rules).toEqual([{ id: 'ZonesInRegion', assertions: ['three zones need a region with three'] }]);
  });

  test('a template without interface metadata lists every parameter alphabetically', () => {
    expect(launchFormOf({ Parameters: { b: {}, a: {} } }).groups.map((g) => [g.label, g.fields.map((f) => f.id)])).toEqual([[OTHER_PARAMETERS, ['a', 'b']]]);
  });
});

describe('version differences', () => {
  test('resources, parameters and outputs added, removed and changed, with the first difference inside a changed resource', () => {
    const before = {
      Parameters: { Keep: { Type: 'String', Default: 'a' }, Gone: { Type: 'String' } },
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket', Properties: { Versioning: 'on' } },
        Old: { Type: 'AWS::SNS::Topic' },
        Same: { Type: 'AWS::SQS::Queue' },
      },
      Outputs: { Name: { Value: 'x' } },
    };
    const after = {
      Parameters: { Keep: { Type: 'String', Default: 'b', AllowedValues: ['b'] }, New: { Type: 'Number' } },
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket', Properties: { Versioning: 'off' } },
        Same: { Type: 'AWS::SQS::Queue' },
        Key: { Type: 'AWS::KMS::Key' },
      },
      Outputs: { Name: { Value: 'y' }, Arn: { Value: 'z' } },
    };
    const changes = templateChanges(before, after);
    expect(changes.resourcesAdded).toEqual([{ id: 'Key', type: 'AWS::KMS::Key' }]);
    expect(changes.resourcesRemoved).toEqual([{ id: 'Old', type: 'AWS::SNS::Topic' }]);
    expect(changes.resourcesChanged).toEqual([
      { id: 'Bucket', type: 'AWS::S3::Bucket', first: expect.objectContaining({ path: 'Properties.Versioning', kind: 'changed', before: 'on', after: 'off' }) },
    ]);
    expect(changes.parametersAdded).toEqual(['New']);
    expect(changes.parametersRemoved).toEqual(['Gone']);
    expect(changes.parametersChanged).toEqual([{ id: 'Keep', attributes: ['Default', 'AllowedValues'] }]);
    expect([changes.outputsAdded, changes.outputsRemoved, changes.outputsChanged]).toEqual([['Arn'], [], ['Name']]);
  });
});

describe('network sketch', () => {
  test('none without a VPC; with one: subnets (conditional ones apart), endpoints by service, buckets by policy', () => {
    expect(networkSketchOf({ Resources: { B: { Type: 'AWS::S3::Bucket' } } })).toBeUndefined();
    const sketch = networkSketchOf({
      Resources: {
        Vpc: { Type: 'AWS::EC2::VPC' },
        A: { Type: 'AWS::EC2::Subnet' },
        B: { Type: 'AWS::EC2::Subnet', Condition: 'ThreeZones' },
        S3: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Gateway', ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' } } },
        Api: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Interface', ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.sts']] } } },
        Data: { Type: 'AWS::S3::Bucket' },
        Logs: { Type: 'AWS::S3::Bucket' },
        DataPolicy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Data' }, PolicyDocument: { Statement: [{ Condition: { StringNotEquals: { 'aws:SourceVpce': 'x' } } }] } } },
        LogsPolicy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Logs' }, PolicyDocument: { Statement: [{ Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] } } },
      },
    });
    expect(sketch).toMatchObject({
      vpcs: 1,
      subnets: { always: 1, conditional: 1 },
      internetGateways: { always: 0, conditional: 0 },
      interfaceEndpoints: ['sts'],
      gatewayEndpoints: ['s3'],
      endpointOnlyBuckets: ['Data'],
      otherBuckets: ['Logs'],
    });
    expect(serviceName({ 'Fn::Sub': 'aws.sagemaker.${AWS::Region}.studio' })).toBe('sagemaker.studio');
  });
});

describe('control tables', () => {
  test('only tables with a "proven by" column, under their heading, cells split into text and code', () => {
    const dir = tempDir();
    writeFiles(dir, {
      'security.md': [
        '# Security', '', '## The network, control by control', '',
        '| control | where | proven by |', '| --- | --- | --- |',
        '| Private subnets | `network.ts` | [template test](x.md#y) and **IAM** simulation `a|b` |', '',
        '## Other', '', '| a | b |', '| --- | --- |', '| 1 | 2 |', '',
      ].join('\n'),
    });
    expect(controlTables(path.join(dir, 'security.md'))).toEqual([
      {
        section: 'The network, control by control',
        anchor: 'the-network-control-by-control',
        columns: ['control', 'where', PROOF_COLUMN],
        rows: [[
          [{ text: 'Private subnets', code: false }],
          [{ text: 'network.ts', code: true }],
          [{ text: 'template test and IAM simulation ', code: false }, { text: 'a|b', code: true }],
        ]],
      },
    ]);
  });

  test('the shipped security design has control tables, each row with what proves it', () => {
    const tables = controlTables(path.join(REPO_ROOT, 'docs', 'security.md'));
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) {
      const proof = table.columns.indexOf(PROOF_COLUMN);
      for (const row of table.rows) expect(row[proof].map((part) => part.text).join('').trim()).not.toBe('');
    }
  });
});

describe('sc-factory site', () => {
  /** Relative path -> bytes of every file under `dir`. */
  const filesOf = (dir: string): Map<string, Buffer> =>
    new Map(
      (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
        .sort()
        .map((file) => [file, fs.readFileSync(path.join(dir, file))]),
    );

  test('the same catalog in two places gives a byte-identical site that names neither place', async () => {
    const [first, second] = [catalogRoot('valid'), catalogRoot('valid')];
    const out = tempDir('sc-factory-site-out-');
    const a = await cli(first, 'site', '--out', path.join(out, 'a'));
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^Wrote \d+ files into .+: synthesis [\d.]+ s, site [\d.]+ s after it\n$/);
    // The default place: cdk.out/site under the catalog root.
    const b = await cli(second, 'site', '--quiet');
    expect(b).toEqual({ code: 0, stdout: '', stderr: '' });

    const [siteA, siteB] = [filesOf(path.join(out, 'a')), filesOf(path.join(second, 'cdk.out', 'site'))];
    expect([...siteA.keys()]).toEqual(['index.html', 'products/sagemaker-endpoint-history.html', 'products/sagemaker-endpoint.html', 'security.html', 'site.css']);
    expect([...siteB.keys()]).toEqual([...siteA.keys()]);
    for (const [file, bytes] of siteA) {
      expect([file, bytes.equals(siteB.get(file)!)]).toEqual([file, true]);
      for (const place of [first, second, out, REPO_ROOT, fs.realpathSync(first)]) expect(bytes.toString('utf8')).not.toContain(place);
    }
  });

  test('an open finding or a stale acknowledgement: the site is written, shows both, and the exit code is 1', async () => {
    // The notebook is at line 6 of its index.ts, the acknowledgement at line 9.
    const careless = carelessCatalog();
    const result = await cli(careless, 'site', '--quiet');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^site: /);
    const security = fs.readFileSync(path.join(careless, 'cdk.out', 'site', 'security.html'), 'utf8');
    const product = security.slice(security.indexOf('data-product="sagemaker-endpoint"'));
    expect(product).toMatch(/<table class="findings open">[\s\S]*SecureDefaults::SageMakerNotebookNoDirectInternet[\s\S]*products\/careless\/index\.ts:6:5/);
    expect(product).toMatch(/<tr class="stale"><th scope="row"><code>AwsSolutions::AwsSolutions-S1<\/code>/);
  });

  test('a manifest error is printed as file:line:col diagnostics, exit 1, and no site is written', async () => {
    const root = catalogRoot('semantic');
    const result = await cli(root, 'site');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^[\w./-]+\.yaml:\d+:\d+: /);
    expect(fs.existsSync(path.join(root, 'cdk.out'))).toBe(false);
  });

  test('an unknown option is a usage error, exit 1', async () => {
    const result = await cli(catalogRoot('valid'), 'site', '--outdir', 'x');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^site: unknown option '--outdir'.*\nusage: sc-factory site /);
  });
});
