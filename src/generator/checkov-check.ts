/**
 * checkov over every template synth writes, its findings treated like the rule
 * packs': every finding is fixed or acknowledged with a reason, or synth fails
 * with a diagnostic per finding (product, version, logical id, check, what to
 * do); `security-report` lists checkov's open findings and acknowledgements
 * next to cdk-nag's, in the same entries.
 *
 * The templates: every published version of every product (released ones from
 * products/<id>/versions/, the newest unreleased one from the current code),
 * and every stack of the catalog assembly (catalog stacks, the pipeline and its
 * stages, the organisation stacks) and of the organisation's member template.
 * Acknowledgements live outside the templates (released ones never change):
 * the product class's `checkovAcknowledgements`, the generator's
 * GENERATOR_CHECKOV_ACKNOWLEDGEMENTS.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { catalogRelativePath } from './catalog-paths';
import { GENERATOR_CHECKOV_ACKNOWLEDGEMENTS } from './checkov-acknowledgements';
import { ORGANIZATION_ASSEMBLY_DIR } from './organization-member-template';
import { TOOL_ROOT } from './portable-assembly';
import type { AppRuleCheck, CheckedAppKind, StackRuleCheck } from './rule-pack-check';
import type { VersionTemplates } from './versions';
import type { Catalog, Product } from '../model/catalog';
import { type CheckovAcknowledgement, checkovAcknowledgementCovers } from '../model/checkov-acknowledgement';
import { type Diagnostic, throwIfAny } from '../model/diagnostics';
import { declaredCheckovAcknowledgements } from '../model/product-contract';
import type { Acknowledgement } from '../secure/acknowledgements';
import { CHECKOV_NAME, type CheckovFinding, scanTemplates } from '../secure/checkov';
import type { RuleFinding } from '../secure/rule-packs';

/** A template to scan and whose it is. */
export type ScannedTemplate =
  | { readonly owner: 'product'; readonly product: Product; readonly version: string; readonly origin: 'current' | 'released'; readonly templateFile: string }
  | {
    readonly owner: 'generator';
    readonly app: Exclude<CheckedAppKind, 'products'>;
    /** Top-level construct id (the security report's stack id): `dev-eu-west-1`, `Pipeline`, `organization-member`. */
    readonly stackId: string;
    /** Path of the stack below the app: `Pipeline/dev/dev-eu-west-1`. */
    readonly stackPath: string;
    readonly templateFile: string;
    /** The stack's account, if it has one (its template is then scanned in canonical form: template-forms.ts). */
    readonly accountId?: string;
  };

/**
 * Every template synth writes, from the published versions and the catalog
 * assembly at `assemblyDir` (with the organisation's member assembly inside it).
 */
export function templatesToScan(catalog: Catalog, versions: VersionTemplates, assemblyDir: string): ScannedTemplate[] {
  const products: ScannedTemplate[] = catalog.products.flatMap((product) =>
    (versions.get(product.id) ?? []).map((v) => ({
      owner: 'product' as const,
      product,
      version: v.version.name,
      origin: v.origin,
      templateFile: v.templateFile,
    })),
  );
  const stacks = (dir: string, app: Exclude<CheckedAppKind, 'products'>): ScannedTemplate[] =>
    fs.existsSync(path.join(dir, 'manifest.json'))
      ? new CloudAssembly(dir).stacksRecursively.map((stack) => ({
        owner: 'generator' as const,
        app,
        stackId: stack.hierarchicalId.split('/')[0],
        stackPath: stack.hierarchicalId,
        templateFile: stack.templateFullPath,
        ...(/^\d{12}$/.test(stack.environment.account) ? { accountId: stack.environment.account } : {}),
      }))
      : [];
  return [...products, ...stacks(assemblyDir, 'catalog'), ...stacks(path.join(assemblyDir, ORGANIZATION_ASSEMBLY_DIR), 'organization-member')];
}

