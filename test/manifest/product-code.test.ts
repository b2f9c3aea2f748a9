/**
 * Product code that is wrong is reported at its own file:line:col: a syntax
 * error where the compiler (ts-node, esbuild, ts-jest) found it, an unused
 * parameter at the product line that added it (not the generator line that
 * created the stack).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { compileErrorDiagnostic, type Diagnostic } from '../../src/model';
import { catalogRoot, cli, REPO_ROOT, validationDiagnostics, writeFiles, writeProduct } from '../helpers';

const at = (d: Diagnostic) => ({ code: d.code, file: d.file, line: d.line, col: d.col });

/** The 'valid' catalog with its endpoint product's code in products/<folder>/, written by `writeProduct`. */
function catalogWithProduct(folder: string, body: readonly string[], imports: Readonly<Record<string, string>> = {}): string {
  const root = catalogRoot('valid');
  const catalog = fs.readFileSync(path.join(root, 'catalog.yaml'), 'utf8');
  writeFiles(root, { 'catalog.yaml': catalog.replace('path: sagemaker-endpoint', `path: ${folder}`) });
  writeProduct(root, folder, body, imports);
  return root;
}

/** Body line 5 of writeProduct's file (no imports); the stray ';' is at column 15. */
const SYNTAX_ERROR = ['    const a = ;'];

describe('a syntax error in a product', () => {
  test('validate reports it at the file, line and column of the error', () => {
    const root = catalogWithProduct('broken', SYNTAX_ERROR);
    const diagnostics = validationDiagnostics(root);
    expect(diagnostics.map(at)).toEqual([{ code: 'PRODUCT_CODE_INVALID', file: 'products/broken/index.ts', line: 5, col: 15 }]);
    expect(diagnostics[0].message.length).toBeLessThanOrEqual(300);
  });

  test('the CLI (bin/sc-factory, compiling with ts-node) does too, exit 1', () => {
    const root = catalogWithProduct('broken', SYNTAX_ERROR);
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/sc-factory'), 'validate'], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n')[0]).toMatch(/^products\/broken\/index\.ts:5:15: /);
    expect(result.stderr).not.toMatch(/bug in sc-factory/);
  });

  test('the diagnostic is made from a TypeScript diagnostic (as ts-node carries them)', () => {
    const file = path.join('/catalog', 'products/broken/index.ts');
    const { diagnostics } = ts.transpileModule('const ok = 1;\nconst a = ;\n', { fileName: file, reportDiagnostics: true });
    const error = Object.assign(new Error('⨯ Unable to compile TypeScript:'), { diagnostics });
    expect(at(compileErrorDiagnostic(error, '/catalog')!)).toEqual({ code: 'PRODUCT_CODE_INVALID', file: 'products/broken/index.ts', line: 2, col: 11 });
  });

  test('the diagnostic is made from an esbuild failure (as the bundled CLI gets them)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild') as typeof import('esbuild');
    const root = catalogWithProduct('broken', SYNTAX_ERROR);
    let failure: unknown;
    try {
      esbuild.buildSync({ entryPoints: [path.join(root, 'products/broken/index.ts')], bundle: false, write: false, logLevel: 'silent', absWorkingDir: root });
    } catch (error) {
      failure = error;
    }
    expect(at(compileErrorDiagnostic(failure, root, root)!)).toEqual({ code: 'PRODUCT_CODE_INVALID', file: 'products/broken/index.ts', line: 5, col: 15 });
  });

  test('a runtime error while loading is not taken for a compile error', () => {
    expect(compileErrorDiagnostic(new Error('boom'), '/catalog')).toBeUndefined();
  });
});

describe('an unused product parameter', () => {
  test('is reported at the product line that added it, by every rule that finds it', async () => {
    const root = catalogWithProduct(
      'unused',
      ["    this.addParameter('Unused', { type: 'String', default: 'x' });", "    new ssm.CfnParameter(this, 'P', { type: 'String', value: 'v' });"],
      { ssm: 'aws-cdk-lib/aws-ssm' },
    );
    const result = await cli(root, 'synth', '--out', path.join(root, 'cdk.out'));
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    const findings = lines.slice(0, -1);
    expect(findings.length).toBeGreaterThan(0);
    // One import line, so the body starts at line 6.
    for (const line of findings) expect(line).toMatch(/^products\/unused\/index\.ts:6:\d+: .*W2001/);
  });
});
