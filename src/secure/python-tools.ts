/**
 * The Python tools the project runs (cfn-lint, checkov, the SageMaker SDK's
 * Python), from the project-local virtualenvs that `npx projen python-env`
 * builds from their pinned requirements (synth and test run it first). Never a
 * tool found on the PATH: the version pinned is the one whose rules and schemas
 * the templates were checked against.
 *
 * Two environments, because their pins conflict (requirements-checkov.txt says
 * how): `tools` (.venv from requirements.txt) and `checkov` (.venv-checkov from
 * requirements-checkov.txt). scripts/python-env.js builds the same pairs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findingsCacheDir } from './file-results';
import { sha256File } from '../model/sha256';

/** The folder this tool is installed in (holding the requirements files and virtualenvs). */
const TOOL_ROOT = path.resolve(__dirname, '..', '..');

export type PythonEnvironment = 'tools' | 'checkov';

const ENVIRONMENTS: Readonly<Record<PythonEnvironment, { readonly requirements: string; readonly venv: string }>> = {
  tools: { requirements: 'requirements.txt', venv: '.venv' },
  checkov: { requirements: 'requirements-checkov.txt', venv: '.venv-checkov' },
};

function environment(name: PythonEnvironment): { readonly requirements: string; readonly venv: string; readonly requirementsName: string } {
  const { requirements, venv } = ENVIRONMENTS[name];
  return { requirements: path.join(TOOL_ROOT, requirements), venv: path.join(TOOL_ROOT, venv), requirementsName: requirements };
}

/** The executable `name` of a virtualenv; throws, saying how to install it, when the virtualenv is missing or stale. */
export function pythonTool(name: string, env: PythonEnvironment = 'tools'): string {
  const { requirements, venv, requirementsName } = environment(env);
  const stamp = path.join(venv, '.requirements.sha256');
  const want = sha256File(requirements);
  const have = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').trim() : undefined;
  const executable = path.join(venv, process.platform === 'win32' ? `Scripts/${name}.exe` : `bin/${name}`);
  if (have !== want || !fs.existsSync(executable)) {
    throw new Error(
      `${name} is ${have === undefined ? 'not installed' : `out of date with ${requirementsName}`} in ${venv}: ` +
        "run 'npx projen python-env' (npx projen synth and npx projen test run it first)",
    );
  }
  return executable;
}

/** The version a requirements file pins for `name` (`name==1.2.3`). */
export function pinnedVersion(name: string, env: PythonEnvironment = 'tools'): string {
  const { requirements, requirementsName } = environment(env);
  const line = fs
    .readFileSync(requirements, 'utf8')
    .split('\n')
    .find((l) => l.trim().toLowerCase().startsWith(`${name.toLowerCase()}==`));
  if (!line) throw new Error(`${requirementsName} pins no version of ${name}`);
  return line.trim().split('==')[1];
}

/**
 * Where results of pure tool runs may be kept between runs (dropped with the
 * virtualenv); SC_FACTORY_PYTHON_TOOL_CACHE moves it (findingsCacheDir).
 */
export function pythonToolCache(name: string, env: PythonEnvironment = 'tools'): string {
  return findingsCacheDir(name, path.join(environment(env).venv, '.cache', name));
}

/** What a virtualenv's tools depend on: its folder and the requirements it was built from (their sha256). */
export function pythonEnvironmentStamp(env: PythonEnvironment): string {
  const { requirements, venv } = environment(env);
  return `${fs.realpathSync(venv)}\n${sha256File(requirements)}`;
}
