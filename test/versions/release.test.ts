/**
 * Releasing freezes a version; synth then serves it from the frozen template and
 * refuses anything that would change, drop or tamper with it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJson, setWidgetSettings, setWidgetVersions, widgetCatalog } from './widget-catalog';
import { synthesizeCatalog, type SynthesizedCatalog } from '../../src/generator/catalog-app';
import { resolveProductClasses } from '../../src/generator/product-registry';
import { releaseVersion } from '../../src/generator/release';
import { loadCatalog } from '../../src/manifest';
import { sha256 } from '../../src/model';
import { cli, tempDir } from '../helpers';

const FROZEN = 'products/widget/versions/1.0.0';

function synth(root: string): SynthesizedCatalog {
  return synthesizeCatalog({ root, outdir: path.join(tempDir(), 'cdk.out') });
}

/** The artifacts (versions) of the widget product in one catalog stack. */
function artifacts(result: SynthesizedCatalog, stackId = 'dev-eu-west-1'): any[] {
  const template = readJson(result.stacks.find((s) => s.id === stackId)!.templateFile);
  const product = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::ServiceCatalog::CloudFormationProduct');
  return product.Properties.ProvisioningArtifactParameters;
}

describe('release', () => {
  test('freezes the newest version: the synthesized template byte for byte, and a record of its sha256, time and aws-cdk-lib version', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    const built = synth(root).versions.get('widget')![0];
    expect(built.origin).toBe('current');

    const result = await cli(root, 'release', 'widget', '1.0.0');

    const bytes = fs.readFileSync(path.join(root, FROZEN, 'template.json'));
    expect(bytes.equals(fs.readFileSync(built.templateFile))).toBe(true);
    const record = readJson(path.join(root, FROZEN, 'release.json'));
    expect(record).toEqual({
      product: 'widget',
      version: '1.0.0',
      sha256: sha256(bytes),
      releasedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      awsCdkLib: '2.276.0',
    });
    expect(result).toEqual({
      code: 0,
      stdout:
        `Released widget 1.0.0: ${FROZEN}/template.json (sha256 ${record.sha256}).\n` +
        'Commit that folder. From now on synth serves this version from it, and fails if the code would change it: ' +
        'further changes need a new version in catalog.yaml.\n',
      stderr: '',
    });
  });

  test('records the release time it is given', () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    const catalog = loadCatalog(root);
    releaseVersion(catalog, resolveProductClasses(catalog), 'widget', '1.0.0', { now: new Date('2026-11-26T09:30:00Z') });
    expect(readJson(path.join(root, FROZEN, 'release.json')).releasedAt).toBe('2026-11-26T09:30:00.000Z');
  });

  test('releasing an unchanged version again is harmless: nothing is rewritten', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    await cli(root, 'release', 'widget', '1.0.0');
    const record = fs.readFileSync(path.join(root, FROZEN, 'release.json'), 'utf8');

    const again = await cli(root, 'release', 'widget', '1.0.0');

    expect(again).toEqual({
      code: 0,
      stdout: `widget 1.0.0 is already released with an identical template (${FROZEN}); nothing changed.\n`,
      stderr: '',
    });
    expect(fs.readFileSync(path.join(root, FROZEN, 'release.json'), 'utf8')).toBe(record);
  });

  test('fails for a version that is not the newest', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }, { name: '1.1.0' }]);
    expect(await cli(root, 'release', 'widget', '1.0.0')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        "release: version '1.0.0' of product 'widget' (catalog.yaml:23:9) is not the newest; only the newest version ('1.1.0') " +
        'is built from the current code, so only it can be released\n' +
        'usage: sc-factory release <product> <version> [--root DIR]\n',
    });
    expect(fs.existsSync(path.join(root, 'products/widget/versions'))).toBe(false);
  });

  test('fails for a version that is not in catalog.yaml', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    expect(await cli(root, 'release', 'widget', '2.0.0')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        "release: version '2.0.0' of product 'widget' is not in catalog.yaml; add it after '1.0.0' under products.widget.versions, then release it\n" +
        'usage: sc-factory release <product> <version> [--root DIR]\n',
    });
  });

  test('fails for an unknown product', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    expect((await cli(root, 'release', 'widgte', '1.0.0')).stderr).toBe(
      "release: unknown product 'widgte'; products in catalog.yaml: widget\nusage: sc-factory release <product> <version> [--root DIR]\n",
    );
  });

  test('fails without exactly a product and a version', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    expect(await cli(root, 'release', 'widget')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'release: expected a product id and a version name\nusage: sc-factory release <product> <version> [--root DIR]\n',
    });
  });

  test('fails to re-release a version whose code changed since, naming the difference', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    await cli(root, 'release', 'widget', '1.0.0');
    setWidgetSettings(root, { value: 'b' });
    const result = await cli(root, 'release', 'widget', '1.0.0');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("catalog.yaml:23:9: product 'widget' version '1.0.0' is released, but the current code builds a different template");
    expect(readJson(path.join(root, FROZEN, 'template.json')).Resources.Setting.Properties.Value).toBe('a');
  });
});

