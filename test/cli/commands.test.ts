/** The CLI's commands on a valid catalog: what a maintainer and CI read. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalogRoot, cli, tempDir } from '../helpers';

describe('validate', () => {
  test('prints a one-line summary, then one line of what it cannot check without building, and exits 0', async () => {
    expect(await cli(catalogRoot('valid'), 'validate')).toEqual({
      code: 0,
      stdout:
        "catalog 'test-catalog' is valid: 2 accounts, 1 portfolios, 1 products, 1 versions\n" +
        'not checked without building (run synth): template identity of released versions; rule packs (cdk-nag, cfn-lint, checkov); ' +
        'SageMaker project parameters\n',
      stderr: '',
    });
  });
});

describe('list', () => {
  test('prints portfolio / product / version per account and region', async () => {
    const result = await cli(catalogRoot('valid'), 'list');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'ACCOUNT  ACCOUNT ID    REGION        PORTFOLIO  PRODUCT             VERSION  STATUS',
        'dev      111111111111  eu-west-1     hosting    sagemaker-endpoint  1.0.0    active',
        'dev      111111111111  eu-central-1  hosting    sagemaker-endpoint  1.0.0    active',
        'prod     333333333333  eu-west-1     hosting    sagemaker-endpoint  1.0.0    active',
        '',
      ].join('\n'),
    );
  });

  test('--json gives the same rows as data', async () => {
    const result = await cli(catalogRoot('valid'), 'list', '--json');
    expect(JSON.parse(result.stdout)[2]).toEqual({
      account: 'prod',
      accountId: '333333333333',
      region: 'eu-west-1',
      portfolio: 'hosting',
      product: 'sagemaker-endpoint',
      version: '1.0.0',
      status: 'active',
    });
  });
});

describe('synth', () => {
  test('writes the cloud assembly and prints the summary', async () => {
    const root = catalogRoot('valid');
    const result = await cli(root, 'synth');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Synthesized 3 catalog stacks into cdk.out');
    expect(lines[2]).toMatch(/^STACK\s+ACCOUNT\s+ACCOUNT ID\s+REGION\s+PORTFOLIOS\s+PRODUCTS\s+VERSIONS\s+TEMPLATE$/);
    expect(lines[3]).toMatch(/^test-catalog-dev-eu-west-1\s+dev\s+111111111111\s+eu-west-1\s+hosting\s+1\s+1\s+cdk\.out\/dev-eu-west-1\.template\.json$/);
    expect(result.stdout).toMatch(/^sagemaker-endpoint\s+1\.0\.0\s+active\s+built from current code\s+[0-9a-f]{16}$/m);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'cdk.out', 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.artifacts)).toEqual(
      expect.arrayContaining(['dev-eu-west-1', 'dev-eu-central-1', 'prod-eu-west-1']),
    );
    expect(fs.readdirSync(root).filter((f) => f.startsWith('cdk.out'))).toEqual(['cdk.out']);
  });

  test('--out and --quiet: writes elsewhere, prints nothing', async () => {
    const out = path.join(tempDir(), 'assembly');
    const result = await cli(catalogRoot('valid'), 'synth', '--out', out, '--quiet');
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(fs.existsSync(path.join(out, 'manifest.json'))).toBe(true);
  });
});

describe('the command line itself', () => {
  test('lists the commands on --help and exits 0', async () => {
    const result = await cli(tempDir(), '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: sc-factory <command> \[options\]/);
    for (const command of ['validate', 'list', 'synth']) expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  test('fails on an unknown command with exit 1', async () => {
    const result = await cli(tempDir(), 'publsh');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^unknown command 'publsh'\n/);
  });
});

describe('arguments', () => {
  test('a bare -- (as `npx projen list -- --json` passes it) is ignored', async () => {
    const plain = await cli(catalogRoot('valid'), 'list', '--json');
    expect(await cli(catalogRoot('valid'), 'list', '--', '--json')).toEqual(plain);
  });
});
