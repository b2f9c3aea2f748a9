#!/usr/bin/env node
// Creates or updates the project's Python virtualenvs from their pinned
// requirements: .venv from requirements.txt (cfn-lint, the SageMaker SDK,
// pytest) and .venv-checkov from requirements-checkov.txt (checkov, whose own
// pins conflict with the SageMaker SDK's; see that file). Each is skipped in
// milliseconds when it was built from the same requirements (its stamp holds
// their sha256). `npx projen synth` and `npx projen test` run it first, so a
// fresh clone needs only python3. PYTHON names another interpreter (default python3).
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
/** requirements file -> virtualenv folder (src/secure/python-tools.ts reads the same pairs). */
const ENVIRONMENTS = [
  ['requirements.txt', '.venv'],
  ['requirements-checkov.txt', '.venv-checkov'],
];

function fail(message) {
  console.error(`python-env: ${message}`);
  process.exit(1);
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) return result.error.code === 'ENOENT' ? 'not found' : result.error.message;
  return result.status === 0 ? undefined : `exit code ${result.status}`;
}

function stale([requirementsName, venvName]) {
  const venv = path.join(root, venvName);
  const stamp = path.join(venv, '.requirements.sha256');
  const want = crypto.createHash('sha256').update(fs.readFileSync(path.join(root, requirementsName))).digest('hex');
  const venvPython = path.join(venv, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');
  return !(fs.existsSync(venvPython) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === want);
}

const toBuild = ENVIRONMENTS.filter(stale);
if (toBuild.length === 0) process.exit(0);

const python = process.env.PYTHON || 'python3';
const version = spawnSync(python, ['-c', 'import sys; print(sys.version_info >= (3, 9))'], { encoding: 'utf8' });
if (version.error || version.status !== 0) {
  fail(`'${python}' is not available. The project lints templates with cfn-lint (Python >= 3.9): install python3 (with venv and pip, e.g. apt-get install python3-venv) or set PYTHON to an interpreter.`);
}
if (version.stdout.trim() !== 'True') fail(`'${python}' is older than Python 3.9, which cfn-lint needs; set PYTHON to a newer interpreter.`);

for (const [requirementsName, venvName] of toBuild) {
  const requirements = path.join(root, requirementsName);
  const venv = path.join(root, venvName);
  const stamp = path.join(venv, '.requirements.sha256');
  const venvPython = path.join(venv, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');
  const want = crypto.createHash('sha256').update(fs.readFileSync(requirements)).digest('hex');
  console.error(`python-env: installing ${requirementsName} into ${venvName} (${python})`);
  fs.rmSync(stamp, { force: true });
  let problem = run(python, ['-m', 'venv', '--clear', venv]);
  if (problem) fail(`'${python} -m venv' failed (${problem}); on Debian/Ubuntu install python3-venv.`);
  problem = run(venvPython, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--requirement', requirements]);
  if (problem) fail(`'pip install -r ${requirementsName}' failed (${problem}); pip needs access to PyPI (or PIP_INDEX_URL to a mirror).`);
  fs.writeFileSync(stamp, `${want}\n`);
}
