/**
 * The warm linter server (src/secure/python-tool-runs.ts, python-tool-server.py):
 * the same answer as a process of the tool's own, for cfn-lint and checkov; one
 * server serves every later run; a server that died, one that cannot be reached
 * and an idle one are handled (the tool still runs, and answers the same).
 *
 * Each test gets servers of its own: the socket's name hashes PATH, which the
 * test extends with a folder that does not exist.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pythonToolSettings, pythonToolSocket, runPythonTool, runPythonToolSideBySide, type ServedTool } from '../../src/secure/python-tool-runs';
import { pythonTool } from '../../src/secure/python-tools';
import { REPO_ROOT, tempDir } from '../helpers';

/** A template cfn-lint and checkov both find something in (exit codes not 0). */
const TEMPLATE = {
  Parameters: { Unused: { Type: 'String' } },
  Resources: {
    Bucket: { Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Sometimes' } } },
    Queue: { Type: 'AWS::SQS::Queue' },
  },
};

const work = tempDir();
const template = path.join(work, 'flawed.template.json');
fs.writeFileSync(template, JSON.stringify(TEMPLATE, undefined, 1));

const ARGS: Readonly<Record<ServedTool, readonly string[]>> = {
  'cfn-lint': ['--format', 'json', '--regions', 'eu-west-1', '--', template],
  'checkov': ['--framework', 'cloudformation', '--output', 'json', '--quiet', '--compact', '--skip-download', '--file', template],
};

const saved = { ...process.env };
let isolated = 0;
beforeEach(() => {
  process.env.PATH = `${saved.PATH}:${path.join(work, `not-a-folder-${process.pid}-${isolated++}`)}`;
});
afterEach(() => {
  for (const socket of (['cfn-lint', 'checkov'] as const).map(pythonToolSocket)) for (const pid of serverPids(socket!)) process.kill(pid, 'SIGKILL');
  process.env = { ...saved };
});

/**
 * Servers of `socket`: processes whose command line names it, without the
 * children a server forks per run (same command line; one may still be exiting
 * after its answer arrived).
 */
function serverPids(socket: string): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\u0000');
      if (!args.includes('serve') || !args.includes(socket)) continue;
      // /proc/<pid>/stat: "pid (command) state ppid ..."
      parentOf.set(Number(entry), Number(fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  return [...parentOf].filter(([, parent]) => !parentOf.has(parent)).map(([pid]) => pid);
}

const direct = (tool: ServedTool, args = ARGS[tool]) => {
  process.env.SC_FACTORY_PYTHON_SERVER = 'off';
  try {
    return runPythonTool(tool, args, os.tmpdir());
  } finally {
    delete process.env.SC_FACTORY_PYTHON_SERVER;
  }
};

/** What an answer says, without what differs between any two runs of the tool (checkov's timing, none for cfn-lint). */
const answer = (tool: ServedTool, run: ReturnType<typeof runPythonTool>) => ({
  status: run.status,
  output: tool === 'checkov' ? JSON.parse(run.stdout).results : JSON.parse(run.stdout),
});

describe.each(['cfn-lint', 'checkov'] as const)('%s through its warm server', (tool) => {
  test('answers what the tool run as a process of its own answers, the first time and after', () => {
    const alone = direct(tool);
    expect(alone.via).toBe('process');
    // The comparison could fail: the tool found something, and says so in its exit code.
    expect(alone.status).not.toBe(0);
    expect(answer(tool, alone).output).not.toEqual(tool === 'checkov' ? {} : []);

    const first = runPythonTool(tool, ARGS[tool], os.tmpdir());
    const second = runPythonTool(tool, ARGS[tool], os.tmpdir());
    expect([first.via, second.via]).toEqual(['server', 'server']);
    expect(answer(tool, first)).toEqual(answer(tool, alone));
    expect(answer(tool, second)).toEqual(answer(tool, alone));
    expect(serverPids(pythonToolSocket(tool)!)).toHaveLength(1);
  }, 180_000);
});

/**
 * Both ways load the tool through python-tool-server.py, which gives checkov's JSONPath parser
 * one parse table per process instead of one per expression. The tool's own command, as
 * installed, is the reference: the same checks pass and fail, on a flawed template and on the
 * data science environment's released template (88 JSONPath expressions in checkov's graph).
 */
describe("checkov's shared JSONPath parse tables", () => {
  const released = path.join(REPO_ROOT, 'products', 'data-science-environment', 'versions', '5.0.0', 'template.json');
  const everyCheck = (file: string) => ['--framework', 'cloudformation', '--output', 'json', '--compact', '--skip-download', '--file', file];
  /** Every check's outcome on every resource, in a stable order. */
  const outcomes = (stdout: string) => {
    const results = JSON.parse(stdout).results as Record<'passed_checks' | 'failed_checks', { check_id: string; resource: string }[]>;
    const list = (checks: { check_id: string; resource: string }[]) => checks.map((c) => `${c.check_id} ${c.resource}`).sort();
    return { passed: list(results.passed_checks), failed: list(results.failed_checks) };
  };

  test.each([
    ['a flawed template', template, 2],
    ['the data science environment 5.0.0', released, 100],
  ])('change no outcome of checkov as installed, on %s', (_name, file, atLeast) => {
    const installed = spawnSync(pythonTool('checkov', 'checkov'), everyCheck(file), {
      cwd: os.tmpdir(),
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, ...pythonToolSettings('checkov') },
    });
    const reference = outcomes(installed.stdout);
    // Not an empty comparison: checks ran.
    expect(reference.passed.length + reference.failed.length).toBeGreaterThanOrEqual(atLeast);
    const served = runPythonTool('checkov', everyCheck(file), os.tmpdir());
    const alone = direct('checkov', everyCheck(file));
    expect([served.via, alone.via]).toEqual(['server', 'process']);
    expect(outcomes(served.stdout)).toEqual(reference);
    expect(outcomes(alone.stdout)).toEqual(reference);
  }, 240_000);

  test('are built once per process, not once per expression', () => {
    const script = [
      'import importlib.util, json',
      `spec = importlib.util.spec_from_file_location("server", ${JSON.stringify(path.join(REPO_ROOT, 'src', 'secure', 'python-tool-server.py'))})`,
      'server = importlib.util.module_from_spec(spec); spec.loader.exec_module(server)',
      'server.share_jsonpath_parse_tables()',
      'import ply.yacc',
      'built = []',
      'original = ply.yacc.LRGeneratedTable.__init__',
      'def counting(self, *args, **kwargs):',
      '    built.append(1); original(self, *args, **kwargs)',
      'ply.yacc.LRGeneratedTable.__init__ = counting',
      'from bc_jsonpath_ng import parse',
      'from bc_jsonpath_ng.ext import parse as parse_extended',
      'paths = ["$.Resources.Bucket.Properties", "$.a[0].b", "$..c", ' + "'$.\"AWS::S3::Bucket\".d[*]'" + ', "$.e.f.g"]',
      'parsed = [str(parse(p)) for p in paths] + [str(parse_extended(p)) for p in paths]',
      'print(json.dumps({"built": len(built), "parsed": parsed}))',
    ].join('\n');
    const python = path.join(path.dirname(pythonTool('checkov', 'checkov')), 'python');
    const run = spawnSync(python, ['-c', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const { built, parsed } = JSON.parse(run.stdout) as { built: number; parsed: string[] };
    // Ten expressions parsed as the library parses them (its own rendering of each), with no table built for any.
    expect(parsed).toHaveLength(10);
    expect(parsed.slice(0, 2)).toEqual(['$.Resources.Bucket.Properties', '$.a.[0].b']);
    expect(built).toBe(0);
  }, 60_000);
});

describe('the server', () => {
  const tool = 'cfn-lint';

  test('answers runs side by side, each with its own answer, in order', () => {
    const clean = path.join(work, 'clean.template.json');
    fs.writeFileSync(clean, JSON.stringify({ Resources: { Queue: { Type: 'AWS::SQS::Queue' } } }));
    const runs = [ARGS[tool], ['--format', 'json', '--regions', 'eu-west-1', '--', clean], ARGS[tool]];
    const together = runPythonToolSideBySide(tool, runs, os.tmpdir());
    expect(together.map((run) => run.via)).toEqual(['server', 'server', 'server']);
    const alone = runs.map((args) => direct(tool, args));
    expect(together.map((run) => answer(tool, run))).toEqual(alone.map((run) => answer(tool, run)));
    // Different answers, so an answer in the wrong place would show.
    expect(alone[0].status).not.toBe(alone[1].status);
    expect(serverPids(pythonToolSocket(tool)!)).toHaveLength(1);
  }, 120_000);

  test('one that died is replaced: its socket is left behind, a new server takes it over', () => {
    runPythonTool(tool, ARGS[tool], os.tmpdir());
    const socket = pythonToolSocket(tool)!;
    const [first] = serverPids(socket);
    process.kill(first, 'SIGKILL');
    expect(fs.existsSync(socket)).toBe(true);

    const run = runPythonTool(tool, ARGS[tool], os.tmpdir());
    expect(run.via).toBe('server');
    expect(answer(tool, run)).toEqual(answer(tool, direct(tool)));
    const now = serverPids(socket);
    expect(now).toHaveLength(1);
    expect(now).not.toContain(first);
  }, 120_000);

  test('exits when idle, and removes its socket', async () => {
    process.env.SC_FACTORY_PYTHON_SERVER_IDLE = '1';
    expect(runPythonTool(tool, ARGS[tool], os.tmpdir()).via).toBe('server');
    const socket = pythonToolSocket(tool)!;
    const serving = () => fs.existsSync(socket) || serverPids(socket).length > 0;
    for (let waited = 0; waited < 30_000 && serving(); waited += 200) await new Promise((r) => setTimeout(r, 200));
    expect([fs.existsSync(socket), serverPids(socket)]).toEqual([false, []]);
  }, 120_000);

  test('is not used from a socket folder others may enter: the tool runs as a process, with the same answer', () => {
    const open = path.join(tempDir(), 'sockets');
    fs.mkdirSync(open);
    fs.chmodSync(open, 0o755);
    process.env.SC_FACTORY_PYTHON_SERVER_DIR = open;
    expect(pythonToolSocket(tool)).toBeUndefined();
    fs.chmodSync(open, 0o700);
    expect(pythonToolSocket(tool)).toMatch(new RegExp(`^${open}/[0-9a-f]+\\.sock$`));
    fs.chmodSync(open, 0o750);
    const run = runPythonTool(tool, ARGS[tool], os.tmpdir());
    expect(run.via).toBe('process');
    expect(answer(tool, run)).toEqual(answer(tool, direct(tool)));
  }, 120_000);

  test('SC_FACTORY_PYTHON_SERVER=off runs the tool as a process and starts no server', () => {
    expect(direct(tool).via).toBe('process');
    expect(serverPids(pythonToolSocket(tool)!)).toEqual([]);
  }, 120_000);
});
