/**
 * `plan --live`: compare the synthesized catalog stacks with what is deployed,
 * through the AWS CDK toolkit's diff (the same credentials, bootstrap roles and
 * cross-account lookup role a `cdk diff` would use), and read the template
 * differences back as catalog changes.
 *
 * Not exercised offline: tests inject a toolkit that records the arguments and
 * returns template differences computed locally.
 */
import * as fs from 'node:fs';
import type { DiffOptions, ICloudAssemblySource, IIoHost, StackSelectionStrategy, Toolkit } from '@aws-cdk/toolkit-lib';
import { normalizeChange, type Plan, type PlanChange, planOutcome, statusAction, type TargetPlan } from './plan-changes';
import type { TargetState } from './published-state';
import { VERSION_METADATA_KEY, type VersionMetadata } from '../generator/version-lifecycle';

/** What toolkit-lib's diff returns for one stack. */
export type StackTemplateDiff = Awaited<ReturnType<Toolkit['diff']>>[string];

/** The part of the toolkit `plan --live` uses; injectable for tests. */
export interface LiveDiffToolkit {
  fromAssemblyDirectory(directory: string): Promise<ICloudAssemblySource>;
  diff(cx: ICloudAssemblySource, options: DiffOptions): Promise<Record<string, StackTemplateDiff>>;
}

export type LiveDiffMethod = 'template' | 'change-set';

export interface LivePlanOptions {
  /** `template` (default): compare with the deployed template; `change-set`: let CloudFormation compute a change set. */
  readonly method?: LiveDiffMethod;
  /** Default: the real toolkit, silent (the plan is the output). */
  readonly toolkit?: LiveDiffToolkit;
  /** Display names -> manifest ids, so live changes read like the manifest (templates carry display names only). */
  readonly names?: ManifestNames;
}

export interface ManifestNames {
  readonly products: ReadonlyMap<string, string>;
  readonly portfolios: ReadonlyMap<string, string>;
}

/** `StackSelectionStrategy.PATTERN_MUST_MATCH_SINGLE`, without loading the toolkit. */
const SINGLE_STACK = 'pattern-must-match-single' as StackSelectionStrategy.PATTERN_MUST_MATCH_SINGLE;

/**
 * The arguments of the toolkit's diff for one catalog stack. The toolkit (and
 * the AWS SDK it pulls in) is loaded only here, so other commands start fast.
 */
export function liveDiffOptions(target: Pick<TargetState, 'id'>, method: LiveDiffMethod = 'template'): DiffOptions {
  const { DiffMethod } = toolkitLib();
  return {
    stacks: { strategy: SINGLE_STACK, patterns: [target.id] },
    method: method === 'change-set' ? DiffMethod.ChangeSet({ fallbackToTemplate: false }) : DiffMethod.TemplateOnly(),
  };
}

/**
 * Compares each target's synthesized catalog stack (in `assemblyDirectory`)
 * with the deployed one. A target that cannot be compared (no credentials, no
 * access) is reported as such; the others are still compared.
 */
export async function planAgainstLive(
  assemblyDirectory: string,
  targets: readonly (TargetState & { readonly templateFile: string })[],
  options: LivePlanOptions = {},
): Promise<Plan> {
  const toolkit = options.toolkit ?? new (toolkitLib().Toolkit)({ ioHost: SILENT, color: false, emojis: false });
  const cx = await toolkit.fromAssemblyDirectory(assemblyDirectory);
  const plans: TargetPlan[] = [];
  for (const target of targets) {
    const identity = { id: target.id, account: target.account, accountId: target.accountId, region: target.region, stackName: target.stackName };
    let diff: StackTemplateDiff;
    try {
      diff = pickStackDiff(await toolkit.diff(cx, liveDiffOptions(target, options.method)), target);
    } catch (error) {
      plans.push({ ...identity, status: 'not-compared', changes: [], error: (error as Error).message.split('\n')[0] });
      continue;
    }
    const newTemplate = JSON.parse(fs.readFileSync(target.templateFile, 'utf8'));
    const changes = changesFromTemplateDiff(diff, newTemplate, options.names).map(normalizeChange);
    const deployedBefore = Object.values(diff.resources.changes).some((c) => !c.isAddition) || changes.every((c) => c.action === 'unchanged');
    plans.push({
      ...identity,
      status: changes.some((c) => c.action !== 'unchanged') ? (deployedBefore ? 'changed' : 'new') : 'unchanged',
      changes,
    });
  }
  return { baseline: 'live', ...planOutcome(plans), targets: plans };
}

/** The toolkit keys diffs by the stack's display name (`<id> (<stack name>)`); nested stacks add entries. */
function pickStackDiff(diffs: Record<string, StackTemplateDiff>, target: TargetState): StackTemplateDiff {
  const keys = Object.keys(diffs);
  const key =
    keys.find((k) => k === target.id || k === target.stackName || k.startsWith(`${target.id} `)) ?? (keys.length === 1 ? keys[0] : undefined);
  if (key === undefined) throw new Error(`the toolkit returned no diff for stack ${target.id} (got: ${keys.join(', ') || 'none'})`);
  return diffs[key];
}

