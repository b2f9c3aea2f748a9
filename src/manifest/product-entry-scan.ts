/**
 * Which product stack class a product's entry file exports, read from its text
 * without running it: validate must not pay for loading aws-cdk-lib and every
 * product to learn that `products/<id>/index.ts` exports one class extending the
 * kit's SecureProductStack (or a kit subclass of it, KIT_PRODUCT_STACK_BASES).
 *
 * The scan only ever answers "exactly this one class" when the text leaves no
 * doubt; anything it does not understand (export *, default exports, aliases,
 * a base class from another file of the product, ...) is `unknown`, and the
 * caller then loads the entry as synth does, so an unusual entry costs time,
 * never a different diagnostic. Errors when running the code (a throw at load,
 * a missing import) are synth's to report: validate does not execute products.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The kit's product stack classes a product may extend, by the kit module that
 * exports them (relative to the kit root, without `.ts` or `/index`). A test
 * checks this list against the kit's exports (test/manifest/product-code.test.ts).
 */
export const KIT_PRODUCT_STACK_BASES: Readonly<Record<string, readonly string[]>> = {
  'src/secure': ['SecureProductStack'],
  'src/secure/secure-product-stack': ['SecureProductStack'],
  'src/monitoring': ['MonitoringProduct'],
  'src/monitoring/monitoring-product': ['MonitoringProduct'],
};

const KIT_BASE_NAMES = new Set(Object.values(KIT_PRODUCT_STACK_BASES).flat());

/** Packages whose exports are never product stacks. */
const PLAIN_PACKAGES = /^(node:|aws-cdk-lib(\/|$)|constructs$)/;

export type EntryScan =
  | {
    readonly kind: 'one';
    readonly className: string;
    /**
     * How the entry declares the contract (product-contract.ts): not at all,
     * only by re-exporting its contract.ts (`static readonly ssmParameters =
     * contract.ssmParameters` with `import * as contract from './contract'`), or
     * otherwise (only loading the class tells what it declares).
     */
    readonly contract: 'none' | 'reexported' | 'other';
  }
  | { readonly kind: 'unknown'; readonly reason: string };

interface Binding {
  readonly spec: string;
  /** The imported name; `*` for a namespace import. */
  readonly name: string;
}

/** Scans by real path (and time, size): product folders linking the same code (as generated catalogs do) are read once per run. */
const scans = new Map<string, EntryScan>();

/** Scans `entryFile` (an existing product entry). */
export function scanProductEntry(entryFile: string): EntryScan {
  const real = fs.realpathSync(entryFile);
  const { mtimeMs, size } = fs.statSync(real);
  const key = `${real}\0${mtimeMs}\0${size}`;
  let scan = scans.get(key);
  if (!scan) {
    scan = scanText(real);
    scans.set(key, scan);
  }
  return scan;
}

