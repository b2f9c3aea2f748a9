/**
 * What a product accepts from the rule packs, for a reviewer: every
 * acknowledgement recorded on the construct tree (where, which rule, why), and
 * what it actually covers in the synthesized template, read back from the
 * validation report. An acknowledgement that covers nothing is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export interface Acknowledgement {
  /** e.g. `AwsSolutions::AwsSolutions-IAM5[Resource::*]`. */
  readonly id: string;
  readonly reason: string;
  /** Construct path the acknowledgement was made on; it covers that construct and everything below. */
  readonly acknowledgedAt: string;
  /** Source line of the `acknowledge` call, `/abs/file.ts:line:col`, when known. */
  readonly writtenAt?: string;
  /** Construct paths of the findings it suppressed in this synth; empty: stale. */
  readonly covers: readonly string[];
}

/** Every acknowledgement made on `scope` or below, in tree order. */
export function acknowledgementsIn(scope: IConstruct): Omit<Acknowledgement, 'covers'>[] {
  const found: Omit<Acknowledgement, 'covers'>[] = [];
  for (const construct of scope.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ id, reason, acknowledgedAt: construct.node.path, writtenAt: callSite(entry.trace ?? []) });
      }
    }
  }
  return found;
}

interface SuppressedViolation {
  readonly acknowledgedId: string;
  readonly acknowledgedAt: string;
  readonly violatingConstructs: readonly { readonly constructPath?: string }[];
}

/**
 * Joins acknowledgements with the suppressed findings of the validation report
 * in `outdir`: what each one covers.
 */
export function withCoverage(acknowledgements: readonly Omit<Acknowledgement, 'covers'>[], outdir: string): Acknowledgement[] {
  const file = path.join(outdir, 'validation-report.json');
  const report = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { pluginReports: { suppressedViolations?: SuppressedViolation[] }[] })
    : { pluginReports: [] };
  const covered = new Map<string, Set<string>>();
  for (const plugin of report.pluginReports) {
    for (const violation of plugin.suppressedViolations ?? []) {
      const key = `${violation.acknowledgedAt}|${violation.acknowledgedId}`;
      const paths = covered.get(key) ?? new Set<string>();
      for (const construct of violation.violatingConstructs) if (construct.constructPath) paths.add(construct.constructPath);
      covered.set(key, paths);
    }
  }
  return acknowledgements.map((a) => ({ ...a, covers: [...(covered.get(`${a.acknowledgedAt}|${a.id}`) ?? [])].sort() }));
}

/** The first frame after `acknowledge` outside aws-cdk-lib, node internals and this kit: the product line. */
function callSite(trace: readonly string[]): string | undefined {
  for (const line of trace) {
    const match = /\(?([^()\s]+\.ts):(\d+):(\d+)\)?\s*$/.exec(line);
    if (match && !match[1].includes('node_modules') && !match[1].includes(`${path.sep}src${path.sep}secure${path.sep}`)) {
      return `${match[1]}:${match[2]}:${match[3]}`;
    }
  }
  return undefined;
}
