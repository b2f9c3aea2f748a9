/**
 * What a security reviewer reads: for every template the tool writes (product
 * templates, catalog and pipeline stacks, organisation stacks and the member
 * template), the open findings of the rule packs and cfn-lint, and every
 * acknowledgement with its reason, where it is written and what it covers (an
 * acknowledgement that covers nothing is stale). Built from the very synthesis
 * `synth` runs (synthesizeCatalog), into a temporary folder, collecting the
 * results instead of failing on them.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthesizeCatalog } from './catalog-app';
import { catalogRelativePath } from './catalog-paths';
import { TOOL_ROOT } from './portable-assembly';
import type { AppRuleCheck, CheckedAppKind } from './rule-pack-check';
import type { Catalog } from '../model/catalog';
import type { Acknowledgement } from '../secure/acknowledgements';
import { CFN_LINT_DISABLED_RULES, CFN_LINT_PLUGIN_NAME } from '../secure/cfn-lint-plugin';
import { type RuleFinding } from '../secure/rule-packs';
import { RULE_PACK_NAMES } from '../secure/rule-packs';

export interface ProductSecurityReport {
  readonly productId: string;
  /** `products/<path>`. */
  readonly directory: string;
  /** Findings no acknowledgement covers (synth fails on them). */
  readonly openFindings: readonly RuleFinding[];
  readonly acknowledgements: readonly Acknowledgement[];
}

/** A stack the tool deploys besides products: a catalog stack, the pipeline (with its stages), an organisation stack. */
export interface StackSecurityReport {
  /** Construct id: `dev-eu-west-1`, `Pipeline`, `Organization-StackSet`, `organization-member`, ... */
  readonly stackId: string;
  /** The CloudFormation stack name (not for a stage). */
  readonly stackName?: string;
  /** Which app built it: `catalog` (catalog, pipeline and organisation stacks) or `organization-member` (the StackSet's template). */
  readonly app: CheckedAppKind;
  readonly openFindings: readonly RuleFinding[];
  readonly acknowledgements: readonly Acknowledgement[];
}

export interface SecurityReport {
  /** The rule packs run on every template (cfn-lint among them). */
  readonly rulePacks: readonly string[];
  /** Rules switched off for every template, with why. */
  readonly disabledRules: readonly { readonly id: string; readonly reason: string }[];
  readonly products: readonly ProductSecurityReport[];
  readonly stacks: readonly StackSecurityReport[];
}

/** Synthesizes the catalog at `root` as `synth` does and reports what the rule packs found and what is acknowledged. */
export function securityReport(root: string): SecurityReport {
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-factory-security-report-'));
  const collect: AppRuleCheck[] = [];
  try {
    const { catalog } = synthesizeCatalog({ root, outdir: path.join(workdir, 'cdk.out'), collect });
    return securityReportOf(catalog, collect);
  } finally {
    fs.rmSync(workdir, { recursive: true, force: true });
  }
}

/**
 * The report of a synthesis already made with `collect` (synthesizeCatalog's
 * option): the catalog site builds its security page from the same synthesis
 * that gives it the templates.
 */
export function securityReportOf(catalog: Pick<Catalog, 'root' | 'products'>, collect: readonly AppRuleCheck[]): SecurityReport {
  const root = catalog.root;
  const located = (check: AppRuleCheck) =>
    check.stacks.map((stack) => ({
      ...stack,
      openFindings: stack.openFindings.map((f) => ({ ...f, createdAt: f.createdAt && relativeLocation(root, f.createdAt) })),
      acknowledgements: stack.acknowledgements.map((a) => ({ ...a, writtenAt: a.writtenAt && relativeLocation(root, a.writtenAt) })),
    }));
  const products = new Map(collect.filter((c) => c.app === 'products').flatMap(located).map((s) => [s.id, s]));
  return {
    rulePacks: [...RULE_PACK_NAMES],
    disabledRules: Object.entries(CFN_LINT_DISABLED_RULES).map(([rule, reason]) => ({ id: `${CFN_LINT_PLUGIN_NAME}::${rule}`, reason })),
    products: catalog.products.map((product) => ({
      productId: product.id,
      directory: product.directory,
      openFindings: products.get(product.id)?.openFindings ?? [],
      acknowledgements: products.get(product.id)?.acknowledgements ?? [],
    })),
    stacks: collect
      .filter((c) => c.app !== 'products')
      .flatMap((check) => located(check).map(({ id, ...rest }) => ({ stackId: id, app: check.app, ...rest }))),
  };
}

/** Whether a reviewer must act: an open finding, or an acknowledgement that covers nothing (stale). */
export function needsAttention(report: Pick<SecurityReport, 'products' | 'stacks'>): boolean {
  return [...report.products, ...report.stacks].some(
    (entry) => entry.openFindings.length > 0 || entry.acknowledgements.some((a) => a.covers.length === 0),
  );
}

/**
 * `products/<id>/file.ts:line:col` as the maintainer sees it (see
 * catalog-paths.ts); a line of this tool's own code (the kits under src/)
 * relative to the tool, so the location does not depend on where the catalog is.
 */
function relativeLocation(root: string, location: string): string {
  const match = /^(.*)(:\d+:\d+)$/.exec(location);
  const [file, position] = match ? [match[1], match[2]] : [location, ''];
  const inCatalog = catalogRelativePath(root, file);
  const inTool = path.relative(TOOL_ROOT, file);
  const outside = (relative: string) => relative.startsWith('..') || path.isAbsolute(relative);
  return (outside(inCatalog) && !outside(inTool) ? inTool.split(path.sep).join('/') : inCatalog) + position;
}