describe('synth with released versions', () => {
  test('serves a released version from its frozen template, and the newest from the current code', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    await cli(root, 'release', 'widget', '1.0.0');
    setWidgetSettings(root, { value: 'b' });
    setWidgetVersions(root, [{ name: '1.0.0' }, { name: '1.1.0' }]);

    const result = synth(root);

    const [released, newest] = result.versions.get('widget')!;
    expect(released).toMatchObject({ origin: 'released', templateFile: path.join(root, FROZEN, 'template.json') });
    expect(readJson(released.templateFile).Resources.Setting.Properties.Value).toBe('a');
    expect(newest.origin).toBe('current');
    expect(readJson(newest.templateFile).Resources.Setting.Properties.Value).toBe('b');
    expect(artifacts(result).map((a) => a.Name)).toEqual(['1.0.0', '1.1.0']);
  });

  test('fails when the current code would change the released newest version, naming product, version and the first differing resource', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    await cli(root, 'release', 'widget', '1.0.0');
    setWidgetSettings(root, { value: 'b' });
    const out = path.join(tempDir(), 'cdk.out');

    expect(await cli(root, 'synth', '--out', out)).toEqual({
      code: 1,
      stdout: '',
      stderr:
        "catalog.yaml:23:9: product 'widget' version '1.0.0' is released, but the current code builds a different template: " +
        "first difference in resource 'Setting' (AWS::SSM::Parameter) at Properties.Value: released \"a\", current code \"b\". " +
        "A released version never changes: add a new version (e.g. '1.0.1') after it under products.widget.versions in catalog.yaml, " +
        'or revert the code\n' +
        '1 problem found; nothing was written.\n',
    });
    expect(fs.existsSync(out)).toBe(false);
  });

  test('fails naming a resource the current code adds to a released version', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    await cli(root, 'release', 'widget', '1.0.0');
    setWidgetSettings(root, { value: 'a', extra: true });
    expect((await cli(root, 'synth', '--out', path.join(tempDir(), 'cdk.out'))).stderr).toBe(
      "catalog.yaml:23:9: product 'widget' version '1.0.0' is released, but the current code builds a different template: " +
        "first difference: resource 'Extra' (AWS::SSM::Parameter) is new. " +
        "A released version never changes: add a new version (e.g. '1.0.1') after it under products.widget.versions in catalog.yaml, " +
        'or revert the code\n' +
        '1 problem found; nothing was written.\n',
    );
  });

  test('fails when a frozen template was altered after release', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    await cli(root, 'release', 'widget', '1.0.0');
    const file = path.join(root, FROZEN, 'template.json');
    const record = readJson(path.join(root, FROZEN, 'release.json'));
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"a"', '"evil"'));
    const now = sha256(fs.readFileSync(file));

    expect(await cli(root, 'synth', '--out', path.join(tempDir(), 'cdk.out'))).toEqual({
      code: 1,
      stdout: '',
      stderr:
        "catalog.yaml:23:9: product 'widget' version '1.0.0' was released, but its frozen files were altered: " +
        `${FROZEN}/template.json has sha256 ${now.slice(0, 16)}…, but release.json recorded ${record.sha256.slice(0, 16)}… at release. ` +
        `Released versions are immutable: restore ${FROZEN} from version control\n` +
        '1 problem found; nothing was written.\n',
    });
  });

  test('fails when a release record is missing', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    await cli(root, 'release', 'widget', '1.0.0');
    setWidgetVersions(root, [{ name: '1.0.0' }, { name: '1.1.0' }]);
    fs.rmSync(path.join(root, FROZEN, 'release.json'));

    expect((await cli(root, 'synth', '--out', path.join(tempDir(), 'cdk.out'))).stderr).toBe(
      "catalog.yaml:23:9: product 'widget' version '1.0.0' was released, but its frozen files were altered: " +
        `${FROZEN}/release.json is missing. Released versions are immutable: restore ${FROZEN} from version control\n` +
        '1 problem found; nothing was written.\n',
    );
  });

  test('fails when a released version is dropped from catalog.yaml', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    await cli(root, 'release', 'widget', '1.0.0');
    setWidgetVersions(root, [{ name: '1.1.0' }]);

    expect((await cli(root, 'synth', '--out', path.join(tempDir(), 'cdk.out'))).stderr).toBe(
      "catalog.yaml:17:3: product 'widget': released version '1.0.0' (products/widget/versions/1.0.0) is missing from catalog.yaml; " +
        "a released version cannot be dropped: put it back under products.widget.versions with 'status: removed' " +
        'to withdraw it from Service Catalog (the entry stays, so the name is never reused)\n' +
        '1 problem found; nothing was written.\n',
    );
  });

  test("a released version marked 'removed' is withdrawn: no longer published, its entry and folder kept", async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    await cli(root, 'release', 'widget', '1.0.0');
    setWidgetSettings(root, { value: 'b' });
    setWidgetVersions(root, [{ name: '1.0.0', status: 'removed' }, { name: '1.1.0' }]);

    const result = synth(root);

    expect(result.versions.get('widget')!.map((v) => v.version.name)).toEqual(['1.1.0']);
    expect(artifacts(result).map((a) => a.Name)).toEqual(['1.1.0']);
    expect(fs.existsSync(path.join(root, FROZEN, 'template.json'))).toBe(true);
  });

  test("an old version that was never released may be marked 'removed' (nothing to serve)", () => {
    const root = widgetCatalog([{ name: '0.9.0', status: 'removed' }, { name: '1.0.0' }]);
    expect(artifacts(synth(root)).map((a) => a.Name)).toEqual(['1.0.0']);
  });

  test("fails when the newest version is marked 'removed'", async () => {
    const root = widgetCatalog([{ name: '1.0.0', status: 'removed' }]);
    expect(await cli(root, 'validate')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        "catalog.yaml:25:17: version '1.0.0' of product 'widget' is the newest (built from the current code) and cannot be removed; " +
        "mark it 'inactive', or add a newer version after it\n" +
        '1 problem found; nothing was written.\n',
    });
  });
});

