/**
 * Runs a linter of the project's virtualenvs (cfn-lint, checkov) through a warm
 * server when it can (python-tool-server.py: the tool imported once, a fork per
 * run), and as a process of its own otherwise. Both ways run the same tool on
 * the same arguments, working folder and environment (a fixed one: the tool's
 * own settings, PATH, HOME and the locale), loaded the same way (python-tool-server.py
 * load_tool, which also keeps checkov's JSONPath parse table), so the answer is
 * the same; the server only saves the tool's start-up, seconds of CPU per run for checkov.
 *
 * The first run starts the server, detached, and waits for it; later runs (of
 * this process, of other processes, of jest's workers) find it by its socket,
 * whose name is the hash of everything the answer depends on (the virtualenv,
 * its requirements, the server's code, the tool and its environment). The
 * server exits after SC_FACTORY_PYTHON_SERVER_IDLE seconds (default 120)
 * without a run. SC_FACTORY_PYTHON_SERVER=off runs every tool directly;
 * SC_FACTORY_PYTHON_SERVER_DIR moves the sockets' folder (by default
 * sc-factory-python-<uid> in the temporary folder).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pythonTool, type PythonEnvironment, pythonEnvironmentStamp } from './python-tools';
import { sha256 } from '../model/sha256';

export type ServedTool = 'cfn-lint' | 'checkov';

/** What a run of the tool gave: its exit code (null when it did not exit), stdout, stderr. */
export interface ToolRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: Error;
  /** How it ran: through the warm server, or as a process of its own. */
  readonly via: 'server' | 'process';
}

// From the tool's folder: this module also runs bundled (.sc-factory/cli/), two levels deep as src/secure/ is.
const SERVER_SCRIPT = path.resolve(__dirname, '..', '..', 'src', 'secure', 'python-tool-server.py');
/** A run's status when the server did not answer it (python-tool-server.py NO_SERVER). */
const NO_SERVER = 75;
/** How long a run waits for a server it started to import its tool (checkov: seconds, more on a loaded machine). */
const START_WAIT_SECONDS = 90;
const MAX_OUTPUT = 256 * 1024 * 1024;

const TOOLS: Readonly<Record<ServedTool, { readonly venv: PythonEnvironment; readonly environment: Readonly<Record<string, string>> }>> = {
  'cfn-lint': { venv: 'tools', environment: {} },
  // Offline: no PyPI version check when checkov starts, no Prisma Cloud mapping download; warnings only.
  'checkov': { venv: 'checkov', environment: { CKV_SKIP_PACKAGE_UPDATE_CHECK: 'true', BC_SKIP_MAPPING: 'TRUE', LOG_LEVEL: 'WARNING' } },
};

/** The tool's own settings (environment variables), which every run of it has, however it runs. */
export function pythonToolSettings(tool: ServedTool): Readonly<Record<string, string>> {
  return TOOLS[tool].environment;
}

/**
 * Runs `tool` over `files`, split into one group per core (balancedGroups), the
 * groups side by side: `argsFor` gives a group's arguments. The answers, one per group.
 */
export function runPythonToolOnFiles(
  tool: ServedTool,
  files: readonly string[],
  argsFor: (group: readonly string[]) => string[],
  cwd: string,
): ToolRun[] {
  return runPythonToolSideBySide(tool, balancedGroups(files, os.availableParallelism()).map(argsFor), cwd);
}

/** Runs `tool` with `args` in `cwd`. Throws only as pythonTool does (a missing or stale virtualenv). */
export function runPythonTool(tool: ServedTool, args: readonly string[], cwd: string): ToolRun {
  return runPythonToolSideBySide(tool, [args], cwd)[0];
}

/**
 * Runs `tool` once for each of `runs` (argument lists) in `cwd`, side by side
 * through the server (a child each, so several cores work at once); the
 * answers in the same order. A run the server does not answer runs as a
 * process of its own, after the others.
 */
export function runPythonToolSideBySide(tool: ServedTool, runs: readonly (readonly string[])[], cwd: string): ToolRun[] {
  const python = path.join(path.dirname(pythonTool(tool, TOOLS[tool].venv)), 'python');
  const env = toolEnvironment(tool);
  const served = process.env.SC_FACTORY_PYTHON_SERVER === 'off' ? undefined : throughServer(tool, python, runs, cwd, env);
  return runs.map((args, i) => served?.[i] ?? ownProcess(tool, python, args, cwd, env));
}

