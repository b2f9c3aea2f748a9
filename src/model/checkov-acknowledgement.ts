/**
 * How a checkov finding is accepted: OUTSIDE the template, by check id and
 * logical id, with a reason. Released product templates are immutable (their
 * bytes are their Service Catalog artifact), so an acknowledgement cannot be
 * template metadata; a product declares its own in the static member
 * `checkovAcknowledgements` of its product stack class (product-contract.ts),
 * the generator its own for the catalog, pipeline and organisation stacks
 * (src/generator/checkov-acknowledgements.ts). security-report prints each with
 * its reason, where it is written, and what it covers.
 */

export interface CheckovAcknowledgement {
  /** The checkov check, e.g. `CKV_AWS_18`. */
  readonly check: string;
  /** The template resources it applies to, by logical id as the template writes it. */
  readonly logicalIds: readonly string[];
  /** Only these product versions (released or current); default every version. Not for the generator's stacks. */
  readonly versions?: readonly string[];
  /** Why the finding does not apply or the risk is accepted; where a control is enforced elsewhere, where. */
  readonly reason: string;
  /** Source line that declared it, `/abs/file.ts:line:col` (set by acknowledgeCheckov). */
  readonly writtenAt?: string;
}

/**
 * An acknowledgement, with the source line that declares it (for diagnostics
 * and security-report). Use it for every entry of `checkovAcknowledgements`.
 */
export function acknowledgeCheckov(acknowledgement: Omit<CheckovAcknowledgement, 'writtenAt'>): CheckovAcknowledgement {
  return { ...acknowledgement, writtenAt: callerLocation(new Error().stack ?? '') };
}

const CHECK_ID = /^CKV2?_[A-Z0-9]+_\d+$/;

/** What is wrong with an acknowledgement, or nothing. A reason is required: an acknowledgement without one is not reviewable. */
export function checkovAcknowledgementProblems(acknowledgement: CheckovAcknowledgement): string[] {
  const problems: string[] = [];
  const named = `checkov acknowledgement of '${String(acknowledgement.check)}'`;
  if (typeof acknowledgement.check !== 'string' || !CHECK_ID.test(acknowledgement.check)) {
    problems.push(`${named}: check must be a checkov check id such as CKV_AWS_18`);
  }
  if (!Array.isArray(acknowledgement.logicalIds) || acknowledgement.logicalIds.length === 0 || acknowledgement.logicalIds.some((id) => typeof id !== 'string' || id === '')) {
    problems.push(`${named}: logicalIds must name at least one template logical id`);
  }
  if (typeof acknowledgement.reason !== 'string' || acknowledgement.reason.trim().length < 20) {
    problems.push(`${named} on ${[acknowledgement.logicalIds ?? []].flat().join(', ')}: a reason is required (at least a sentence: why the finding does not apply or where the control is enforced)`);
  }
  if (acknowledgement.versions !== undefined && (!Array.isArray(acknowledgement.versions) || acknowledgement.versions.length === 0)) {
    problems.push(`${named}: versions, when given, must name at least one product version`);
  }
  return problems;
}

/** Whether `acknowledgement` covers a finding of `check` on `logicalId` (in product version `version`, for products). */
export function checkovAcknowledgementCovers(acknowledgement: CheckovAcknowledgement, check: string, logicalId: string, version?: string): boolean {
  return (
    acknowledgement.check === check &&
    acknowledgement.logicalIds.includes(logicalId) &&
    (acknowledgement.versions === undefined || (version !== undefined && acknowledgement.versions.includes(version)))
  );
}

/** The first `.ts` frame after this file: the line that called acknowledgeCheckov. */
function callerLocation(stack: string): string | undefined {
  for (const line of stack.split('\n').slice(1)) {
    const match = /\(?([^()\s]+\.ts):(\d+):(\d+)\)?\s*$/.exec(line);
    if (match && !match[1].endsWith('checkov-acknowledgement.ts') && !match[1].includes('node_modules')) return `${match[1]}:${match[2]}:${match[3]}`;
  }
  return undefined;
}
