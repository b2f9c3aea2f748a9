/**
 * The stacks besides the catalog stacks, each only when catalog.yaml asks for it:
 * the organisation's StackSet (portfolios with `organizationalUnits`) and the
 * CI pipeline (`publishing.pipeline`). Neither changes the catalog stacks.
 */
import * as path from 'node:path';
import type { App } from 'aws-cdk-lib';
import { CatalogStack } from './catalog-stack';
import { ORGANIZATION_ASSEMBLY_DIR, synthesizeOrganizationMemberTemplate } from './organization-member-template';
import { addOrganizationStacks } from './organization-stackset';
import { CatalogPipelineStack } from './pipeline-stack';
import type { AppRuleCheck } from './rule-pack-check';
import type { VersionTemplates } from './versions';
import { type Catalog, catalogTargets } from '../model/catalog';

export function addPublishingStacks(app: App, catalog: Catalog, versions: VersionTemplates, collect?: AppRuleCheck[]): void {
  const member = synthesizeOrganizationMemberTemplate(catalog, versions, path.join(app.outdir, ORGANIZATION_ASSEMBLY_DIR), collect);
  if (member) addOrganizationStacks(app, catalog, member);
  if (catalog.publishing.pipeline) {
    const catalogStacks = new Map(
      catalogTargets(catalog).map((t) => [CatalogStack.idOf(t), app.node.findChild(CatalogStack.idOf(t)) as CatalogStack]),
    );
    new CatalogPipelineStack(app, { catalog, versions, member, catalogStacks });
  }
}
