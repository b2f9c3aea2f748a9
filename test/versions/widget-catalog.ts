/**
 * A small catalog of its own for version tests: one tiny product, `widget`, whose
 * template is driven by `products/widget/settings.json`, so a test can "change
 * the code" without touching the repository's products (releasing writes into
 * the product folder, which must be the temporary copy, never the repository).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, tempDir, writeFiles } from '../helpers';

export interface WidgetSettings {
  /** The value of the SSM parameter `Setting`. */
  readonly value: string;
  /** Adds a second resource, `Extra`. */
  readonly extra?: boolean;
  /** Ships a file asset (a folder `seed/` holding one file with this text), named in `Setting`'s description. */
  readonly asset?: string;
}

export interface WidgetVersion {
  readonly name: string;
  readonly status?: string;
  readonly description?: string;
}

const PORTFOLIO = `# yaml-language-server: $schema=../../schemas/portfolio.schema.json
id: widgets
displayName: Widgets
providerName: Platform
accounts: [dev, prod]
principals:
  roles: [Builder]
products:
  - id: widget
    launchRole: SCLaunchWidget
tagOptions:
  cost-center: [cc-1]
`;

/** catalog.yaml with the widget's versions as given (oldest first). */
export function widgetCatalogYaml(versions: readonly WidgetVersion[]): string {
  return [
    'catalog:',
    '  name: widget-catalog',
    '  owner: Platform',
    '  supportEmail: platform@example.com',
    'accounts:',
    '  dev:',
    '    id: "111111111111"',
    '    regions: [eu-west-1]',
    '    stage: dev',
    '  prod:',
    '    id: "333333333333"',
    '    regions: [eu-west-1]',
    '    stage: prod',
    'defaults:',
    '  environmentName: team-a',
    'products:',
    '  widget:',
    '    path: widget',
    '    displayName: Widget',
    '    owner: Platform',
    '    description: A widget.',
    '    versions:',
    ...versions.flatMap((v) => [
      `      - name: ${v.name}`,
      `        description: ${v.description ?? `Widget ${v.name}.`}`,
      `        status: ${v.status ?? 'active'}`,
    ]),
    '',
  ].join('\n');
}

/**
 * The product's code. Imports use absolute paths: the catalog root lives in a
 * temporary folder, outside the repository's node_modules.
 */
function widgetSource(): string {
  const secure = path.join(REPO_ROOT, 'src/secure/secure-product-stack');
  const ssm = path.join(REPO_ROOT, 'node_modules/aws-cdk-lib/aws-ssm');
  const assets = path.join(REPO_ROOT, 'node_modules/aws-cdk-lib/aws-s3-assets');
  return `import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ssm from ${JSON.stringify(ssm)};
import * as s3assets from ${JSON.stringify(assets)};
import { SecureProductStack, type SecureProductStackProps } from ${JSON.stringify(secure)};

export class WidgetProduct extends SecureProductStack {
  constructor(scope: any, id: string, props: SecureProductStackProps) {
    super(scope, id, props);
    const settings = JSON.parse(fs.readFileSync(path.join(__dirname, 'settings.json'), 'utf8'));
    const seed = settings.asset === undefined ? undefined : new s3assets.Asset(this, 'Seed', { path: path.join(__dirname, 'seed') });
    const description = seed ? \`Seed at \${seed.s3ObjectUrl}\` : 'A widget setting.';
    new ssm.CfnParameter(this, 'Setting', { type: 'String', value: settings.value, description });
    if (settings.extra) new ssm.CfnParameter(this, 'Extra', { type: 'String', value: 'extra' });
  }
}
`;
}

/** A fresh catalog root with the widget product at `versions`, built with `settings`. */
export function widgetCatalog(versions: readonly WidgetVersion[], settings: WidgetSettings = { value: 'a' }): string {
  const root = tempDir('sc-factory-versions-');
  writeFiles(root, {
    'catalog.yaml': widgetCatalogYaml(versions),
    'portfolios/widgets.yaml': PORTFOLIO,
    'products/widget/index.ts': widgetSource(),
  });
  setWidgetSettings(root, settings);
  return root;
}

/** "Changes the code": the next synth builds the widget with these settings. */
export function setWidgetSettings(root: string, settings: WidgetSettings): void {
  writeFiles(root, { 'products/widget/settings.json': JSON.stringify(settings) });
  if (settings.asset !== undefined) writeFiles(root, { 'products/widget/seed/readme.txt': settings.asset });
}

export function setWidgetVersions(root: string, versions: readonly WidgetVersion[]): void {
  writeFiles(root, { 'catalog.yaml': widgetCatalogYaml(versions) });
}

export function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
