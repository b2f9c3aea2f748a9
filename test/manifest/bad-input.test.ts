/**
 * Bad input of every kind is reported, never crashed on: each problem is a
 * diagnostic with its code at the exact file:line:col, the message is short
 * whatever the input's size, and nothing else is reported because of it (no
 * cascade into files that are fine).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Diagnostic, ECHO_LIMIT } from '../../src/model';
import { catalogRoot, validationDiagnostics, writeFiles } from '../helpers';

/** Longest message a bad input may produce: the fixed wording plus a value cut to ECHO_LIMIT. */
const MESSAGE_BOUND = 300;

const at = (d: Diagnostic) => ({ code: d.code, file: d.file, line: d.line, col: d.col });

function readText(root: string, file: string): string {
  return fs.readFileSync(path.join(root, file), 'utf8');
}

/** The diagnostics for `root`, each checked for a bounded message. */
function diagnosticsOf(root: string): readonly Diagnostic[] {
  const diagnostics = validationDiagnostics(root);
  for (const d of diagnostics) expect(d.message.length).toBeLessThanOrEqual(MESSAGE_BOUND);
  return diagnostics;
}

/** The 'valid' fixture with the line `from` of catalog.yaml replaced by `to`. */
function catalogWith(from: string, to: string | Buffer): string {
  const root = catalogRoot('valid');
  const text = readText(root, 'catalog.yaml');
  expect(text).toContain(from);
  const start = text.indexOf(from);
  const [before, after] = [text.slice(0, start), text.slice(start + from.length)];
  fs.writeFileSync(path.join(root, 'catalog.yaml'), Buffer.concat([Buffer.from(before), Buffer.from(to), Buffer.from(after)]));
  return root;
}

