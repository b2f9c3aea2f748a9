import type { SemanticCheck } from './types';
import type { Diagnostic } from '../../model/diagnostics';
import { sagemakerProjectIds, sagemakerProjectSettings } from '../../model/sagemaker-projects';

/**
 * A project template no Studio user can see is a mistake: a portfolio offering
 * one needs the Studio execution roles named in catalog.yaml.
 */
export const studioExecutionRolesNamed: SemanticCheck = ({ catalog, portfolios }) => {
  const settings = sagemakerProjectSettings(catalog.data);
  if (settings.studioExecutionRoles.length + settings.studioExecutionRolePatterns.length > 0) return [];
  const offered = new Set(portfolios.flatMap(({ data }) => data.products.map((entry) => entry.id)));
  return sagemakerProjectIds(catalog.data)
    .filter((id) => offered.has(id))
    .map(
      (id): Diagnostic => ({
        ...catalog.source.locate(['products', id, 'kind']),
        code: 'SAGEMAKER_PROJECT_INVALID',
        message:
          `product '${id}' is a SageMaker project template, but catalog.yaml names no Studio execution role, so no ` +
          "Studio user would see it; add 'sagemakerProjects: { studioExecutionRoles: [<role name>] }' " +
          '(or studioExecutionRolePatterns) to catalog.yaml',
      }),
    );
};
