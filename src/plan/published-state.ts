/**
 * The published state: catalog.lock.json, the committed record of what was last
 * published from this repository, one entry per target. `plan` compares what
 * the repository would publish now (the published shape, src/model/published-shape.ts)
 * with that record; `publish` (or `recordPublished`) writes it after each target
 * is deployed. Its types and its validation come from one TypeBox schema
 * (src/model/published-state-schema.ts), like the manifest's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { targetShapes } from '../generator/targets';
import { validateAgainstSchema } from '../manifest/schema-validation';
import { YamlSource } from '../manifest/yaml-source';
import type { Catalog } from '../model/catalog';
import { type Diagnostic, echo, ManifestError } from '../model/diagnostics';
import type { PublishedVersionTemplates } from '../model/published-shape';
import {
  PUBLISHED_STATE_FILE,
  PUBLISHED_STATE_FORMAT,
  type PublishedState,
  PublishedStateSchema,
  type PublishedTargetState,
  type TargetState,
} from '../model/published-state-schema';

export { PUBLISHED_STATE_FILE, PUBLISHED_STATE_FORMAT };
export type { PortfolioState, ProductState, PublishedState, PublishedTargetState, TargetState, VersionState } from '../model/published-state-schema';

/**
 * What publishing the repository as it is now would leave in every target: the
 * publish targets' shapes (src/generator/targets/), the catalog stacks in
 * catalog order, then the organisation's StackSet, if any.
 */
export function desiredTargetStates(catalog: Catalog, versions: PublishedVersionTemplates): TargetState[] {
  return targetShapes(catalog, versions);
}

/** The recorded state, or undefined when nothing was published from this repository yet. */
export function readPublishedState(root: string): PublishedState | undefined {
  const file = path.join(root, PUBLISHED_STATE_FILE);
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  let data: unknown;
  try {
    // The record is JSON, so JSON's rules, not YAML's (a superset), decide what is readable.
    data = JSON.parse(text);
  } catch (error) {
    throw invalid([{ ...at(text, positionOf(error as Error)), code: 'PUBLISHED_STATE_INVALID', message: echo((error as Error).message, 160) }]);
  }
  const format = (data as { format?: unknown } | null)?.format;
  if (typeof data !== 'object' || data === null || Array.isArray(data) || format !== PUBLISHED_STATE_FORMAT) {
    throw invalid([{
      ...at(text, 0),
      code: 'PUBLISHED_STATE_INVALID',
      message: `expected {"format": ${PUBLISHED_STATE_FORMAT}, "targets": {...}} as written by sc-factory publish`,
    }]);
  }
  // Parsed again as YAML (JSON is YAML) only to point at the key or value a problem is about.
  const source = YamlSource.parse(PUBLISHED_STATE_FILE, text);
  const problems = [...source.diagnostics, ...validateAgainstSchema(PublishedStateSchema, source, data)];
  if (problems.length > 0) throw invalid(problems);
  return data as PublishedState;
}

/**
 * Records `targets` as published at `now` in catalog.lock.json, keeping the
 * other targets' records. Called by `publish` after each target is deployed.
 */
export function recordPublished(root: string, targets: readonly TargetState[], now: Date = new Date()): PublishedState {
  const previous = readPublishedState(root)?.targets ?? {};
  const merged: Record<string, PublishedTargetState> = { ...previous };
  for (const target of targets) merged[target.id] = { ...target, publishedAt: now.toISOString() };
  const state: PublishedState = {
    format: PUBLISHED_STATE_FORMAT,
    targets: Object.fromEntries(Object.keys(merged).sort().map((id) => [id, merged[id]])),
  };
  const file = path.join(root, PUBLISHED_STATE_FILE);
  const staging = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(staging, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(staging, file);
  return state;
}

/**
 * `publish`'s hook: records the targets among `stackIds` (catalog stacks, the
 * organisation's StackSet; other stacks are not targets) as published now,
 * with the content of the synthesis they were deployed from.
 */
export function recordPublishedStacks(
  synthesized: { readonly catalog: Catalog; readonly versions: PublishedVersionTemplates },
  stackIds: readonly string[],
  now: Date = new Date(),
): PublishedState | undefined {
  const targets = desiredTargetStates(synthesized.catalog, synthesized.versions).filter((t) => stackIds.includes(t.id));
  return targets.length === 0 ? undefined : recordPublished(synthesized.catalog.root, targets, now);
}

/** Every problem, said to be about the record, with the remedy. */
function invalid(problems: readonly Diagnostic[]): ManifestError {
  return new ManifestError(problems.map((problem) => ({
    ...problem,
    message:
      `${PUBLISHED_STATE_FILE} is not a published-state record: ${problem.message}. It is written by sc-factory publish; ` +
      'restore it from version control (or delete it to plan as if nothing was published)',
  })));
}

/** The line and column of a character offset (1-based; the start when unknown). */
function at(text: string, offset: number | undefined): { file: string; line: number; col: number } {
  const before = offset === undefined ? '' : text.slice(0, offset);
  return { file: PUBLISHED_STATE_FILE, line: before.split('\n').length, col: before.length - before.lastIndexOf('\n') };
}

/** The character offset JSON.parse reports, if any (`... at position 12`). */
function positionOf(error: Error): number | undefined {
  const match = /position (\d+)/.exec(error.message);
  return match ? Number(match[1]) : undefined;
}
