/**
 * Every class of manifest error, with its exact file:line:col and message: what
 * a maintainer sees in the terminal or CI log.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCatalog } from '../../src/manifest';
import { formatDiagnostic } from '../../src/model';
import { catalogRoot, cli, validationDiagnostics, writeFiles } from '../helpers';

/** The formatted diagnostics `loadCatalog` (and product resolution) throw for a root. */
const problems = (root: string): string[] => validationDiagnostics(root).map(formatDiagnostic);

describe('a valid manifest', () => {
  test('has no problems', () => {
    expect(problems(catalogRoot('valid'))).toEqual([]);
  });
});

describe('YAML errors', () => {
  test('fails on a syntax error, at the line and column where YAML gave up', () => {
    expect(problems(catalogRoot('yaml-syntax'))).toEqual([
      "catalog.yaml:4:10: YAML syntax error: Nested mappings are not allowed in compact mappings (put the value in quotes if it contains ': ')",
      'catalog.yaml:4:10: YAML syntax error: Implicit keys need to be on a single line',
      'catalog.yaml:6:3: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  test('fails on a duplicate key, at the second occurrence', () => {
    expect(problems(catalogRoot('duplicate-key'))).toEqual([
      "catalog.yaml:13:5: duplicate key 'id': each key may appear only once in a mapping",
    ]);
  });

  test('fails on a missing catalog.yaml', () => {
    const root = catalogRoot('valid');
    fs.rmSync(path.join(root, 'catalog.yaml'));
    expect(problems(root)).toEqual([`catalog.yaml:1:1: catalog.yaml not found in ${root}`]);
  });
});

describe('schema errors', () => {
  test('fails on unknown keys, with a did-you-mean for near misses, in every file at once', () => {
    // catalog.yaml is invalid, so product kinds are unknown and no portfolio entry is required to name a
    // launch role (bad-input.test.ts, no cascade); the misspelt key is reported all the same.
    expect(problems(catalogRoot('unknown-keys'))).toEqual([
      "catalog.yaml:2:1: missing required key 'products'",
      "catalog.yaml:6:3: unknown key 'supportemail', did you mean 'supportEmail'?",
      "catalog.yaml:16:1: unknown key 'productz', did you mean 'products'?",
      "portfolios/hosting.yaml:11:5: unknown key 'launchrole', did you mean 'launchRole'?",
      "portfolios/hosting.yaml:12:1: unknown key 'tagoptions', did you mean 'tagOptions'?",
    ]);
  });

  test('fails on an unknown key far from any known one by listing the allowed keys', () => {
    const root = catalogRoot('valid');
    writeFiles(root, { 'portfolios/hosting.yaml': fs.readFileSync(path.join(root, 'portfolios/hosting.yaml'), 'utf8') + 'zzz: 1\n' });
    expect(problems(root)).toEqual([
      "portfolios/hosting.yaml:14:1: unknown key 'zzz'; allowed keys: id, displayName, providerName, description, accounts, organizationalUnits, principals, products, tagOptions",
    ]);
  });

  test('fails on wrong types and formats: account ids, regions, e-mails, URLs', () => {
    expect(problems(catalogRoot('wrong-types'))).toEqual([
      "catalog.yaml:5:17: 'supportEmail' must be an e-mail address such as team@example.com, got 'platform-at-example.com'",
      "catalog.yaml:6:15: 'supportUrl' must be an http(s) URL, got 'not a url'",
      'catalog.yaml:9:9: \'id\' must be a quoted 12-digit AWS account id, e.g. "123456789012" (unquoted, YAML reads a number), got number 11111111111',
      "catalog.yaml:10:26: 'regions[1]' must be an AWS region name such as eu-west-1, got 'eu-centrl-1', did you mean 'eu-central-1'?",
      "catalog.yaml:12:9: 'id' must be a 12-digit AWS account id, got '33333333333x'",
    ]);
  });

  test('fails on an invalid map key, pointing at the key', () => {
    const root = catalogRoot('valid');
    const text = fs.readFileSync(path.join(root, 'catalog.yaml'), 'utf8').replace('  prod:\n', '  Prod_Account:\n');
    writeFiles(root, { 'catalog.yaml': text, 'portfolios/hosting.yaml': '' });
    expect(problems(root)).toContain(
      "catalog.yaml:10:3: key 'Prod_Account' must be a lowercase id such as 'ml-hosting' (letters, digits, single hyphens)",
    );
  });

  test('fails on a role ARN where a launch role name is expected', () => {
    const root = catalogRoot('valid');
    const file = path.join(root, 'portfolios/hosting.yaml');
    writeFiles(root, {
      'portfolios/hosting.yaml': fs
        .readFileSync(file, 'utf8')
        .replace('launchRole: SCLaunchEndpoint', 'launchRole: arn:aws:iam::111111111111:role/SCLaunchEndpoint'),
    });
    expect(problems(root)).toEqual([
      "portfolios/hosting.yaml:11:17: 'launchRole' must be an IAM role name without path or ARN, e.g. 'SCLaunch-SageMakerEndpoint', got 'arn:aws:iam::111111111111:role/SCLaunchEndpoint'",
    ]);
  });

  test('fails on a version status outside the lifecycle, listing the allowed ones', () => {
    const root = catalogRoot('valid');
    const file = path.join(root, 'catalog.yaml');
    writeFiles(root, { 'catalog.yaml': fs.readFileSync(file, 'utf8').replace('status: active', 'status: retired') });
    expect(problems(root)).toEqual([
      "catalog.yaml:24:17: 'status' must be one of: active, deprecated, inactive, removed, got 'retired'",
    ]);
  });
});

describe('semantic errors', () => {
  test('fails on unknown products and accounts, duplicate ids and versions, missing product folders, all at once', () => {
    expect(problems(catalogRoot('semantic'))).toEqual([
      "catalog.yaml:10:9: account id 111111111111 is already used by account 'dev'; give each account one name",
      "catalog.yaml:24:15: version '1.0.0' of product 'sagemaker-endpoint' is listed twice (first as versions[0]); version names must be unique",
      "catalog.yaml:28:11: product 'feature-store': products/feature-store/index.ts does not exist; create the folder with an index.ts exporting the product stack class, or fix 'path'",
      "portfolios/a-hosting.yaml:4:17: unknown account 'prd', did you mean 'prod'?",
      "portfolios/a-hosting.yaml:8:9: unknown product 'sagemaker-endpint', did you mean 'sagemaker-endpoint'?",
      "portfolios/b-hosting-copy.yaml:1:5: portfolio id 'hosting' is already used by portfolios/a-hosting.yaml; portfolio ids must be unique",
      "portfolios/b-hosting-copy.yaml:10:9: product 'sagemaker-endpoint' is listed twice in this portfolio (first as products[0])",
    ]);
  });

  test('fails on a product folder that exports no product stack', () => {
    expect(problems(catalogRoot('export-missing'))).toEqual([
      "catalog.yaml:16:3: product 'sagemaker-endpoint': products/empty/index.ts exports no product stack; export a class extending SecureProductStack (src/secure)",
    ]);
  });

  test('fails on a product folder whose code does not load', () => {
    const root = catalogRoot('export-missing');
    writeFiles(root, { 'products/empty/index.ts': "throw new Error('boom');\n" });
    expect(problems(root)).toEqual(["catalog.yaml:16:3: product 'sagemaker-endpoint': products/empty/index.ts failed to load: boom"]);
  });
});

describe('the CLI on bad input', () => {
  test('fails with exit code 1, every diagnostic on stderr, no stack trace', async () => {
    const result = await cli(catalogRoot('semantic'), 'validate');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toContain("portfolios/a-hosting.yaml:4:17: unknown account 'prd', did you mean 'prod'?");
    expect(result.stderr).toMatch(/^7 problems found; nothing was written\.$/m);
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  test('fails synth without touching an existing cdk.out', async () => {
    const root = catalogRoot('unknown-keys');
    writeFiles(root, { 'cdk.out/manifest.json': '{"previous":true}' });
    const result = await cli(root, 'synth');
    expect(result.code).toBe(1);
    expect(fs.readdirSync(path.join(root, 'cdk.out'))).toEqual(['manifest.json']);
    expect(fs.readFileSync(path.join(root, 'cdk.out/manifest.json'), 'utf8')).toBe('{"previous":true}');
    expect(fs.readdirSync(root).filter((f) => f.startsWith('cdk.out'))).toEqual(['cdk.out']);
  });

  test('reports an unknown option as a usage error', async () => {
    const result = await cli(catalogRoot('valid'), 'validate', '--rooot', '.');
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: "validate: unknown option '--rooot'; known options: --root\nusage: sc-factory validate [--root DIR]\n",
    });
  });
});