function scanText(entryFile: string): EntryScan {
  const text = fs.readFileSync(entryFile, 'utf8');
  const { code, bare } = blank(text);
  const dir = path.dirname(fs.realpathSync(entryFile));
  const unknown = (reason: string): EntryScan => ({ kind: 'unknown', reason });

  if (/\bmodule\.exports\b|\bexports\.\w/.test(bare)) return unknown('assigns module.exports');

  // Imports: local name -> where it comes from (type-only imports bind nothing at run time).
  const imports = new Map<string, Binding>();
  for (const m of bare.matchAll(/\bimport\s+(type\s+)?([\w$*\s{},]*?)\s*from\s*(['"])/g)) {
    if (m[1]) continue;
    const spec = stringAt(code, m.index! + m[0].length - 1);
    const clause = m[2].trim();
    const namespace = /^\*\s*as\s+([\w$]+)$/.exec(clause);
    if (namespace) {
      imports.set(namespace[1], { spec, name: '*' });
      continue;
    }
    const braces = /\{([^}]*)\}/.exec(clause);
    const head = clause.replace(/\{[^}]*\}/, '').replace(/,/g, ' ').trim();
    if (head) imports.set(head, { spec, name: 'default' });
    for (const specifier of braces ? specifiers(braces[1]) : []) imports.set(specifier.local, { spec, name: specifier.imported });
  }

  // Local classes: name -> the expression after `extends` (undefined: none).
  const classes = new Map<string, string | undefined>();
  for (const m of bare.matchAll(/\bclass\s+([\w$]+)\s*(?:<[^{]*?>)?\s*(?:extends\s+([\w$.]+))?/g)) classes.set(m[1], m[2]);

  const stacks = new Set<string>();
  const exportStatements = [...bare.matchAll(/(^|[;}\n])\s*export\b/g)];
  for (const m of exportStatements) {
    const start = m.index! + m[0].length;
    const rest = bare.slice(start, start + 400);
    let d: RegExpExecArray | null;
    if (/^\s+default\b/.test(rest)) return unknown('has a default export');
    if (/^\s*\*\s*from\b/.test(rest)) return unknown('re-exports everything of a module (export *)');
    if (/^\s*\*\s*as\s+[\w$]+\s+from\b/.test(rest)) continue; // a namespace object, not a class
    if ((d = /^\s+(?:declare\s+)?(?:abstract\s+)?class\s+([\w$]+)/.exec(rest))) {
      const verdict = isProductStack(d[1]);
      if (verdict === undefined) return unknown(`cannot tell what class ${d[1]} extends`);
      if (verdict) stacks.add(d[1]);
      continue;
    }
    if (/^\s+(?:declare\s+)?(?:async\s+)?(?:function\b|enum\b|const\s+enum\b|interface\b|type\s+[\w$]+|namespace\b)/.test(rest)) continue;
    if ((d = /^\s+(?:const|let|var)\s+([\w$]+)\s*(?::[^=]*)?=\s*([^\s;]*)/.exec(rest))) {
      if (mayBeClass(d[2])) return unknown(`cannot tell whether ${d[1]} is a class`);
      continue;
    }
    if ((d = /^\s*(type\s*)?\{([^}]*)\}\s*(from\s*['"])?/.exec(rest))) {
      if (d[1]) continue;
      const spec = d[3] ? stringAt(code, start + d[0].length - 1) : undefined;
      for (const specifier of specifiers(d[2])) {
        const verdict = spec === undefined ? localExport(specifier.local) : reexport({ spec, name: specifier.local });
        if (verdict === undefined) return unknown(`cannot tell what ${specifier.exported} is`);
        if (verdict) stacks.add(specifier.exported);
      }
      continue;
    }
    return unknown('has an export the scan does not read');
  }
  if (stacks.size !== 1) return unknown(`exports ${stacks.size} product stacks by the scan`);
  return { kind: 'one', className: [...stacks][0], contract: contractDeclaration() };

  function contractDeclaration(): 'none' | 'reexported' | 'other' {
    const mentions = [...bare.matchAll(/\b(ssmParameters|catalogRequirements|checkovAcknowledgements)\b/g)];
    if (mentions.length === 0) return 'none';
    const reexports = [...bare.matchAll(/\bstatic\s+readonly\s+(ssmParameters|catalogRequirements|checkovAcknowledgements)\s*=\s*([\w$]+)\.(ssmParameters|catalogRequirements|checkovAcknowledgements)\s*;/g)];
    const fromContract = reexports.every((m) => {
      const binding = imports.get(m[2]);
      return m[1] === m[3] && binding?.name === '*' && /^\.\/contract(\.ts)?$/.test(binding.spec);
    });
    // Each mention is one side of such a re-export, nothing else.
    return fromContract && mentions.length === reexports.length * 2 ? 'reexported' : 'other';
  }

  /** true: a product stack class; false: not one; undefined: cannot tell. */
  function isProductStack(className: string, seen = new Set<string>()): boolean | undefined {
    if (seen.has(className)) return undefined;
    seen.add(className);
    const base = classes.get(className);
    if (base === undefined) return false; // no extends: a plain class
    const [head, member] = base.split('.');
    if (member !== undefined) {
      const binding = imports.get(head);
      return binding?.name === '*' ? baseFrom({ spec: binding.spec, name: member }) : undefined;
    }
    const binding = imports.get(head);
    if (binding) return baseFrom(binding);
    if (classes.has(head)) return isProductStack(head, seen);
    return undefined;
  }

  function baseFrom(binding: Binding): boolean | undefined {
    if (PLAIN_PACKAGES.test(binding.spec)) return false;
    const kit = kitModule(binding.spec);
    if (kit === undefined) return undefined;
    return KIT_PRODUCT_STACK_BASES[kit].includes(binding.name) ? true : undefined;
  }

  function localExport(name: string): boolean | undefined {
    if (classes.has(name)) return isProductStack(name);
    const binding = imports.get(name);
    if (binding) return reexport(binding);
    return declaredAsNonClass(bare, name);
  }

  function reexport(binding: Binding): boolean | undefined {
    if (PLAIN_PACKAGES.test(binding.spec)) return false;
    if (kitModule(binding.spec) !== undefined) return KIT_BASE_NAMES.has(binding.name) ? undefined : false;
    if (!binding.spec.startsWith('.') || binding.name === '*' || binding.name === 'default') return undefined;
    const file = resolveTs(path.resolve(dir, binding.spec));
    if (file === undefined || path.dirname(file) !== dir) return undefined; // only files of the product folder itself
    // The raw text (not blanked: a module re-exported from may be long): a `class NAME` even in a comment means "cannot tell".
    return declaredAsNonClass(fs.readFileSync(file, 'utf8'), binding.name);
  }

  /** The kit module `spec` names (a key of KIT_PRODUCT_STACK_BASES), if it is one that exists. */
  function kitModule(spec: string): string | undefined {
    if (!spec.startsWith('.') && !path.isAbsolute(spec)) return undefined;
    const resolved = path.resolve(dir, spec).split(path.sep).join('/').replace(/\.ts$/, '').replace(/\/index$/, '');
    const kit = Object.keys(KIT_PRODUCT_STACK_BASES).find((module) => resolved.endsWith(`/${module}`));
    return kit !== undefined && resolveTs(resolved) !== undefined ? kit : undefined;
  }
}

/** false when `name` is declared in `text` as something other than a class; undefined when it cannot tell. */
function declaredAsNonClass(text: string, name: string): false | undefined {
  const escaped = name.replace(/\$/g, '\\$');
  if (new RegExp(`\\bclass\\s+${escaped}\\b`).test(text)) return undefined;
  if (new RegExp(`\\b(?:function|enum|interface|type)\\s+${escaped}\\b`).test(text)) return false;
  const declared = new RegExp(`\\b(?:const|let|var)\\s+${escaped}\\s*(?::[^=]*)?=\\s*([^\\s;]*)`).exec(text);
  if (!declared || mayBeClass(declared[1])) return undefined;
  return false;
}

/** Whether an initializer (its first word) may be a class: a class expression or another binding. */
function mayBeClass(initializer: string): boolean {
  if (/^class\b/.test(initializer)) return true;
  return /^[A-Za-z_$][\w$.]*;?$/.test(initializer) && !/^(true|false|null|undefined);?$/.test(initializer);
}

function resolveTs(file: string): string | undefined {
  for (const candidate of [file, `${file}.ts`, path.join(file, 'index.ts')]) {
    if (candidate.endsWith('.ts') && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** `a, type b, c as d` -> [{local: a, exported: a}, {local: c, exported: d}] (type-only specifiers dropped). */
function specifiers(list: string): { local: string; imported: string; exported: string }[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '' && !/^type\s/.test(s))
    .map((s) => {
      const [first, second] = s.split(/\s+as\s+/);
      return { local: first, imported: first, exported: second ?? first };
    });
}

/** The string literal whose opening quote is at `quote` in `code`. */
function stringAt(code: string, quote: number): string {
  const end = code.indexOf(code[quote], quote + 1);
  return code.slice(quote + 1, end);
}

/**
 * `code`: the text with comments blanked; `bare`: also the contents of strings,
 * template literals and regular expressions blanked. Both keep every offset, so
 * a match in `bare` reads its string from `code`.
 */
export function blank(text: string): { code: string; bare: string } {
  const code = text.split('');
  const bare = text.split('');
  const templateDepth: number[] = []; // brace depth at each open `${`
  let depth = 0;
  let i = 0;
  const wipe = (from: number, to: number, both: boolean) => {
    for (let k = from; k < to; k++) {
      if (text[k] === '\n') continue;
      bare[k] = ' ';
      if (both) code[k] = ' ';
    }
  };
  const previousSignificant = (at: number) => {
    let k = at - 1;
    while (k >= 0 && /\s/.test(bare[k])) k--;
    return k < 0 ? '' : bare[k];
  };
  const readTemplate = (from: number): number => {
    // from: just after ` or after the } closing a ${...}; returns the index after the closing ` or after ${
    let k = from;
    while (k < text.length) {
      if (text[k] === '\\') {
        k += 2;
      } else if (text[k] === '`') {
        wipe(from, k, false);
        return k + 1;
      } else if (text[k] === '$' && text[k + 1] === '{') {
        wipe(from, k, false);
        templateDepth.push(depth);
        return k + 2;
      } else {
        k++;
      }
    }
    wipe(from, text.length, false);
    return text.length;
  };
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      wipe(i, stop, true);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      wipe(i, stop, true);
      i = stop;
    } else if (c === "'" || c === '"') {
      let k = i + 1;
      while (k < text.length && text[k] !== c && text[k] !== '\n') k += text[k] === '\\' ? 2 : 1;
      wipe(i + 1, k, false);
      i = k + 1;
    } else if (c === '`') {
      i = readTemplate(i + 1);
    } else if (c === '/' && /^$|[(,=:[!&|?{};+\-*%<>~^]$/.test(previousSignificant(i))) {
      // A regular expression literal.
      let k = i + 1;
      let inClass = false;
      while (k < text.length && text[k] !== '\n') {
        if (text[k] === '\\') k++;
        else if (text[k] === '[') inClass = true;
        else if (text[k] === ']') inClass = false;
        else if (text[k] === '/' && !inClass) break;
        k++;
      }
      wipe(i + 1, k, false);
      i = k + 1;
    } else if (c === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      if (templateDepth.length > 0 && templateDepth[templateDepth.length - 1] === depth) {
        templateDepth.pop();
        i = readTemplate(i + 1);
      } else {
        depth--;
        i++;
      }
    } else {
      i++;
    }
  }
  return { code: code.join(''), bare: bare.join('') };
}
