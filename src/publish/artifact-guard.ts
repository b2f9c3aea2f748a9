/**
 * A published product version is never replaced. The catalog stacks set
 * `replaceProductVersionIds: false` (CloudFormation: ReplaceProvisioningArtifacts
 * false): a changed product adds versions beside the published ones instead of
 * replacing them. Before anything is deployed, `publish` checks that every
 * template in the assembly keeps it that way, whatever code produced it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ReplacingProduct {
  /** The template, relative to the assembly. */
  readonly template: string;
  readonly logicalId: string;
}

/** Every AWS::ServiceCatalog::CloudFormationProduct in the assembly's templates (nested assemblies included) that would replace its versions. */
export function productsReplacingVersions(assemblyDir: string): ReplacingProduct[] {
  return templateFiles(assemblyDir).flatMap((file) => {
    const template = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      Resources?: Record<string, { Type?: string; Properties?: { ReplaceProvisioningArtifacts?: unknown } }>;
    };
    return Object.entries(template.Resources ?? {})
      .filter(([, r]) => r.Type === 'AWS::ServiceCatalog::CloudFormationProduct' && r.Properties?.ReplaceProvisioningArtifacts !== false)
      .map(([logicalId]) => ({ template: path.relative(assemblyDir, file).split(path.sep).join('/'), logicalId }));
  });
}

/** Throws when any product would replace its published versions. */
export function assertNoVersionReplacement(assemblyDir: string): void {
  const replacing = productsReplacingVersions(assemblyDir);
  if (replacing.length > 0) {
    throw new Error(
      `refusing to publish: ${replacing.map((r) => `${r.template} ${r.logicalId}`).join(', ')} would replace published product ` +
        'versions (ReplaceProvisioningArtifacts must be false); published versions are never replaced, add a new version instead',
    );
  }
}

function templateFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const file = path.join(dir, entry.name);
      // Staged asset folders hold product files (seed code, ...), not templates the toolkit deploys.
      if (entry.isDirectory()) return entry.name.startsWith('asset.') ? [] : templateFiles(file);
      return entry.name.endsWith('.template.json') ? [file] : [];
    });
}