/**
 * Scans `templates` with checkov (one process) and holds the findings against
 * the acknowledgements. With `collect`, merges the open findings and the
 * acknowledgements (with what each covers) into the matching entries there;
 * otherwise throws a ManifestError with one diagnostic per open finding.
 */
export function checkCheckov(
  catalog: Catalog,
  productAcknowledgements: (productId: string) => readonly CheckovAcknowledgement[],
  templates: readonly ScannedTemplate[],
  collect?: AppRuleCheck[],
): void {
  const findings = scanTemplates(templates.map((t) => ({ file: t.templateFile, accountId: t.owner === 'generator' ? t.accountId : undefined })));
  const byFile = new Map<string, CheckovFinding[]>();
  for (const f of findings) byFile.set(f.templateFile, [...(byFile.get(f.templateFile) ?? []), f]);

  // Per report entry (product or top-level stack): its open findings, and its acknowledgements with what each
  // covers. A product's acknowledgement is listed when its templates hold one of its resources (not for a
  // version this catalog does not publish), and is stale when it covers nothing there. The generator's depend
  // on what the catalog deploys (a cross-region pipeline, an organisation): listed where they cover something.
  const entries = new Map<string, { app: CheckedAppKind; openFindings: RuleFinding[]; acknowledgements: Map<CheckovAcknowledgement, Set<string>> }>();
  const diagnostics: Diagnostic[] = [];
  for (const template of templates) {
    const id = template.owner === 'product' ? template.product.id : template.stackId;
    const app: CheckedAppKind = template.owner === 'product' ? 'products' : template.app;
    const key = `${app}\u0000${id}`;
    const target = entries.get(key) ?? entries.set(key, { app, openFindings: [], acknowledgements: new Map() }).get(key)!;
    const version = template.owner === 'product' ? template.version : undefined;
    const candidates = template.owner === 'product' ? productAcknowledgements(id) : GENERATOR_CHECKOV_ACKNOWLEDGEMENTS;
    if (template.owner === 'product') {
      const resources = new Set(Object.keys((JSON.parse(fs.readFileSync(template.templateFile, 'utf8')) as { Resources?: object }).Resources ?? {}));
      for (const a of candidates) {
        const inVersion = a.versions === undefined || a.versions.includes(template.version);
        const present = inVersion && a.logicalIds.some((logicalId) => resources.has(logicalId));
        if (present && !target.acknowledgements.has(a)) target.acknowledgements.set(a, new Set());
      }
    }
    for (const finding of byFile.get(path.resolve(template.templateFile)) ?? []) {
      const where = template.owner === 'product' ? `${id}/${template.version}/${finding.logicalId}` : `${template.stackPath}/${finding.logicalId}`;
      const acknowledgement = candidates.find((a) => checkovAcknowledgementCovers(a, finding.checkId, finding.logicalId, version));
      if (acknowledgement) {
        target.acknowledgements.set(acknowledgement, (target.acknowledgements.get(acknowledgement) ?? new Set()).add(where));
        continue;
      }
      const createdAt = findingLocation(catalog, template, finding);
      target.openFindings.push({
        pack: CHECKOV_NAME,
        acknowledgeId: `${CHECKOV_NAME}::${finding.checkId}`,
        severity: 'error',
        description: `${finding.checkName} (${finding.resourceType} ${finding.logicalId})`,
        constructPath: where,
        createdAt,
      });
      diagnostics.push(findingDiagnostic(catalog, template, finding, createdAt));
    }
  }

  if (!collect) {
    throwIfAny(diagnostics);
    return;
  }
  for (const [key, value] of entries) {
    const id = key.split('\u0000')[1];
    const acknowledgements: Acknowledgement[] = [...value.acknowledgements].map(([a, covers]) => ({
      id: `${CHECKOV_NAME}::${a.check}`,
      reason: a.reason,
      acknowledgedAt: `${id}/${a.logicalIds.join(', ')}${a.versions ? ` (versions ${a.versions.join(', ')})` : ''}`,
      writtenAt: a.writtenAt,
      covers: [...covers].sort(),
    }));
    mergeInto(collect, value.app, { id, openFindings: value.openFindings, acknowledgements });
  }
}