/**
 * Templates split into at most `parts` groups of about the same size in bytes
 * (a linter's time grows with a template's size), to lint them side by side, the largest placed first.
 */
export function balancedGroups(files: readonly string[], parts: number): string[][] {
  const groups = Array.from({ length: Math.max(1, Math.min(parts, files.length)) }, () => ({ bytes: 0, files: [] as string[] }));
  const sized = files.map((file) => ({ file, bytes: fs.statSync(file).size })).sort((a, b) => b.bytes - a.bytes || a.file.localeCompare(b.file));
  for (const { file, bytes } of sized) {
    const lightest = groups.reduce((min, group) => (group.bytes < min.bytes ? group : min));
    lightest.files.push(file);
    lightest.bytes += bytes;
  }
  return groups.map((group) => group.files).filter((group) => group.length > 0);
}

/** The tool loaded as the server loads it (python-tool-server.py load_tool), in a process of its own. */
function ownProcess(tool: ServedTool, python: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): ToolRun {
  const result = spawnSync(python, [SERVER_SCRIPT, 'run', tool, ...args], { cwd, env, encoding: 'utf8', maxBuffer: MAX_OUTPUT });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', error: result.error, via: 'process' };
}

/** The environment the tool runs with, either way: its own settings and the few variables a process needs. */
function toolEnvironment(tool: ServedTool): NodeJS.ProcessEnv {
  const kept = Object.fromEntries(['PATH', 'HOME', 'LANG', 'LC_ALL', 'TMPDIR'].flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]!]])));
  return { ...kept, ...pythonToolSettings(tool) };
}

/** What the server answered for each run (undefined: not answered), or undefined when it could not be asked at all. */
function throughServer(
  tool: ServedTool,
  python: string,
  runs: readonly (readonly string[])[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): (ToolRun | undefined)[] | undefined {
  const socket = pythonToolSocket(tool);
  if (!socket) return undefined;
  const requests = JSON.stringify(runs.map((args) => ({ args, cwd: path.resolve(cwd) })));
  const ask = (wait: number, serverPid = 0) => {
    const asked = spawnSync(python, ['-S', SERVER_SCRIPT, 'clients', socket, String(wait), String(serverPid)], { input: requests, encoding: 'utf8', maxBuffer: MAX_OUTPUT });
    if (asked.error || asked.status !== 0) return undefined;
    try {
      return JSON.parse(asked.stdout) as { status: number; stdout?: string; stderr?: string }[];
    } catch {
      return undefined;
    }
  };

  let answers = ask(0);
  if (answers?.every((answer) => answer.status === NO_SERVER)) {
    const idle = Number(process.env.SC_FACTORY_PYTHON_SERVER_IDLE ?? 120);
    const server = spawn(python, [SERVER_SCRIPT, 'serve', socket, tool, String(idle)], { detached: true, stdio: 'ignore', env, cwd: os.tmpdir() });
    server.on('error', () => undefined); // cannot start: the client gives up, and the tool runs directly
    server.unref();
    // The client stops waiting when this server is gone (it could not start, or another one listens already).
    answers = ask(START_WAIT_SECONDS, server.pid ?? 0);
  }
  return answers?.map((answer) =>
    answer.status === NO_SERVER ? undefined : { status: answer.status, stdout: answer.stdout ?? '', stderr: answer.stderr ?? '', via: 'server' as const },
  );
}

/**
 * The server's socket: in a folder of this user's own (mode 0700), named by the
 * hash of what the tool's answers depend on. Undefined when no such folder can be had.
 */
export function pythonToolSocket(tool: ServedTool): string | undefined {
  const dir = path.resolve(process.env.SC_FACTORY_PYTHON_SERVER_DIR ?? path.join(os.tmpdir(), `sc-factory-python-${os.userInfo().uid}`));
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.lstatSync(dir);
    // Nobody else may enter it: no permission bit for group or others.
    if (!stat.isDirectory() || stat.uid !== os.userInfo().uid || (stat.mode % 0o100) !== 0) return undefined;
  } catch {
    return undefined;
  }
  const key = sha256(
    JSON.stringify({
      tool,
      venv: pythonEnvironmentStamp(TOOLS[tool].venv),
      server: sha256(fs.readFileSync(SERVER_SCRIPT)),
      environment: pythonToolSettings(tool),
      // The tool's PATH (toolEnvironment keeps it as it is).
      path: process.env.PATH ?? '',
    }),
  );
  // Short: a socket's path is limited to about 100 bytes.
  return path.join(dir, `${key.slice(0, 24)}.sock`);
}
