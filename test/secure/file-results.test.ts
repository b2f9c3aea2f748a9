/**
 * Linter findings kept per file (src/secure/file-results.ts): computed once per
 * key, served from the cache, recomputed when damaged, and computed by one
 * process only when several want them at once (single flight), with claims of
 * processes that are gone taken over.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findingsPerFile } from '../../src/secure/file-results';
import { tempDir } from '../helpers';

/** A compute function that records what it was given, and finds each file's name reversed. */
function recording() {
  const calls: string[][] = [];
  const compute = (files: readonly string[]) => {
    calls.push([...files]);
    return new Map(files.map((file) => [file, [...file].reverse().join('')]));
  };
  return { calls, compute };
}

describe('findings kept per file', () => {
  test('are computed once per key, in one call, then served from the cache', () => {
    const dir = tempDir();
    const keys = new Map([['a.json', 'k1'], ['b.json', 'k2'], ['same-as-a.json', 'k1']]);
    const first = recording();
    expect(findingsPerFile(dir, keys, first.compute)).toEqual(new Map([['a.json', 'nosj.a'], ['b.json', 'nosj.b'], ['same-as-a.json', 'nosj.a']]));
    expect(first.calls).toEqual([['a.json', 'b.json']]);

    const again = recording();
    expect(findingsPerFile(dir, keys, again.compute).get('same-as-a.json')).toBe('nosj.a');
    expect(again.calls).toEqual([]);
    // Nothing is left claimed.
    expect(fs.readdirSync(dir).sort()).toEqual(['k1.json', 'k2.json']);
  });

  test('a damaged entry is computed again, never served', () => {
    const dir = tempDir();
    const keys = new Map([['a.json', 'k1'], ['b.json', 'k2']]);
    findingsPerFile(dir, keys, recording().compute);
    fs.writeFileSync(path.join(dir, 'k1.json'), '{"key": "k1", "findi');
    fs.writeFileSync(path.join(dir, 'k2.json'), JSON.stringify({ key: 'another', findings: 'wrong' }));
    const again = recording();
    expect(findingsPerFile(dir, keys, again.compute)).toEqual(new Map([['a.json', 'nosj.a'], ['b.json', 'nosj.b']]));
    expect(again.calls).toEqual([['a.json', 'b.json']]);
  });

  test('a key another live process is computing is waited for, not computed again', async () => {
    const dir = tempDir();
    // Another process claims k1, takes a second, then writes its entry and releases its claim.
    const other = spawn(process.execPath, ['-e', `
      const fs = require('fs'), path = require('path'), dir = ${JSON.stringify(dir)};
      fs.writeFileSync(path.join(dir, 'k1.claim'), String(process.pid), { flag: 'wx' });
      fs.writeFileSync(path.join(dir, 'ready'), '');
      setTimeout(() => {
        fs.writeFileSync(path.join(dir, 'k1.json'), JSON.stringify({ key: 'k1', findings: 'from the other process' }));
        fs.rmSync(path.join(dir, 'k1.claim'));
      }, 1000);
    `]);
    const exited = new Promise((resolve) => other.on('exit', resolve));
    while (!fs.existsSync(path.join(dir, 'ready'))) await new Promise((r) => setTimeout(r, 20));

    const mine = recording();
    const found = findingsPerFile(dir, new Map([['a.json', 'k1'], ['b.json', 'k2']]), mine.compute);
    expect(found).toEqual(new Map([['a.json', 'from the other process'], ['b.json', 'nosj.b']]));
    expect(mine.calls).toEqual([['b.json']]);
    await exited;
  });

  test('the claim of a process that is gone is taken over', async () => {
    const dir = tempDir();
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => gone.on('exit', resolve));
    fs.writeFileSync(path.join(dir, 'k1.claim'), String(gone.pid));
    const mine = recording();
    expect(findingsPerFile(dir, new Map([['a.json', 'k1']]), mine.compute).get('a.json')).toBe('nosj.a');
    expect(mine.calls).toEqual([['a.json']]);
  });

  test('when computing fails, the error is thrown, nothing is kept and no claim is left', () => {
    const dir = tempDir();
    expect(() =>
      findingsPerFile(dir, new Map([['a.json', 'k1']]), () => {
        throw new Error('the tool failed');
      }),
    ).toThrow('the tool failed');
    expect(fs.readdirSync(dir)).toEqual([]);
    // An answer without a file's findings is a failure too.
    expect(() => findingsPerFile(dir, new Map([['a.json', 'k1']]), () => new Map())).toThrow(/no findings for a\.json/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
