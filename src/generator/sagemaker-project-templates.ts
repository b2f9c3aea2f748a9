/**
 * A product of kind sagemaker-project must accept what SageMaker passes when a
 * Studio user creates a project from it: the parameters SageMakerProjectName and
 * SageMakerProjectId. SageMaker sends both on every launch, so a template
 * without them fails each launch; this check fails synth instead, at the
 * product in catalog.yaml. It reads the templates (current and released), so
 * it runs once they exist.
 */
import type { VersionTemplates } from './versions';
import type { Catalog } from '../model/catalog';
import { type Diagnostic, throwIfAny } from '../model/diagnostics';

/** The parameters SageMaker passes to a project template. */
export const SAGEMAKER_PROJECT_PARAMETERS = ['SageMakerProjectName', 'SageMakerProjectId'] as const;

export function checkSageMakerProjectTemplates(catalog: Catalog, versions: VersionTemplates): void {
  const diagnostics: Diagnostic[] = [];
  for (const product of catalog.products.filter((p) => p.kind === 'sagemaker-project')) {
    for (const version of versions.get(product.id) ?? []) {
      const parameters = version.template.Parameters ?? {};
      const missing = SAGEMAKER_PROJECT_PARAMETERS.filter((name) => parameters[name]?.Type !== 'String');
      if (missing.length === 0) continue;
      const origin = version.origin === 'current' ? `${product.directory}/index.ts` : `the released template of version '${version.version.name}'`;
      diagnostics.push({
        ...product.source,
        code: 'SAGEMAKER_PROJECT_INVALID',
        message:
          `product '${product.id}' is a SageMaker project template (kind: sagemaker-project), but ${origin} has no ` +
          `String parameter ${missing.map((m) => `'${m}'`).join(' or ')}; SageMaker passes SageMakerProjectName and ` +
          'SageMakerProjectId on every project launch: add them (addSageMakerProjectParameters in src/sagemaker-projects), ' +
          "or remove 'kind: sagemaker-project'",
      });
    }
  }
  throwIfAny(diagnostics);
}
