/**
 * The starter code the project repositories are seeded with runs its own tests
 * (Python, standard library only). They run here where python3 is installed and
 * are skipped, saying so, where it is not: the TypeScript suite stays green
 * without Python. The deploy seed is tested as it lands in the repository, with
 * the endpoint template added.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SEED_DIRECTORY as BUILD_SEED } from '../../products/sagemaker-project-build-train';
import { SEED_DIRECTORY as DEPLOY_SEED } from '../../products/sagemaker-project-deploy';
import { endpointTemplate, seedWithEndpointTemplate } from '../../products/sagemaker-project-deploy/endpoint-template';
import { productContext } from '../../src/generator/product-templates';
import { loadCatalog } from '../../src/manifest';
import { catalogRoot } from '../helpers';

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

  pythonTest('model deploy: the build and smoke test pass their tests, against the endpoint template the repository gets', () => {
    const catalog = loadCatalog(catalogRoot('sagemaker-projects'));
    const deploy = catalog.products.find((p) => p.id === 'deploy')!;
    const seed = seedWithEndpointTemplate(DEPLOY_SEED, endpointTemplate(productContext(catalog, deploy)));
    try {
      const { status, output } = unittest(seed.directory);
      expect(output).toMatch(/^OK/m);
      expect(output).not.toMatch(/skipped/); // the shipped-template test ran too
      expect(status).toBe(0);
      expect(output).toMatch(/test_the_shipped_configurations_fit_the_shipped_endpoint_template .*\.\.\. ok/);
    } finally {
      seed.dispose();
    }
    expect(pycacheUnder(DEPLOY_SEED)).toEqual([]);
  });

  test('the seeds carry no files a fresh clone would not have', () => {
    for (const seed of [BUILD_SEED, DEPLOY_SEED]) {
      expect(pycacheUnder(seed)).toEqual([]);
      expect(fs.readdirSync(seed)).toContain('README.md');
      expect(fs.existsSync(path.join(seed, 'tests'))).toBe(true);
    }
  });
});
