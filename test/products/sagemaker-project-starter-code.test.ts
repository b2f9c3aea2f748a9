/**
 * The starter code the model build repository is seeded with, and the deploy
 * project's own pipeline scripts (which run from the product's buildspecs, not
 * from the repository), run their tests with the project's Python (.venv, built
 * from requirements.txt by `npx projen python-env`, which `npx projen test` runs
 * first): the build seed's with pytest and the real SageMaker Python SDK, pinned
 * to the version the seed's own requirements.txt names. Nothing is skipped: a
 * missing .venv fails the tests, saying how to build it. Every request leaves
 * through a proxy that does not exist, so the definition is proved to be built
 * without AWS or internet access.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SEED_DIRECTORY as BUILD_SEED } from '../../products/sagemaker-project-build-train';
import { SEED_DIRECTORY as DEPLOY_SEED } from '../../products/sagemaker-project-deploy';
import { PIPELINE_DIRECTORY as DEPLOY_PIPELINE } from '../../products/sagemaker-project-deploy/buildspecs';
import { PACKAGE_MIRROR_LOGIN } from '../../src/sagemaker-projects';
import { SAGEMAKER_XGBOOST_REGISTRIES } from '../../src/sagemaker-projects/sagemaker-images';
import { pinnedVersion, pythonTool } from '../../src/secure/python-tools';

const OFFLINE = {
  PYTHONDONTWRITEBYTECODE: '1',
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_EC2_METADATA_DISABLED: 'true',
  SAGEMAKER_SUPPRESS_V2_WARNING: '1',
  // Port 9 (discard) on this machine: any request the code makes fails at once.
  HTTPS_PROXY: 'http://127.0.0.1:9',
  HTTP_PROXY: 'http://127.0.0.1:9',
  NO_PROXY: '',
};

/** Runs the tests of a seed folder with the project's Python, without writing bytecode or caches into it. */
function runTests(directory: string, runner: string[]) {
  const result = spawnSync(pythonTool('python'), ['-B', '-m', ...runner], {
    cwd: directory,
    encoding: 'utf8',
    env: { ...process.env, ...OFFLINE },
    timeout: 300_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
const unittest = (directory: string) => runTests(directory, ['unittest', 'discover', '-s', 'tests', '-t', '.', '-v']);
const pytest = (directory: string) => runTests(directory, ['pytest', '-p', 'no:cacheprovider', '-v', 'tests']);

function pycacheUnder(directory: string): string[] {
  return fs.readdirSync(directory, { recursive: true, encoding: 'utf8' }).filter((f) => f.includes('__pycache__'));
}

describe('starter code of the SageMaker project templates', () => {
  test('model build: the SDK pipeline definition, processing scripts and runner pass their tests (pytest, real SDK)', () => {
    const { status, output } = pytest(BUILD_SEED);
    expect(status).toBe(0);
    const summary = output.match(/=+ (.*) in [\d.]+s/)?.[1] ?? output.slice(-2000);
    // Only passes: no skipped, failed or erroneous test.
    expect(summary).toMatch(/^(2\d|[3-9]\d) passed(, \d+ warnings?)?$/);
    expect(output).toMatch(/test_every_job_runs_in_the_vpc_with_encrypted_volumes_outputs_and_traffic PASSED/);
    expect(output).toMatch(/test_is_what_the_sdk_pipeline_submits PASSED/);
    // 5.0.0: the runner on the SDK (Pipeline.upsert / start run their own code against stubbed clients).
    expect(output).toMatch(/test_creates_the_pipeline_with_the_project_tags_the_first_time PASSED/);
    expect(output).toMatch(/test_updates_an_existing_pipeline_and_tags_it_with_the_project_keeping_its_other_tags PASSED/);
    // The seed is shipped byte for byte: running its tests must not add files to it.
    expect(pycacheUnder(BUILD_SEED)).toEqual([]);
  });

  test('model deploy: the stage parameters, deploy step and smoke test scripts pass their tests (boto3 with Stubber), against the shipped seed data', () => {
    const { status, output } = unittest(DEPLOY_PIPELINE);
    expect(output).toMatch(/^OK/m);
    expect(status).toBe(0);
    expect(output).toMatch(/test_writes_a_configuration_per_stage_with_the_newest_approved_version_and_project_tags .*\.\.\. ok/);
    expect(output).toMatch(/test_refuses_a_stage_file_that_links_out_of_the_repository .*\.\.\. ok/);
    // 5.0.0: ListModelPackages through boto3, the request checked parameter by parameter.
    expect(output).toMatch(/test_the_request_is_the_newest_approved_version_only .*\.\.\. ok/);
    expect(output).toMatch(/test_signs_with_the_builds_own_credentials_or_with_the_assumed_roles .*\.\.\. ok/);
    expect(output).toMatch(/test_creates_an_absent_stack_as_the_deployment_role_tagged_with_the_project .*\.\.\. ok/);
    expect(output).toMatch(/test_a_stack_whose_creation_rolled_back_is_deleted_with_the_cloudformation_role_then_created .*\.\.\. ok/);
    // On boto3 (real clients, calls checked against the service model, no network): every account of the stage.
    expect(output).toMatch(/test_deploys_to_every_account_of_the_stage_in_catalog_order_each_as_its_own_deployment_role .*\.\.\. ok/);
    expect(output).toMatch(/test_tests_every_staging_account_of_the_catalog_with_its_own_role .*\.\.\. ok/);
    expect(output).toMatch(/test_the_sdk_refuses_a_call_the_service_model_does_not_allow .*\.\.\. ok/);
    expect(pycacheUnder(DEPLOY_PIPELINE)).toEqual([]);
  });

  test('the seeds carry no files a fresh clone would not have', () => {
    for (const seed of [BUILD_SEED, DEPLOY_SEED]) {
      expect(pycacheUnder(seed)).toEqual([]);
      expect(fs.readdirSync(seed)).toContain('README.md');
      expect(fs.existsSync(path.join(seed, 'tests'))).toBe(true);
    }
    // The deploy repository is data only: the code that runs on it is the product's.
    expect(fs.readdirSync(DEPLOY_SEED, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(py|sh|ya?ml)$/.test(f))).toEqual([]);
  });

  test("the seed pins the SDK version the project's tests run with, and its build logs in to the package mirror before installing", () => {
    const seedPins = fs.readFileSync(path.join(BUILD_SEED, 'requirements.txt'), 'utf8');
    expect(seedPins).toMatch(new RegExp(`^sagemaker==${pinnedVersion('sagemaker').replace(/\./g, '\\.')}$`, 'm'));
    expect(seedPins).toMatch(new RegExp(`^pytest==${pinnedVersion('pytest').replace(/\./g, '\\.')}$`, 'm'));
    const buildspec = fs.readFileSync(path.join(BUILD_SEED, 'buildspec.yml'), 'utf8');
    const login = buildspec.indexOf(PACKAGE_MIRROR_LOGIN);
    expect(login).toBeGreaterThan(0);
    expect(buildspec.indexOf('-m pip install')).toBeGreaterThan(login);
    expect(buildspec).toMatch(/-m pytest/);
  });

  test('deployed models may pull the XGBoost image from the same registries the starter code trains with', () => {
    const images = fs.readFileSync(path.join(BUILD_SEED, 'pipelines', 'images.py'), 'utf8');
    const table = images.slice(images.indexOf('XGBOOST_REGISTRIES = {'), images.indexOf('}', images.indexOf('XGBOOST_REGISTRIES = {')));
    const seed = Object.fromEntries([...table.matchAll(/"([a-z0-9-]+)": "(\d{12})"/g)].map((m) => [m[1], m[2]]));
    expect(Object.keys(seed).length).toBeGreaterThan(10);
    expect(SAGEMAKER_XGBOOST_REGISTRIES).toEqual(seed);
  });
});
