/**
 * The organisation: portfolios published to organizational units through a
 * service-managed StackSet (catalog.yaml `organization`, portfolios'
 * `organizationalUnits`). Its member template is a catalog stack of its own,
 * synthesized into a sub-folder of the assembly; the app gets every region's
 * templates bucket stack and the StackSet stack, deployed after production.
 */
import * as path from 'node:path';
import { Stage } from 'aws-cdk-lib';
import type { PublishTarget } from './target';
import type { Catalog } from '../../model/catalog';
import { organizationTargetShape } from '../../model/published-shape';
import { accountNamed, organizationPortfolios } from '../../model/publishing';
import { ORGANIZATION_ASSEMBLY_DIR, synthesizeOrganizationMemberTemplate } from '../organization-member-template';
import { addOrganizationStacks, OrganizationStackSetStack, OrganizationTemplatesStack } from '../organization-stackset';

/** Name of the pipeline wave that deploys the organisation's StackSet. */
export const ORGANIZATION_WAVE = 'organization';

export const organizationTarget: PublishTarget = {
  name: 'organization',

  build(app, { catalog, versions, collect }) {
    const member = synthesizeOrganizationMemberTemplate(catalog, versions, path.join(app.outdir, ORGANIZATION_ASSEMBLY_DIR), collect);
    if (!member) return { waves: [] };
    addOrganizationStacks(app, catalog, member);
    return {
      waves: [{
        name: ORGANIZATION_WAVE,
        addStages: (scope) => {
          const stage = new Stage(scope, 'Organization');
          addOrganizationStacks(stage, catalog, member);
          return [stage];
        },
      }],
    };
  },

  publishSteps(catalog, mode, step) {
    const organization = organizationOf(catalog);
    if (!organization) return [];
    // The buckets first in both modes: the pipeline publishes the member template's files into them.
    const templates = organization.regions.map((region) =>
      step('organization-templates', OrganizationTemplatesStack.idOf(region), ORGANIZATION_WAVE, organization.account),
    );
    if (mode === 'pipeline') return templates;
    const admin = accountNamed(catalog, organization.account);
    return [...templates, step('organization-stackset', OrganizationStackSetStack.ID, ORGANIZATION_WAVE, admin.name)];
  },

  waveNames: (catalog) => (organizationOf(catalog) ? [ORGANIZATION_WAVE] : []),

  summary(catalog) {
    const organization = organizationOf(catalog);
    if (!organization) return [];
    const admin = accountNamed(catalog, organization.account);
    const where = { account: admin.name, accountId: admin.id };
    const units = [...new Set(organizationPortfolios(catalog).flatMap((p) => p.organizationalUnits))];
    return [
      ...organization.regions.map((region) => ({
        stackName: OrganizationTemplatesStack.stackNameOf(catalog, region),
        purpose: 'organisation template bucket',
        ...where,
        region,
      })),
      {
        stackName: OrganizationStackSetStack.stackNameOf(catalog),
        purpose: `StackSet ${OrganizationStackSetStack.stackSetNameOf(catalog)} -> ${units.join(', ')} (${organization.regions.join(', ')})`,
        ...where,
        region: organization.regions[0],
      },
    ];
  },

  shapes(catalog, versions) {
    const shape = organizationTargetShape(catalog, versions);
    return shape ? [shape] : [];
  },
};

/** The organisation, when some portfolio is published to its units. */
function organizationOf(catalog: Catalog): Catalog['organization'] {
  return catalog.organization && organizationPortfolios(catalog).length > 0 ? catalog.organization : undefined;
}
