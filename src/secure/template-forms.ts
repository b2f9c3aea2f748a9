/**
 * One lint for the catalog stacks of many accounts. The catalog stack of each
 * account is its own template, but those of one region and the same portfolios
 * differ only in three things:
 *
 * - the account's id (in ARNs and the bootstrap bucket's URL);
 * - the logical ids CDK derives from construct addresses, which include the
 *   stack (portfolio associations, launch constraints);
 * - the account's name in the stack's Description.
 *
 * A template's canonical form stands those in, so such templates share one key
 * in the findings cache (file-results.ts): the linters run on one of them, its
 * findings are kept with the same stand-ins, and every other template gets them
 * with its own names put back. Lines and columns agree between templates of one
 * key (the key's text keeps the layout and each name's length), so checkov's
 * line ranges hold for every one of them.
 *
 * Stand-ins, each between two U+E000 (a private-use character; a template that
 * holds one has no canonical form and is its own key):
 * - the account id the caller gives (the stack's environment), where it is a
 *   12-digit number of its own (not part of a longer one);
 * - every logical id of MIN_LOGICAL_ID characters or more, by its position in
 *   the template and its length, where it is a word of its own (shorter ones
 *   could be ordinary words, such as a resource type's last part);
 * - the top-level Description, by its length.
 *
 * What this assumes of a linter, and the tests check for cfn-lint, checkov and
 * aws-cdk-lib's validation on templates with findings: its findings depend on a
 * logical id only through its length and where it is referenced, on the account
 * id not at all beyond being one, and on the Description only through its
 * length. A finding naming one of them names it in full (a name cut short in a
 * message would keep the linted template's name).
 *
 * Only templates with an account (environment-specific stacks) are put in
 * canonical form: product templates have no account, and are each their own.
 */
import * as fs from 'node:fs';
import { findingsPerFile } from './file-results';

/** Shorter logical ids are not stood in for: they could be ordinary words (`Bucket` in `AWS::S3::Bucket`). */
export const MIN_LOGICAL_ID = 12;

const MARK = '\uE000';
const SECTIONS = ['Parameters', 'Mappings', 'Conditions', 'Rules', 'Resources', 'Outputs'];

export interface TemplateForm {
  /** The text the findings key is made of: the template's own, or its canonical form. */
  readonly text: string;
  /** Whether names were stood in for. */
  readonly canonical: boolean;
  /** `value` (findings of this template, as JSON) with this template's names stood in for, in every string. */
  toCanonical<T>(value: T): T;
  /** `value` (findings in canonical form) with this template's names put back, in every string. */
  fromCanonical<T>(value: T): T;
}