/** Nine levels of nine aliases each (the "billion laughs"): 9^9 leaves once expanded. */
function aliasBomb(): string {
  const lines = ['bomb:', `  l1: &l1 [${Array(9).fill('"lol"').join(', ')}]`];
  for (let level = 2; level <= 9; level++) lines.push(`  l${level}: &l${level} [${Array(9).fill(`*l${level - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

describe('YAML aliases', () => {
  test('an undefined alias is reported where it is written, and nothing else of that file', () => {
    const root = catalogWith('  owner: Platform', '  owner: *team');
    expect(diagnosticsOf(root).map(at)).toEqual([{ code: 'YAML_ALIAS_UNDEFINED', file: 'catalog.yaml', line: 4, col: 10 }]);
  });

  test('more than 100 harmless aliases are read, and the real typo beside them is reported', () => {
    const root = catalogRoot('valid');
    const portfolio = readText(root, 'portfolios/hosting.yaml')
      .replace('    launchRole: SCLaunchEndpoint', '    launchrole: SCLaunchEndpoint')
      .replace('  cost-center: [cc-1, cc-2]', ['  cost-center: &values [cc-1, cc-2]', ...Array.from({ length: 120 }, (_, i) => `  team-${i}: *values`)].join('\n'));
    writeFiles(root, { 'portfolios/hosting.yaml': portfolio });
    // (launchRole is optional: without it, the factory's launch role; the typo is the one problem)
    expect(diagnosticsOf(root).map(at)).toEqual([{ code: 'UNKNOWN_KEY', file: 'portfolios/hosting.yaml', line: 11, col: 5 }]);
  });

  test('an alias bomb is refused at the alias whose expansion crosses the limit, without expanding it', () => {
    const root = catalogRoot('valid');
    writeFiles(root, { 'catalog.yaml': readText(root, 'catalog.yaml') + aliasBomb() });
    const started = Date.now();
    // Line 25 is the bomb's first line; l6 (line 31) is the first level past 100 000 nodes: 9^5 = 59 049 leaves in l5.
    expect(diagnosticsOf(root).map(at)).toEqual([{ code: 'YAML_ALIAS_EXPANSION', file: 'catalog.yaml', line: 31, col: 12 }]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('an alias inside the node its anchor names (a cycle) is refused at the alias', () => {
    const root = catalogWith('  owner: Platform', '  owner: &a [*a]');
    expect(diagnosticsOf(root).map(at)).toEqual([{ code: 'YAML_ALIAS_EXPANSION', file: 'catalog.yaml', line: 4, col: 14 }]);
  });
});

describe('bytes that are not UTF-8', () => {
  test('an invalid byte is reported at its line and column (in characters), not read as U+FFFD', () => {
    const root = catalogWith('  owner: Platform', Buffer.concat([Buffer.from('  owner: Plätt'), Buffer.from([0xff]), Buffer.from('form')]));
    expect(diagnosticsOf(root).map(at)).toEqual([{ code: 'INVALID_UTF8', file: 'catalog.yaml', line: 4, col: 15 }]);
  });

  test('a truncated multi-byte sequence is invalid at its first byte', () => {
    const root = catalogWith('  owner: Platform', Buffer.concat([Buffer.from('  owner: Pla'), Buffer.from([0xe2, 0x82]), Buffer.from('x')]));
    expect(diagnosticsOf(root).map(at)).toEqual([{ code: 'INVALID_UTF8', file: 'catalog.yaml', line: 4, col: 13 }]);
  });

  test('4 KB of binary garbage gives one short diagnostic, and the other files are still checked', () => {
    const root = catalogRoot('valid');
    // A fixed pseudo-random sequence (a linear congruential generator), every byte >= 0x80 after the first line.
    let seed = 42;
    const garbage = Buffer.from(Array.from({ length: 4096 }, () => 0x80 + (Math.floor((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 256) % 128)));
    garbage[0] = 0xff;
    writeFiles(root, { 'portfolios/other.yaml': readText(root, 'portfolios/hosting.yaml').replace('id: hosting', 'id: other').replace('MLEngineer', 'arn:aws:iam::1:role/X') });
    fs.writeFileSync(path.join(root, 'portfolios/hosting.yaml'), Buffer.concat([Buffer.from('id: hosting\n'), garbage]));
    expect(diagnosticsOf(root).map(at)).toEqual([
      { code: 'INVALID_UTF8', file: 'portfolios/hosting.yaml', line: 2, col: 1 },
      { code: 'INVALID_VALUE', file: 'portfolios/other.yaml', line: 7, col: 11 },
    ]);
  });

  test('control characters (valid UTF-8, not allowed in YAML) are reported at the first one, not read into a name', () => {
    const root = catalogRoot('valid');
    const control = Buffer.from(Array.from({ length: 4096 }, (_, i) => 1 + (i % 8)));
    const text = readText(root, 'portfolios/hosting.yaml').replace('displayName: Hosting', `displayName: Host${control.toString('latin1')}`);
    writeFiles(root, { 'portfolios/hosting.yaml': text });
    expect(diagnosticsOf(root).map(at)).toEqual([{ code: 'NON_PRINTABLE_CHARACTER', file: 'portfolios/hosting.yaml', line: 3, col: 18 }]);
  });
});

describe('huge values', () => {
  const huge = 'x'.repeat(2 * 1024 * 1024);

  test('a 2 MB scalar is echoed cut to the limit', () => {
    const root = catalogWith('  owner: Platform', `  owner: ${huge}`);
    const diagnostics = diagnosticsOf(root);
    expect(diagnostics.map(at)).toEqual([{ code: 'INVALID_VALUE', file: 'catalog.yaml', line: 4, col: 10 }]);
    expect(diagnostics[0].message.length).toBeLessThanOrEqual(ECHO_LIMIT + 120);
  });

  test('a 2 MB key is a syntax error (YAML keys are at most 1024 characters), with a short message', () => {
    const root = catalogWith('  owner: Platform', `  owner: Platform\n  ${huge}: 1`);
    expect(diagnosticsOf(root).map(at)).toEqual([{ code: 'YAML_SYNTAX', file: 'catalog.yaml', line: 5, col: 3 }]);
  });

  test('a 1000-character unknown key is echoed cut to the limit, and quickly (no did-you-mean over long words)', () => {
    const root = catalogWith('  owner: Platform', `  owner: Platform\n  ${'k'.repeat(1000)}: 1`);
    const started = Date.now();
    expect(diagnosticsOf(root).map(at)).toEqual([{ code: 'UNKNOWN_KEY', file: 'catalog.yaml', line: 5, col: 3 }]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('a 2 MB unknown product id in a portfolio is cut too', () => {
    const root = catalogRoot('valid');
    writeFiles(root, { 'portfolios/hosting.yaml': readText(root, 'portfolios/hosting.yaml').replace('  - id: sagemaker-endpoint', `  - id: ${huge}`) });
    expect(diagnosticsOf(root).map(at)).toEqual([{ code: 'INVALID_VALUE', file: 'portfolios/hosting.yaml', line: 10, col: 9 }]);
  });
});

describe('no cascade from catalog.yaml into the portfolios', () => {
  /** The shipped catalog with catalog.yaml edited; its portfolios rely on product kinds (launchRole optional for SageMaker projects). */
  function repoCatalogWith(edit: (text: string) => string): string {
    const root = catalogRoot('repo');
    writeFiles(root, { 'catalog.yaml': edit(readText(root, 'catalog.yaml')) });
    return root;
  }

  test('a syntax error in catalog.yaml is the only problem reported', () => {
    const root = repoCatalogWith((text) => text.replace('  owner: ML Platform Team\n', '  owner: [ML Platform Team\n'));
    const diagnostics = diagnosticsOf(root);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.filter((d) => d.file !== 'catalog.yaml')).toEqual([]);
  });

  test("a shape error in catalog.yaml (a product's kind) adds no 'missing launchRole' in the portfolios", () => {
    const root = repoCatalogWith((text) => text.replace('kind: sagemaker-project\n', 'kind: sagemaker-projekt\n'));
    const text = fs.readFileSync(path.join(root, 'catalog.yaml'), 'utf8');
    const line = text.slice(0, text.indexOf('kind: sagemaker-projekt')).split('\n').length;
    expect(diagnosticsOf(root).map(at)).toEqual([{ code: 'INVALID_VALUE', file: 'catalog.yaml', line, col: 11 }]);
  });

  test('an undefined alias in catalog.yaml adds nothing in the portfolios', () => {
    const root = repoCatalogWith((text) => text.replace('  owner: ML Platform Team\n', '  owner: *owner\n'));
    expect(diagnosticsOf(root).map(at)).toEqual([{ code: 'YAML_ALIAS_UNDEFINED', file: 'catalog.yaml', line: 9, col: 10 }]);
  });

  test("a portfolio's own typo is still reported while catalog.yaml is broken", () => {
    const root = repoCatalogWith((text) => text.replace('  owner: ML Platform Team\n', '  owner: [ML Platform Team\n'));
    const portfolio = readText(root, 'portfolios/ml-hosting.yaml');
    writeFiles(root, { 'portfolios/ml-hosting.yaml': portfolio.replace(/^displayName:/m, 'displayname:') });
    const line = portfolio.split('\n').findIndex((l) => l.startsWith('displayName:')) + 1;
    expect(diagnosticsOf(root).filter((d) => d.file !== 'catalog.yaml').map(at)).toEqual([
      { code: 'MISSING_KEY', file: 'portfolios/ml-hosting.yaml', line: expect.any(Number), col: 1 },
      { code: 'UNKNOWN_KEY', file: 'portfolios/ml-hosting.yaml', line, col: 1 },
    ]);
  });
});

describe('files that are not what they should be', () => {
  test('a folder where a portfolio file should be is reported, not crashed on', () => {
    const root = catalogRoot('valid');
    fs.mkdirSync(path.join(root, 'portfolios/extra.yaml'));
    expect(diagnosticsOf(root).map(at)).toEqual([{ code: 'FILE_UNREADABLE', file: 'portfolios/extra.yaml', line: 1, col: 1 }]);
  });

  test('collections nested deeper than the parser can go are a syntax error on the first line', () => {
    const root = catalogRoot('valid');
    writeFiles(root, { 'catalog.yaml': `${'['.repeat(20000)}${']'.repeat(20000)}\n` });
    // Where the parser gives up depends on the stack already in use: reported at the start of the file.
    expect(diagnosticsOf(root).map(at)).toEqual([{ code: 'YAML_SYNTAX', file: 'catalog.yaml', line: 1, col: 1 }]);
  });
});
