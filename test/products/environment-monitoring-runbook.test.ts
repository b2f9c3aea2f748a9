/**
 * The endpoint-policy restore runbook's script (src/monitoring/restore_endpoint_policy.py)
 * passes its own tests: stub EC2 and CloudFormation clients, standard library only, no AWS. They run here
 * where python3 is installed and are skipped, saying so, where it is not (as the starter code's).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RESTORE_SCRIPT } from '../../src/monitoring/endpoint-policy-restore';

const PRODUCT_DIRECTORY = path.dirname(RESTORE_SCRIPT);

const PYTHON = (() => {
  const probe = spawnSync('python3', ['-c', 'import sys; print(sys.version_info >= (3, 8))'], { encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.trim() === 'True';
})();

if (!PYTHON) {
  // eslint-disable-next-line no-console
  console.warn('python3 (3.8 or later) not found: the endpoint-policy runbook tests are skipped.');
}
const pythonTest = PYTHON ? test : test.skip;

describe('environment-monitoring: the endpoint-policy restore runbook script', () => {
  pythonTest('passes its unit tests: other VPC, in sync, restored, reset, not owned by a stack, busy stack', () => {
    const result = spawnSync('python3', ['-B', '-m', 'unittest', 'discover', '-s', 'tests', '-t', '.', '-v'], {
      cwd: PRODUCT_DIRECTORY,
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' },
      timeout: 120_000,
    });
    const output = `${result.stdout}${result.stderr}`;
    expect(output).toMatch(/^OK/m);
    expect(result.status).toBe(0);
    for (const name of [
      'test_an_endpoint_of_another_vpc_is_left_alone_without_asking_cloudformation',
      'test_a_policy_equal_to_the_template_is_left_alone',
      'test_a_tampered_policy_is_restored_to_the_template_value_of_the_owning_stack',
      'test_a_gateway_endpoint_without_a_template_policy_is_reset_to_the_default',
      'test_an_endpoint_no_stack_owns_is_left_alone_and_says_so',
      'test_its_own_restore_firing_the_rule_again_ends_the_chain',
    ]) {
      expect(output).toMatch(new RegExp(`${name} .*\\.\\.\\. ok`));
    }
    // Running them must not leave files in the product's folder.
    expect(fs.readdirSync(PRODUCT_DIRECTORY, { recursive: true, encoding: 'utf8' }).filter((f) => f.includes('__pycache__'))).toEqual([]);
  });
});