/** The canonical form of `text` (a CloudFormation template as JSON) for a stack in `accountId` (none: its own form). */
export function templateForm(text: string, accountId: string | undefined): TemplateForm {
  const own: TemplateForm = { text, canonical: false, toCanonical: (v) => v, fromCanonical: (v) => v };
  if (accountId === undefined || !/^\d{12}$/.test(accountId) || text.includes(MARK)) return own;
  let template: { Description?: unknown } & Record<string, unknown>;
  try {
    template = JSON.parse(text) as typeof template;
  } catch {
    return own; // not JSON: the linter says so, on the template itself
  }
  if (template === null || typeof template !== 'object' || Array.isArray(template)) return own;

  const standIns = new Map<string, string>(); // name -> stand-in
  standIns.set(accountId, `${MARK}account${MARK}`);
  let position = 0;
  for (const section of SECTIONS) {
    const elements = template[section];
    if (elements === null || typeof elements !== 'object' || Array.isArray(elements)) continue;
    for (const logicalId of Object.keys(elements)) {
      position++;
      if (logicalId.length >= MIN_LOGICAL_ID && /^[A-Za-z0-9]+$/.test(logicalId) && !standIns.has(logicalId)) {
        standIns.set(logicalId, `${MARK}id${position}:${logicalId.length}${MARK}`);
      }
    }
  }
  const names = [...standIns.keys()].sort((a, b) => b.length - a.length); // the longest first, where one holds another
  const words = new RegExp(`(?<![A-Za-z0-9])(?:${names.map(escapeRegExp).join('|')})(?![A-Za-z0-9])`, 'g');
  const standInWords = (s: string) => s.replace(words, (name) => standIns.get(name)!);

  // The Description as written at the top of the template (CDK writes it first, one space in); as decoded in findings.
  const description = typeof template.Description === 'string' && template.Description.length >= MIN_LOGICAL_ID ? template.Description : undefined;
  const written = description === undefined ? undefined : `\n "Description": ${JSON.stringify(description)}`;
  const descriptionStandIn = description === undefined ? '' : `${MARK}description:${description.length}${MARK}`;
  const at = written === undefined ? -1 : text.indexOf(written);
  const canonicalText =
    at !== -1 && at === text.lastIndexOf(written!)
      ? `${standInWords(text.slice(0, at))}\n "Description": "${descriptionStandIn}"${standInWords(text.slice(at + written!.length))}`
      : standInWords(text);
  const standInString = (s: string) => standInWords(description !== undefined ? s.split(description).join(descriptionStandIn) : s);

  const back = new Map([...standIns].map(([name, standIn]) => [standIn, name]));
  if (description !== undefined) back.set(descriptionStandIn, description);
  const putBack = (s: string) =>
    s.replace(new RegExp(`${MARK}[^${MARK}]*${MARK}`, 'g'), (standIn) => {
      const name = back.get(standIn);
      if (name === undefined) throw new Error(`internal error: the stand-in ${JSON.stringify(standIn)} is not one of this template's`);
      return name;
    });
  return { text: canonicalText, canonical: true, toCanonical: (v) => mapStrings(v, standInString), fromCanonical: (v) => mapStrings(v, putBack) };
}

/** A template a linter reads, and the account of its stack (none: an environment-agnostic template). */
export interface LintedTemplate {
  readonly file: string;
  readonly accountId?: string;
}

/**
 * The findings of each template (file -> its findings) from the cache at `dir`,
 * by the key `keyOf` makes of each template's form (its text, and the linter's
 * settings), running `compute` on one template of each key not
 * there yet. The findings of a template in canonical form are kept in a fixed
 * order, whichever template of its key was linted: by `orderOf` (the linter's
 * own order, where it has one), then by their JSON text.
 */
export function findingsPerTemplate<T>(
  dir: string,
  templates: readonly LintedTemplate[],
  keyOf: (form: TemplateForm, file: string) => string,
  compute: (files: readonly string[]) => ReadonlyMap<string, readonly T[]>,
  orderOf: (finding: T) => readonly (number | string)[] = () => [],
): Map<string, T[]> {
  const forms = new Map<string, TemplateForm>();
  for (const { file, accountId } of templates) if (!forms.has(file)) forms.set(file, templateForm(fs.readFileSync(file, 'utf8'), accountId));
  const keys = new Map([...forms].map(([file, form]) => [file, keyOf(form, file)]));
  const found = findingsPerFile<T[]>(dir, keys, (files) => {
    const computed = compute(files);
    return new Map(
      files.map((file) => {
        const findings = computed.get(file);
        if (findings === undefined) throw new Error(`no findings for ${file} in the tool's answer`);
        const form = forms.get(file)!;
        return [file, form.canonical ? sorted(form.toCanonical([...findings]), orderOf) : [...findings]];
      }),
    );
  });
  return new Map([...forms].map(([file, form]) => [file, form.fromCanonical(found.get(file)!)]));
}

function sorted<T>(values: T[], orderOf: (value: T) => readonly (number | string)[]): T[] {
  const keyed = values.map((value) => ({ value, key: [...orderOf(value), JSON.stringify(value)] }));
  const compare = (a: readonly (number | string)[], b: readonly (number | string)[]): number => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return a.length - b.length;
  };
  return keyed.sort((a, b) => compare(a.key, b.key)).map(({ value }) => value);
}

/** `value` with `f` applied to every string in it (object keys stay). */
function mapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, f)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)])) as T;
  return value;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
