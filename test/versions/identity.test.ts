/**
 * A version's identity in Service Catalog is its name and template URL (the
 * CloudFormationProduct matches artifacts on both); in the stack, its product's
 * construct id and logical id. None of them may change when the version is
 * released or when newer versions are added. CDK's ProductStackHistory changes
 * the last version's id when a new one is added (aws-cdk#24561); this must not.
 */
import * as path from 'node:path';
import { synthesizeCatalog } from '../../src/generator/catalog-app';
import { cli, tempDir } from '../helpers';
import { readJson, setWidgetSettings, setWidgetVersions, widgetCatalog } from './widget-catalog';

interface Published {
  readonly template: any;
  readonly productLogicalId: string;
  readonly artifacts: any[];
  readonly tree: any;
}

function publish(root: string): Published {
  const result = synthesizeCatalog({ root, outdir: path.join(tempDir(), 'cdk.out') });
  const template = readJson(result.stacks.find((s) => s.id === 'dev-eu-west-1')!.templateFile);
  const [productLogicalId, product] = Object.entries<any>(template.Resources).find(([, r]) => r.Type === 'AWS::ServiceCatalog::CloudFormationProduct')!;
  return {
    template,
    productLogicalId,
    artifacts: product.Properties.ProvisioningArtifactParameters,
    tree: readJson(path.join(result.outdir, 'tree.json')).tree,
  };
}

function otherResources(published: Published): Record<string, unknown> {
  return Object.fromEntries(Object.entries(published.template.Resources).filter(([id]) => id !== published.productLogicalId));
}

function constructPaths(tree: any): string[] {
  return [tree.path, ...Object.values<any>(tree.children ?? {}).flatMap(constructPaths)].filter(Boolean);
}

describe('identity of published versions (no aws-cdk#24561)', () => {
  let first: Published;
  let released: Published;
  let second: Published;
  let third: Published;

  beforeAll(async () => {
    const root = widgetCatalog([{ name: '1.0.0' }], { value: 'a' });
    first = publish(root);

    await cli(root, 'release', 'widget', '1.0.0');
    released = publish(root);

    setWidgetSettings(root, { value: 'b' });
    setWidgetVersions(root, [{ name: '1.0.0' }, { name: '1.1.0' }]);
    second = publish(root);

    await cli(root, 'release', 'widget', '1.1.0');
    setWidgetSettings(root, { value: 'c' });
    setWidgetVersions(root, [{ name: '1.0.0' }, { name: '1.1.0' }, { name: '1.2.0' }]);
    third = publish(root);
  });

  test('releasing the newest version changes nothing in the catalog stack: same template URL, same everything', () => {
    expect(released.template).toEqual(first.template);
  });

  test('adding a version keeps the name, description and template URL of every existing version', () => {
    expect(second.artifacts[0]).toEqual(first.artifacts[0]);
    expect(third.artifacts.slice(0, 2)).toEqual(second.artifacts);
    expect(third.artifacts.map((a) => a.Name)).toEqual(['1.0.0', '1.1.0', '1.2.0']);
  });

  test('each new version gets a template URL of its own', () => {
    const urls = third.artifacts.map((a) => JSON.stringify(a.Info.LoadTemplateFromURL));
    expect(new Set(urls).size).toBe(3);
  });

  test('adding a version keeps the product logical id, its construct id, and every other resource as it was', () => {
    expect(second.productLogicalId).toBe(first.productLogicalId);
    expect(third.productLogicalId).toBe(first.productLogicalId);
    expect(otherResources(second)).toEqual(otherResources(first));
    expect(otherResources(third)).toEqual(otherResources(first));
    for (const published of [first, second, third]) {
      expect(constructPaths(published.tree)).toContain('dev-eu-west-1/Products/widget/Resource');
    }
  });

  test('never asks Service Catalog to replace artifacts', () => {
    const product = third.template.Resources[third.productLogicalId];
    expect(product.Properties.ReplaceProvisioningArtifacts).toBe(false);
  });
});
