/**
 * The release rules that need no build are validate's: each broken rule is one
 * diagnostic (code, position) from `validate`, exit 1; synth reports it once,
 * before building anything. Only the template identity of a released version
 * needs a build (test/versions/release.test.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Diagnostic } from '../../src/model';
import { cli, tempDir, validationDiagnostics, writeFiles } from '../helpers';
import { setWidgetVersions, widgetCatalog, widgetCatalogYaml, type WidgetVersion } from '../versions/widget-catalog';

const at = (d: Diagnostic) => ({ code: d.code, file: d.file, line: d.line, col: d.col });

/** What validate reports (manifest, release rules, product code), with each message bounded. */
function validateDiagnostics(root: string): readonly Diagnostic[] {
  const diagnostics = validationDiagnostics(root);
  for (const d of diagnostics) expect(d.message.length).toBeLessThanOrEqual(400);
  return diagnostics;
}

/** catalog.yaml of the widget catalog with a second product, `gadget`, in folder `folder`, after the widget. */
function withGadget(widgetVersions: readonly WidgetVersion[], folder: string, gadgetVersions: readonly string[]): string {
  return [
    widgetCatalogYaml(widgetVersions).trimEnd(),
    '  gadget:',
    `    path: ${folder}`,
    '    displayName: Gadget',
    '    owner: Platform',
    '    description: A gadget.',
    '    versions:',
    ...gadgetVersions.flatMap((name) => [`      - name: ${name}`, `        description: Gadget ${name}.`, '        status: active']),
    '',
  ].join('\n');
}

describe('release rules in validate', () => {
  /** A widget catalog whose 1.0.0 is released; each test works on a copy. */
  let released: string;
  const copy = (): string => {
    const root = tempDir('sc-factory-release-rules-');
    fs.cpSync(released, root, { recursive: true });
    return root;
  };

  beforeAll(async () => {
    released = widgetCatalog([{ name: '1.0.0' }]);
    expect((await cli(released, 'release', 'widget', '1.0.0')).code).toBe(0);
  });

  test('the released catalog is valid, and validate says what it could not check without building', async () => {
    const result = await cli(copy(), 'validate');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(2);
    expect(result.stdout).toMatch(/^not checked without building \(run synth\): template identity of released versions/m);
  });

  test('a released version dropped from catalog.yaml', async () => {
    const root = copy();
    setWidgetVersions(root, [{ name: '1.1.0' }]);
    expect(validateDiagnostics(root).map(at)).toEqual([{ code: 'RELEASED_VERSION_REMOVED', file: 'catalog.yaml', line: 17, col: 3 }]);
    expect((await cli(root, 'validate')).code).toBe(1);
  });

  test('synth reports it once, before building anything', async () => {
    const root = copy();
    setWidgetVersions(root, [{ name: '1.1.0' }]);
    const out = path.join(tempDir(), 'cdk.out');
    const result = await cli(root, 'synth', '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr.match(/released version '1\.0\.0'/g)).toHaveLength(1);
    expect(result.stderr).toMatch(/^1 problem found/m);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('a product folder copied with its versions/: the copy is reported, with the folder to delete, not as a dropped version', () => {
    const root = copy();
    fs.cpSync(path.join(root, 'products/widget'), path.join(root, 'products/gadget'), { recursive: true });
    writeFiles(root, { 'catalog.yaml': withGadget([{ name: '1.0.0' }], 'gadget', ['0.1.0']) });
    const diagnostics = validateDiagnostics(root);
    expect(diagnostics.map(at)).toEqual([{ code: 'RELEASED_VERSION_COPIED', file: 'catalog.yaml', line: 26, col: 3 }]);
    expect(diagnostics[0].message).toContain('delete products/gadget/versions');
  });

  test('a copied folder whose version names match the new product is still a copy', () => {
    const root = copy();
    fs.cpSync(path.join(root, 'products/widget'), path.join(root, 'products/gadget'), { recursive: true });
    writeFiles(root, { 'catalog.yaml': withGadget([{ name: '1.0.0' }], 'gadget', ['1.0.0', '1.1.0']) });
    expect(validateDiagnostics(root).map(at)).toEqual([{ code: 'RELEASED_VERSION_COPIED', file: 'catalog.yaml', line: 26, col: 3 }]);
  });

  test("a product id pointing at another product's released folder (the id renamed)", () => {
    const root = copy();
    const text = fs.readFileSync(path.join(root, 'catalog.yaml'), 'utf8').replace('  widget:\n', '  gizmo:\n');
    writeFiles(root, {
      'catalog.yaml': text,
      'portfolios/widgets.yaml': fs.readFileSync(path.join(root, 'portfolios/widgets.yaml'), 'utf8').replace('- id: widget', '- id: gizmo'),
    });
    expect(validateDiagnostics(root).map(at)).toEqual([{ code: 'RELEASED_VERSION_OF_OTHER_PRODUCT', file: 'catalog.yaml', line: 17, col: 3 }]);
  });

  test("a second product on the released product's folder", () => {
    const root = copy();
    writeFiles(root, { 'catalog.yaml': withGadget([{ name: '1.0.0' }], 'widget', ['1.0.0']) });
    expect(validateDiagnostics(root).map(at)).toEqual([{ code: 'PRODUCT_PATH_SHARED', file: 'catalog.yaml', line: 26, col: 3 }]);
  });

  test('a frozen template altered after release', () => {
    const root = copy();
    const file = path.join(root, 'products/widget/versions/1.0.0/template.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"a"', '"evil"'));
    expect(validateDiagnostics(root).map(at)).toEqual([{ code: 'FROZEN_TEMPLATE_TAMPERED', file: 'catalog.yaml', line: 23, col: 9 }]);
  });

  test('a release record that is not a JSON object, or names another version', () => {
    const root = copy();
    const record = path.join(root, 'products/widget/versions/1.0.0/release.json');
    const original = fs.readFileSync(record, 'utf8');
    fs.writeFileSync(record, 'null');
    expect(validateDiagnostics(root).map(at)).toEqual([{ code: 'FROZEN_TEMPLATE_TAMPERED', file: 'catalog.yaml', line: 23, col: 9 }]);
    fs.writeFileSync(record, original.replace('"1.0.0"', `"${'9'.repeat(5000)}"`));
    expect(validateDiagnostics(root).map(at)).toEqual([{ code: 'FROZEN_TEMPLATE_TAMPERED', file: 'catalog.yaml', line: 23, col: 9 }]);
  });

  test('an older version that was never released', () => {
    const root = widgetCatalog([{ name: '0.9.0' }, { name: '1.0.0' }]);
    expect(validateDiagnostics(root).map(at)).toEqual([{ code: 'UNRELEASED_OLD_VERSION', file: 'catalog.yaml', line: 23, col: 9 }]);
  });
});
