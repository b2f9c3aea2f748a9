/**
 * What changed from one version of a product to the next, from the templates
 * themselves (released versions: their frozen template.json; the newest: the
 * template synth built): resources added, removed and changed (with the first
 * difference inside each, template-difference.ts), parameters and outputs
 * added, removed and changed.
 */
import { firstTemplateDifference, type TemplateDifference } from '../generator/template-difference';

export interface ChangedResource {
  readonly id: string;
  readonly type: string;
  /** The first difference inside it (`Properties.X`, before, after). */
  readonly first: TemplateDifference;
}

export interface ChangedEntry {
  readonly id: string;
  /** The attributes that differ (`Default`, `AllowedValues`, ...). */
  readonly attributes: readonly string[];
}

export interface TemplateChanges {
  readonly resourcesAdded: readonly { readonly id: string; readonly type: string }[];
  readonly resourcesRemoved: readonly { readonly id: string; readonly type: string }[];
  readonly resourcesChanged: readonly ChangedResource[];
  readonly parametersAdded: readonly string[];
  readonly parametersRemoved: readonly string[];
  readonly parametersChanged: readonly ChangedEntry[];
  readonly outputsAdded: readonly string[];
  readonly outputsRemoved: readonly string[];
  readonly outputsChanged: readonly string[];
}

type Section = Readonly<Record<string, any>>;

/** The changes from `before` to `after` (parsed templates), in the earlier template's order, new entries after. */
export function templateChanges(before: any, after: any): TemplateChanges {
  const resources = compare(before?.Resources, after?.Resources);
  const typeIn = (section: Section | undefined, id: string) => String(section?.[id]?.Type ?? '');
  const parameters = compare(before?.Parameters, after?.Parameters);
  const outputs = compare(before?.Outputs, after?.Outputs);
  return {
    resourcesAdded: resources.added.map((id) => ({ id, type: typeIn(after?.Resources, id) })),
    resourcesRemoved: resources.removed.map((id) => ({ id, type: typeIn(before?.Resources, id) })),
    resourcesChanged: resources.changed.map((id) => ({
      id,
      type: typeIn(after?.Resources, id),
      first: firstTemplateDifference({ Resources: { [id]: before.Resources[id] } }, { Resources: { [id]: after.Resources[id] } })!,
    })),
    parametersAdded: parameters.added,
    parametersRemoved: parameters.removed,
    parametersChanged: parameters.changed.map((id) => ({ id, attributes: compare(before.Parameters[id], after.Parameters[id]).all })),
    outputsAdded: outputs.added,
    outputsRemoved: outputs.removed,
    outputsChanged: outputs.changed,
  };
}

/** Whether nothing changed in resources, parameters or outputs. */
export function noChanges(changes: TemplateChanges): boolean {
  return Object.values(changes).every((list: readonly unknown[]) => list.length === 0);
}

function compare(before: Section | undefined, after: Section | undefined) {
  const was = before ?? {};
  const now = after ?? {};
  const added = Object.keys(now).filter((id) => !(id in was));
  const removed = Object.keys(was).filter((id) => !(id in now));
  const changed = Object.keys(was).filter((id) => id in now && JSON.stringify(was[id]) !== JSON.stringify(now[id]));
  return { added, removed, changed, all: [...removed, ...changed, ...added] };
}
