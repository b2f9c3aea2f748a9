/**
 * The Python tools the project runs (cfn-lint), from the project-local
 * virtualenv `.venv` that `npx projen python-env` builds from requirements.txt
 * (synth and test run it first). Never a tool found on the PATH: the version
 * pinned in requirements.txt is the one whose rules and schemas the templates
 * were checked against.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sha256File } from '../model/sha256';

/** The folder this tool is installed in (holding requirements.txt and .venv). */
const TOOL_ROOT = path.resolve(__dirname, '..', '..');
const REQUIREMENTS = path.join(TOOL_ROOT, 'requirements.txt');
const VENV = path.join(TOOL_ROOT, '.venv');

/** The executable `name` of the virtualenv; throws, saying how to install it, when .venv is missing or stale. */
export function pythonTool(name: string): string {
  const stamp = path.join(VENV, '.requirements.sha256');
  const want = sha256File(REQUIREMENTS);
  const have = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').trim() : undefined;
  const executable = path.join(VENV, process.platform === 'win32' ? `Scripts/${name}.exe` : `bin/${name}`);
  if (have !== want || !fs.existsSync(executable)) {
    throw new Error(
      `${name} is ${have === undefined ? 'not installed' : 'out of date with requirements.txt'} in ${VENV}: ` +
        "run 'npx projen python-env' (npx projen synth and npx projen test run it first)",
    );
  }
  return executable;
}

/** The version requirements.txt pins for `name` (`name==1.2.3`). */
export function pinnedVersion(name: string): string {
  const line = fs
    .readFileSync(REQUIREMENTS, 'utf8')
    .split('\n')
    .find((l) => l.trim().toLowerCase().startsWith(`${name.toLowerCase()}==`));
  if (!line) throw new Error(`requirements.txt pins no version of ${name}`);
  return line.trim().split('==')[1];
}

/**
 * Where results of pure tool runs may be kept between runs (dropped with the
 * virtualenv); SC_FACTORY_PYTHON_TOOL_CACHE moves it (the benchmark measures
 * cold runs with a fresh folder).
 */
export function pythonToolCache(name: string): string {
  const moved = process.env.SC_FACTORY_PYTHON_TOOL_CACHE;
  return path.join(moved ? path.resolve(moved) : path.join(VENV, '.cache'), name);
}
