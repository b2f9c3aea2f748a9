/**
 * The starter code the model build repository is seeded with, and the deploy
 * project's own pipeline scripts (which run from the product's buildspecs, not
 * from the repository), run their tests (Python, standard library only). They
 * run here where python3 is installed and are skipped, saying so, where it is
 * not: the TypeScript suite stays green without Python.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SEED_DIRECTORY as BUILD_SEED } from '../../products/sagemaker-project-build-train';
import { SEED_DIRECTORY as DEPLOY_SEED } from '../../products/sagemaker-project-deploy';
import { PIPELINE_DIRECTORY as DEPLOY_PIPELINE } from '../../products/sagemaker-project-deploy/buildspecs';
import { SAGEMAKER_XGBOOST_REGISTRIES } from '../../src/sagemaker-projects/sagemaker-images';

const PYTHON = (() => {
  const probe = spawnSync('python3', ['-c', 'import sys; print(sys.version_info >= (3, 8))'], { encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.trim() === 'True';
})();

if (!PYTHON) {
  // eslint-disable-next-line no-console
  console.warn('python3 (3.8 or later) not found: the starter code tests of the SageMaker project templates are skipped.');
}
const pythonTest = PYTHON ? test : test.skip;

/** Runs the unittest suite of a seed folder without writing bytecode into it. */
function unittest(directory: string) {
  const result = spawnSync('python3', ['-B', '-m', 'unittest', 'discover', '-s', 'tests', '-t', '.', '-v'], {
    cwd: directory,
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' },
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function pycacheUnder(directory: string): string[] {
  return fs.readdirSync(directory, { recursive: true, encoding: 'utf8' }).filter((f) => f.includes('__pycache__'));
}

describe('starter code of the SageMaker project templates', () => {
  pythonTest('model build: the pipeline definition, processing scripts and runner pass their tests', () => {
    const { status, output } = unittest(BUILD_SEED);
    expect(output).toMatch(/^OK/m);
    expect(status).toBe(0);
    expect(output).toMatch(/Ran (2\d|[3-9]\d) tests/);
    // The seed is shipped byte for byte: running its tests must not add files to it.
    expect(pycacheUnder(BUILD_SEED)).toEqual([]);
  });

  pythonTest('model deploy: the stage parameters, deploy step and smoke test scripts pass their tests, against the shipped seed data', () => {
    const { status, output } = unittest(DEPLOY_PIPELINE);
    expect(output).toMatch(/^OK/m);
    expect(status).toBe(0);
    expect(output).toMatch(/test_writes_a_configuration_per_stage_with_the_newest_approved_version_and_project_tags .*\.\.\. ok/);
    expect(output).toMatch(/test_refuses_a_stage_file_that_links_out_of_the_repository .*\.\.\. ok/);
    expect(output).toMatch(/test_creates_an_absent_stack_as_the_deployment_role_tagged_with_the_project .*\.\.\. ok/);
    expect(output).toMatch(/test_a_stack_whose_creation_rolled_back_is_deleted_with_the_cloudformation_role_then_created .*\.\.\. ok/);
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

  test('deployed models may pull the XGBoost image from the same registries the starter code trains with', () => {
    const images = fs.readFileSync(path.join(BUILD_SEED, 'pipelines', 'images.py'), 'utf8');
    const table = images.slice(images.indexOf('XGBOOST_REGISTRIES = {'), images.indexOf('}', images.indexOf('XGBOOST_REGISTRIES = {')));
    const seed = Object.fromEntries([...table.matchAll(/"([a-z0-9-]+)": "(\d{12})"/g)].map((m) => [m[1], m[2]]));
    expect(Object.keys(seed).length).toBeGreaterThan(10);
    expect(SAGEMAKER_XGBOOST_REGISTRIES).toEqual(seed);
  });
});