interface ResourceLike {
  readonly Type?: string;
  readonly Properties?: Record<string, any>;
  readonly Metadata?: Record<string, any>;
}

/**
 * Reads a catalog stack's template difference as catalog changes, by resource
 * type: the product's artifacts (versions), the version-status custom
 * resources, portfolios, principals, constraints, TagOptions. Anything else is
 * reported as a plain resource change.
 */
export function changesFromTemplateDiff(
  diff: StackTemplateDiff,
  newTemplate: { Resources?: Record<string, ResourceLike> },
  manifestNames: ManifestNames = { products: new Map(), portfolios: new Map() },
): PlanChange[] {
  const resourceDiffs = diff.resources.changes;
  // Logical id -> name, from both sides, so a removed product can still be named.
  const names = new Map<string, string>();
  const record = (logicalId: string, resource: ResourceLike | undefined) => {
    const label = labelOf(resource, manifestNames);
    if (label) names.set(logicalId, label);
  };
  // Removed resources are named from the deployed side; everything else from what would be published.
  for (const [logicalId, change] of Object.entries(resourceDiffs)) record(logicalId, change.oldValue ?? change.newValue);
  for (const [logicalId, resource] of Object.entries(newTemplate.Resources ?? {})) record(logicalId, resource);
  const nameOf = (value: unknown) => (isRef(value) ? names.get(value.Ref) ?? value.Ref : renderValue(value));
  // TagOptions are shared by the portfolios of a stack; what a portfolio offers is its associations.
  const tagOptions = new Map<string, [string, string]>();
  const recordTagOption = (logicalId: string, resource: ResourceLike | undefined) => {
    if (resource?.Type === 'AWS::ServiceCatalog::TagOption') {
      tagOptions.set(logicalId, [renderValue(resource.Properties?.Key), renderValue(resource.Properties?.Value)]);
    }
  };
  for (const [logicalId, change] of Object.entries(resourceDiffs)) recordTagOption(logicalId, change.oldValue ?? change.newValue);
  for (const [logicalId, resource] of Object.entries(newTemplate.Resources ?? {})) recordTagOption(logicalId, resource);

  const changes: PlanChange[] = [];
  const touchedVersions = new Set<string>();
  for (const [logicalId, change] of Object.entries(resourceDiffs)) {
    if (!change.isDifferent) continue;
    const before = change.oldValue as ResourceLike | undefined;
    const after = change.newValue as ResourceLike | undefined;
    const type = (after ?? before)?.Type ?? 'unknown';
    const action: 'create' | 'remove' | 'update' = change.isAddition ? 'create' : change.isRemoval ? 'remove' : 'update';
    const props = (after ?? before)?.Properties ?? {};

    switch (type) {
      case 'AWS::ServiceCatalog::CloudFormationProduct': {
        const product = names.get(logicalId) ?? logicalId;
        const versions = productVersionChanges(product, before, after);
        versions.forEach((v) => touchedVersions.add(`${product}\u0000${v.version}`));
        if (action !== 'update') changes.push({ subject: 'product', action, product });
        const other = Object.keys(change.propertyUpdates).filter((p) => p !== 'ProvisioningArtifactParameters');
        if (action === 'update' && other.length > 0) changes.push({ subject: 'product', action, product, detail: other.join(', ') });
        changes.push(...versions);
        break;
      }
      case 'Custom::ProductVersionStatus': {
        const was = before?.Metadata?.[VERSION_METADATA_KEY] as VersionMetadata | undefined;
        const now = after?.Metadata?.[VERSION_METADATA_KEY] as VersionMetadata | undefined;
        const meta = now ?? was;
        if (!meta) break;
        touchedVersions.add(`${meta.product}\u0000${meta.version}`);
        const to = now?.status ?? 'active';
        if (was?.status === to) break;
        changes.push({
          subject: 'version',
          action: statusAction(to),
          product: meta.product,
          version: meta.version,
          from: was?.status ?? 'active',
          to,
        });
        break;
      }
      case 'Custom::ProductVersionLookup':
        // Paired with the status resource above, which says what changes.
        break;
      case 'AWS::ServiceCatalog::Portfolio':
        changes.push({ subject: 'portfolio', action, portfolio: names.get(logicalId) ?? logicalId, ...updatedProperties(change, action) });
        break;
      case 'AWS::ServiceCatalog::PortfolioPrincipalAssociation': {
        const arn = renderValue(props.PrincipalARN);
        const pattern = props.PrincipalType === 'IAM_PATTERN';
        changes.push({
          subject: 'principal',
          action,
          portfolio: nameOf(props.PortfolioId),
          principal: pattern ? arn : arn.replace(/^.*:role\//, ''),
          principalType: pattern ? 'pattern' : 'role',
        });
        break;
      }
      case 'AWS::ServiceCatalog::PortfolioProductAssociation':
        changes.push({ subject: 'portfolio-product', action, portfolio: nameOf(props.PortfolioId), product: nameOf(props.ProductId) });
        break;
      case 'AWS::ServiceCatalog::LaunchRoleConstraint': {
        const roleOf = (resource: ResourceLike | undefined) => renderValue(resource?.Properties?.LocalRoleName ?? resource?.Properties?.RoleArn);
        changes.push({
          subject: 'constraint',
          action,
          portfolio: nameOf(props.PortfolioId),
          product: nameOf(props.ProductId),
          detail: 'launch role',
          from: before ? roleOf(before) : undefined,
          to: after ? roleOf(after) : undefined,
        });
        break;
      }
      case 'AWS::ServiceCatalog::TagOption':
        // Created for, and reported with, its first association.
        break;
      case 'AWS::ServiceCatalog::TagOptionAssociation': {
        const [tagKey, tagValue] = isRef(props.TagOptionId) ? tagOptions.get(props.TagOptionId.Ref) ?? ['?', '?'] : ['?', '?'];
        changes.push({ subject: 'tag-option', action, portfolio: nameOf(props.ResourceId), tagKey, tagValue });
        break;
      }
      default:
        changes.push({ subject: 'resource', action, detail: `${type} ${logicalId}` });
    }
  }

  // Versions the diff does not touch stay as they are.
  for (const [logicalId, resource] of Object.entries(newTemplate.Resources ?? {})) {
    if (resource.Type !== 'AWS::ServiceCatalog::CloudFormationProduct') continue;
    const product = names.get(logicalId) ?? logicalId;
    for (const artifact of (resource.Properties?.ProvisioningArtifactParameters ?? []) as any[]) {
      if (!touchedVersions.has(`${product}\u0000${artifact.Name}`)) changes.push({ subject: 'version', action: 'unchanged', product, version: artifact.Name });
    }
  }
  return changes;
}

/** Versions are matched by name; a changed template URL under the same name is a replaced artifact. */
function productVersionChanges(product: string, before: ResourceLike | undefined, after: ResourceLike | undefined): PlanChange[] {
  const artifacts = (resource: ResourceLike | undefined) =>
    new Map(((resource?.Properties?.ProvisioningArtifactParameters ?? []) as any[]).map((a) => [String(a.Name), a]));
  const was = artifacts(before);
  const now = artifacts(after);
  const changes: PlanChange[] = [];
  for (const [version, artifact] of now) {
    const old = was.get(version);
    if (!old) {
      changes.push({ subject: 'version', action: 'create', product, version });
    } else if (JSON.stringify(old.Info) !== JSON.stringify(artifact.Info)) {
      changes.push({
        subject: 'version',
        action: 'replace',
        product,
        version,
        detail: 'template URL changed',
        warning: 'Service Catalog replaces the artifact (new id); publish the change as a new version instead',
      });
    } else if (old.Description !== artifact.Description) {
      changes.push({ subject: 'version', action: 'update', product, version, detail: 'description', from: old.Description, to: artifact.Description });
    }
  }
  for (const version of was.keys()) {
    if (!now.has(version)) changes.push({ subject: 'version', action: 'remove', product, version });
  }
  return changes;
}

function updatedProperties(change: StackTemplateDiff['resources']['changes'][string], action: string): Partial<PlanChange> {
  return action === 'update' ? { detail: Object.keys(change.propertyUpdates).join(', ') } : {};
}

/** The manifest id of a product or portfolio (its display name when the manifest no longer has it). */
function labelOf(resource: ResourceLike | undefined, manifestNames: ManifestNames): string | undefined {
  if (!resource?.Properties) return undefined;
  if (resource.Type === 'AWS::ServiceCatalog::CloudFormationProduct') {
    const name = renderValue(resource.Properties.Name);
    return manifestNames.products.get(name) ?? name;
  }
  if (resource.Type === 'AWS::ServiceCatalog::Portfolio') {
    const name = renderValue(resource.Properties.DisplayName);
    return manifestNames.portfolios.get(name) ?? name;
  }
  return undefined;
}

function isRef(value: unknown): value is { Ref: string } {
  return typeof value === 'object' && value !== null && typeof (value as { Ref?: unknown }).Ref === 'string';
}

/** A template value as text: strings as they are, `Fn::Join` joined, `Ref`s as `${Name}`. */
function renderValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isRef(value)) return `\${${value.Ref}}`;
  if (typeof value === 'object' && value !== null && 'Fn::Join' in value) {
    const [separator, parts] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    return parts.map(renderValue).join(separator);
  }
  if (typeof value === 'object' && value !== null && 'Fn::Sub' in value) {
    const sub = (value as { 'Fn::Sub': unknown })['Fn::Sub'];
    return typeof sub === 'string' ? sub : renderValue(Array.isArray(sub) ? sub[0] : sub);
  }
  return value === undefined ? '' : JSON.stringify(value);
}

/** @aws-cdk/toolkit-lib, loaded on first use: it pulls in the AWS SDK, which no other command needs. */
function toolkitLib(): typeof import('@aws-cdk/toolkit-lib') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@aws-cdk/toolkit-lib') as typeof import('@aws-cdk/toolkit-lib');
}

/** The plan is the output: the toolkit's own messages (progress, formatted diff) are dropped. */
const SILENT: IIoHost = {
  notify: async () => {},
  requestResponse: async (msg) => msg.defaultResponse,
};
