/**
 * The CLI on bad input of every kind: exit 1, every problem on stderr as
 * file:line:col with a short message, never "a bug in sc-factory" (exit 70).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXIT_CODES } from '../../src/cli/exit-codes';
import { catalogRoot, cli, type CliResult } from '../helpers';

/** Longest stderr line a bad input may produce. */
const LINE_BOUND = 300;

/** The 'valid' catalog with `from` in catalog.yaml replaced by `to` (bytes allowed). */
function catalogWith(from: string, to: string | Buffer): string {
  const root = catalogRoot('valid');
  const file = path.join(root, 'catalog.yaml');
  const text = fs.readFileSync(file, 'utf8');
  const start = text.indexOf(from);
  expect(start).toBeGreaterThanOrEqual(0);
  fs.writeFileSync(file, Buffer.concat([Buffer.from(text.slice(0, start)), Buffer.from(to), Buffer.from(text.slice(start + from.length))]));
  return root;
}

/** Checks the shape every bad-input run shares; returns the diagnostic lines (without the summary). */
function badInput(result: CliResult): string[] {
  expect(result.code).toBe(EXIT_CODES.badInput);
  expect(result.stdout).toBe('');
  expect(result.stderr).not.toMatch(/internal error|bug in sc-factory/);
  const lines = result.stderr.trimEnd().split('\n');
  for (const line of lines) expect(line.length).toBeLessThanOrEqual(LINE_BOUND);
  expect(lines[lines.length - 1]).toMatch(/^\d+ problems? found; nothing was written\.$/);
  return lines.slice(0, -1);
}

const BOMB = ['bomb:', `  l1: &l1 [${Array(9).fill('"lol"').join(', ')}]`, ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => `  l${n}: &l${n} [${Array(9).fill(`*l${n - 1}`).join(', ')}]`)];

describe.each(['validate', 'synth', 'list'])('%s on bad input', (command) => {
  test('an undefined alias', async () => {
    const lines = badInput(await cli(catalogWith('  owner: Platform', '  owner: *team'), command));
    expect(lines).toEqual([expect.stringMatching(/^catalog\.yaml:4:10: /)]);
  });

  test('an alias bomb', async () => {
    const root = catalogRoot('valid');
    fs.appendFileSync(path.join(root, 'catalog.yaml'), `${BOMB.join('\n')}\n`);
    expect(badInput(await cli(root, command))).toEqual([expect.stringMatching(/^catalog\.yaml:31:12: /)]);
  });

  test('an invalid UTF-8 byte (an overlong form of "/")', async () => {
    const root = catalogWith('  owner: Platform', Buffer.concat([Buffer.from('  owner: Plat'), Buffer.from([0xc0, 0xaf])]));
    expect(badInput(await cli(root, command))).toEqual([expect.stringMatching(/^catalog\.yaml:4:14: /)]);
  });

  test('a 2 MB scalar', async () => {
    const root = catalogWith('  owner: Platform', `  owner: ${'x'.repeat(2 * 1024 * 1024)}`);
    expect(badInput(await cli(root, command))).toEqual([expect.stringMatching(/^catalog\.yaml:4:10: /)]);
  });
});