describe('released versions with file assets', () => {
  const ASSETS = `${FROZEN}/product-assets`;

  /** The asset file of the released widget, relative to the root. */
  function assetFile(root: string): string {
    const [reference] = readJson(path.join(root, FROZEN, 'template.json')).Metadata['SCFactory::ProductAssets'];
    return `${ASSETS}/${reference.sha256}/${reference.objectKey}`;
  }

  test('keeps the assets next to the frozen template, byte for byte, and publishes them from there', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }], { value: 'a', asset: 'seed v1' });
    await cli(root, 'release', 'widget', '1.0.0');
    const file = path.join(root, assetFile(root));
    expect(fs.existsSync(file)).toBe(true);

    setWidgetSettings(root, { value: 'b', asset: 'seed v2' });
    setWidgetVersions(root, [{ name: '1.0.0' }, { name: '1.1.0' }]);
    const result = synth(root);

    expect(result.versions.get('widget')![0].origin).toBe('released');
    const [reference] = readJson(path.join(root, FROZEN, 'template.json')).Metadata['SCFactory::ProductAssets'];
    expect(reference.sha256).toBe(sha256(fs.readFileSync(file)));
    // The catalog stack ships the frozen file itself (staged in the cloud assembly under its key).
    const shipped = fs
      .readdirSync(result.outdir)
      .filter((entry) => entry.startsWith('asset.'))
      .map((entry) => path.join(result.outdir, entry, reference.objectKey))
      .filter((candidate) => fs.existsSync(candidate));
    expect(shipped).toHaveLength(1);
    expect(fs.readFileSync(shipped[0]).equals(fs.readFileSync(file))).toBe(true);
  });

  test('fails when an asset of a released version was altered', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }], { value: 'a', asset: 'seed v1' });
    await cli(root, 'release', 'widget', '1.0.0');
    const relative = assetFile(root);
    fs.appendFileSync(path.join(root, relative), 'tampered');
    const sha = readJson(path.join(root, FROZEN, 'template.json')).Metadata['SCFactory::ProductAssets'][0].sha256;

    expect((await cli(root, 'synth', '--out', path.join(tempDir(), 'cdk.out'))).stderr).toBe(
      "catalog.yaml:23:9: product 'widget' version '1.0.0' was released, but its frozen files were altered: " +
        `${relative} no longer matches its sha256 ${sha.slice(0, 16)}…. Released versions are immutable: restore ${FROZEN} from version control\n` +
        '1 problem found; nothing was written.\n',
    );
  });

  test('fails when an asset of a released version is missing, and releasing the unchanged version again puts it back', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }], { value: 'a', asset: 'seed v1' });
    await cli(root, 'release', 'widget', '1.0.0');
    const relative = assetFile(root);
    const bytes = fs.readFileSync(path.join(root, relative));
    fs.rmSync(path.join(root, ASSETS), { recursive: true });

    expect((await cli(root, 'synth', '--out', path.join(tempDir(), 'cdk.out'))).stderr).toBe(
      "catalog.yaml:23:9: product 'widget' version '1.0.0' was released, but its frozen files were altered: " +
        `the asset ${relative} is missing. Run 'sc-factory release widget 1.0.0' to put back the assets of the unchanged version, ` +
        `or restore ${FROZEN} from version control\n` +
        '1 problem found; nothing was written.\n',
    );
    expect(await cli(root, 'release', 'widget', '1.0.0')).toEqual({
      code: 0,
      stdout: `widget 1.0.0 is already released with an identical template; its missing asset files were put back in ${FROZEN}.\n`,
      stderr: '',
    });
    expect(fs.readFileSync(path.join(root, relative)).equals(bytes)).toBe(true);
    expect((await cli(root, 'synth', '--out', path.join(tempDir(), 'cdk.out'))).code).toBe(0);
  });
});
