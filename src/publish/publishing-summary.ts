/**
 * The publishing stacks of a synthesized catalog (organisation, pipeline), for
 * the `synth` summary: what besides the catalog stacks is in cdk.out, and where
 * it deploys to.
 */
import { OrganizationStackSetStack, OrganizationTemplatesStack } from '../generator/organization-stackset';
import { CatalogPipelineStack } from '../generator/pipeline-stack';
import type { Catalog } from '../model/catalog';
import { STAGE_ORDER } from '../model/catalog';
import { accountNamed, organizationPortfolios } from '../model/publishing';

export interface PublishingStackSummary {
  readonly stackName: string;
  readonly purpose: string;
  readonly account: string;
  readonly accountId: string;
  readonly region: string;
}

export function publishingStacks(catalog: Catalog): PublishingStackSummary[] {
  const rows: PublishingStackSummary[] = [];
  const organization = catalog.organization;
  const portfolios = organizationPortfolios(catalog);
  if (organization && portfolios.length > 0) {
    const admin = accountNamed(catalog, organization.account);
    for (const region of organization.regions) {
      rows.push({
        stackName: OrganizationTemplatesStack.stackNameOf(catalog, region),
        purpose: 'organisation template bucket',
        account: admin.name,
        accountId: admin.id,
        region,
      });
    }
    const units = [...new Set(portfolios.flatMap((p) => p.organizationalUnits))];
    rows.push({
      stackName: OrganizationStackSetStack.stackNameOf(catalog),
      purpose: `StackSet ${OrganizationStackSetStack.stackSetNameOf(catalog)} -> ${units.join(', ')} (${organization.regions.join(', ')})`,
      account: admin.name,
      accountId: admin.id,
      region: organization.regions[0],
    });
  }
  const pipeline = catalog.publishing.pipeline;
  if (pipeline) {
    const tooling = accountNamed(catalog, pipeline.account);
    const stages = STAGE_ORDER.filter((stage) => catalog.accounts.some((a) => a.stage === stage)).map((s) => (s === 'prod' ? 'approval -> prod' : s));
    rows.push({
      stackName: CatalogPipelineStack.stackNameOf(catalog),
      purpose: `pipeline: ${[...stages, ...(rows.length > 0 ? ['organization'] : [])].join(' -> ')}`,
      account: tooling.name,
      accountId: tooling.id,
      region: tooling.regions[0],
    });
  }
  return rows;
}
