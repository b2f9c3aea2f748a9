/**
 * What a linter found in each file, kept between runs and shared by every
 * process of the user (cfn-lint and checkov: a file's findings are a pure
 * function of its bytes and the tool's settings, which make its key).
 *
 * - An entry is written to a temporary file and renamed into place, so a
 *   reader never sees half of one; an entry that does not parse is computed
 *   again, never served.
 * - Files with the same key are computed once.
 * - Single flight: of the keys without an entry, a process computes those it
 *   claims (a lock file created exclusively) and waits for the ones another
 *   live process claimed, instead of running the tool on them too. Two of
 *   jest's workers synthesizing the shipped catalog at the same time used to
 *   lint its 30 templates twice. A claim whose process is gone, or older than
 *   STALE_CLAIM_MS, is taken over.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const STALE_CLAIM_MS = 10 * 60 * 1000;
const POLL_MS = 100;

/**
 * The folder of a linter's findings: `fallback`, or `name` in the folder
 * SC_FACTORY_PYTHON_TOOL_CACHE names, which moves every linter's findings at
 * once (the benchmark measures cold runs with a fresh folder).
 */
export function findingsCacheDir(name: string, fallback: string): string {
  const moved = process.env.SC_FACTORY_PYTHON_TOOL_CACHE;
  return moved ? path.join(path.resolve(moved), name) : fallback;
}

/**
 * The findings of each of `keys`' files (file -> key), from `dir`, computing
 * those not there yet with `compute` (given one file per key; returns each
 * file's findings, as JSON values). Throws what `compute` throws.
 */
export function findingsPerFile<T>(
  dir: string,
  keys: ReadonlyMap<string, string>,
  compute: (files: readonly string[]) => ReadonlyMap<string, T>,
): Map<string, T> {
  const found = new Map<string, T>(); // key -> findings
  let pending = [...new Set(keys.values())];
  if (pending.length > 0) fs.mkdirSync(dir, { recursive: true });
  while (pending.length > 0) {
    const mine: string[] = [];
    const theirs: string[] = [];
    for (const key of pending) {
      const entry = read<T>(dir, key);
      if (entry !== undefined) found.set(key, entry.findings);
      else (claim(dir, key) ? mine : theirs).push(key);
    }
    if (mine.length > 0) {
      try {
        // The first file of each key stands for the others.
        const fileOf = new Map<string, string>();
        for (const [file, key] of keys) if (mine.includes(key) && !fileOf.has(key)) fileOf.set(key, file);
        const computed = compute(mine.map((key) => fileOf.get(key)!));
        for (const key of mine) {
          const findings = computed.get(fileOf.get(key)!);
          if (findings === undefined) throw new Error(`no findings for ${fileOf.get(key)} in the tool's answer`);
          write(dir, key, findings);
          found.set(key, findings);
        }
      } finally {
        for (const key of mine) release(dir, key);
      }
    }
    // Another process's keys: wait until each has an entry or is no longer claimed (then claim it ourselves).
    pending = theirs;
    while (pending.length > 0 && pending.every((key) => read(dir, key) === undefined && claimed(dir, key))) sleep(POLL_MS);
  }
  return new Map([...keys].map(([file, key]) => [file, found.get(key)!]));
}

function read<T>(dir: string, key: string): { findings: T } | undefined {
  try {
    const entry = JSON.parse(fs.readFileSync(path.join(dir, `${key}.json`), 'utf8')) as { key?: string; findings?: T };
    return entry.key === key && entry.findings !== undefined ? { findings: entry.findings } : undefined;
  } catch {
    return undefined; // none yet, or damaged: computed again
  }
}

function write(dir: string, key: string, findings: unknown): void {
  const file = path.join(dir, `${key}.json`);
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  fs.writeFileSync(temporary, JSON.stringify({ key, findings }));
  fs.renameSync(temporary, file);
}

const claimFile = (dir: string, key: string) => path.join(dir, `${key}.claim`);

/** Claims `key` for this process; false when a live process holds it. */
function claim(dir: string, key: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(claimFile(dir, key), String(process.pid), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (claimed(dir, key)) return false;
      fs.rmSync(claimFile(dir, key), { force: true }); // stale: its process is gone
    }
  }
  return false;
}

function release(dir: string, key: string): void {
  fs.rmSync(claimFile(dir, key), { force: true });
}

/** Whether a live process holds `key`'s claim. */
function claimed(dir: string, key: string): boolean {
  try {
    const file = claimFile(dir, key);
    const text = fs.readFileSync(file, 'utf8');
    const age = Date.now() - fs.statSync(file).mtimeMs;
    // Empty: created by a process that has not written its id yet.
    if (text === '') return age < 5000;
    const pid = Number(text);
    return age <= STALE_CLAIM_MS && Number.isInteger(pid) && pid > 0 && alive(pid);
  } catch {
    return false; // released meanwhile
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