/** The acknowledgements of every product, as its class declares them. */
export function productCheckovAcknowledgements(registry: ReadonlyMap<string, unknown>): (productId: string) => readonly CheckovAcknowledgement[] {
  return (productId) => declaredCheckovAcknowledgements(registry.get(productId));
}

/** Appends `stack`'s results to the entry of the same app and id in `collect` (the rule packs' results), or adds one. */
function mergeInto(collect: AppRuleCheck[], app: CheckedAppKind, stack: StackRuleCheck): void {
  const index = collect.findIndex((c) => c.app === app && c.stacks.some((s) => s.id === stack.id));
  if (index < 0) {
    collect.push({ app, stacks: [stack] });
    return;
  }
  const check = collect[index];
  collect[index] = {
    ...check,
    stacks: check.stacks.map((s) =>
      s.id === stack.id
        ? { ...s, openFindings: [...s.openFindings, ...stack.openFindings], acknowledgements: [...s.acknowledgements, ...stack.acknowledgements] }
        : s,
    ),
  };
}

/**
 * Where a maintainer acts on a finding, `/abs/file:line:col`: in a released
 * template, the resource's line (the template cannot change: acknowledge it);
 * in the current code's template, which synth does not keep when it fails, the
 * product class that declares the acknowledgements; in a generator stack, the
 * generator's acknowledgements.
 */
function findingLocation(catalog: Catalog, template: ScannedTemplate, finding: CheckovFinding): string {
  if (template.owner === 'product' && template.origin === 'released') {
    const line = fs.readFileSync(template.templateFile, 'utf8').split('\n')[finding.lines[0] - 1] ?? '';
    return `${template.templateFile}:${finding.lines[0]}:${Math.max(1, line.indexOf(`"${finding.logicalId}"`) + 1)}`;
  }
  if (template.owner === 'product') {
    const entry = path.join(catalog.root, template.product.directory, 'index.ts');
    const lines = fs.existsSync(entry) ? fs.readFileSync(entry, 'utf8').split('\n') : [];
    const line = lines.findIndex((l) => /\bclass\s+\w+\s+extends\b/.test(l));
    return `${entry}:${line + 1 || 1}:${line < 0 ? 1 : lines[line].indexOf('class') + 1}`;
  }
  return `${path.join(TOOL_ROOT, 'src', 'generator', 'checkov-acknowledgements.ts')}:1:1`;
}

function findingDiagnostic(catalog: Catalog, template: ScannedTemplate, finding: CheckovFinding, location: string): Diagnostic {
  const [, file, line, col] = /^(.*):(\d+):(\d+)$/.exec(location)!;
  const resource = `${finding.resourceType} ${finding.logicalId}`;
  const check = `checkov ${finding.checkId} (${finding.checkName})`;
  const message =
    template.owner === 'product'
      ? `${check} on ${resource} in product '${template.product.id}' version ${template.version} ` +
        `(${template.origin === 'released' ? 'released: its template cannot change' : 'built from the current code'}, template lines ${finding.lines[0]}-${finding.lines[1]}). ` +
        (template.origin === 'released'
          ? `Acknowledge it in the product class: static checkovAcknowledgements = [acknowledgeCheckov({ check: '${finding.checkId}', logicalIds: ['${finding.logicalId}'], versions: ['${template.version}'], reason: '...' })].`
          : `Fix the resource, or acknowledge it in the product class: static checkovAcknowledgements = [acknowledgeCheckov({ check: '${finding.checkId}', logicalIds: ['${finding.logicalId}'], reason: '...' })].`)
      : `${check} on ${resource} in stack ${template.stackPath} (template lines ${finding.lines[0]}-${finding.lines[1]}). ` +
        `Fix the generator, or acknowledge '${finding.checkId}' for '${finding.logicalId}' with a reason in src/generator/checkov-acknowledgements.ts.`;
  return { file: catalogRelativePath(catalog.root, file), line: Number(line), col: Number(col), code: 'CHECKOV_FINDING', message };
}
