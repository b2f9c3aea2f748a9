/**
 * JSON Schema validation (ajv, draft-07) turned into diagnostics a maintainer can
 * act on: the exact key or value, what was received, what was expected. The
 * validators are precompiled when the CLI is built (precompiled-validators.ts);
 * a schema without one is compiled here, with the same ajv configuration
 * (ajv-setup.ts, required only then: ajv's compiler costs a run more than the
 * validation itself).
 */
import type { TSchema } from '@sinclair/typebox';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { PRECOMPILED_VALIDATORS } from './precompiled-validators';
import { schemaKey } from './schema-key';
import type { DataPath, YamlSource } from './yaml-source';
import { type Diagnostic, type DiagnosticCode, didYouMean, echo } from '../model/diagnostics';

const compiled = new WeakMap<TSchema, ValidateFunction>();
let ajv: import('ajv').default | undefined;

function validatorFor(schema: TSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = PRECOMPILED_VALIDATORS[schemaKey(schema)];
    if (!validate) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      ajv ??= (require('./ajv-setup') as typeof import('./ajv-setup')).createAjv();
      validate = ajv.compile(schema);
    }
    compiled.set(schema, validate);
  }
  return validate;
}

/** Validates `data` (read from `source`) against `schema`; returns every problem found. */
export function validateAgainstSchema(schema: TSchema, source: YamlSource, data: unknown): Diagnostic[] {
  const validate = validatorFor(schema);
  if (validate(data)) return [];
  return (validate.errors ?? [])
    .filter((error) => error.keyword !== 'propertyNames' && error.keyword !== 'if') // their inner errors say more
    .map((error) => toDiagnostic(error, source, data));
}

function toDiagnostic(error: ErrorObject, source: YamlSource, data: unknown): Diagnostic {
  const path = parsePointer(error.instancePath);
  const value = valueAt(data, path);
  const custom = customMessage(error);

  // An invalid key of a map (e.g. an account name): point at the key.
  if (error.propertyName !== undefined) {
    const key = error.propertyName;
    return diagnostic('INVALID_VALUE', source.locateKey(path, key), `key '${echo(key)}' ${custom ?? error.message}`);
  }

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const hint = didYouMean(key, allowed) || (allowed.length > 0 ? `; allowed keys: ${allowed.join(', ')}` : '');
      return diagnostic('UNKNOWN_KEY', source.locateKey(path, key), `unknown key '${echo(key)}'${hint}`);
    }
    case 'required': {
      const missing = String(error.params.missingProperty);
      const where = path.length === 0 ? '' : ` in ${label(path)}`;
      return diagnostic('MISSING_KEY', locateContainer(source, path), `missing required key '${missing}'${where}`);
    }
    case 'type': {
      const expected = custom ?? `must be ${article(String(error.params.type))}`;
      return diagnostic('WRONG_TYPE', source.locate(path), `${label(path)} ${expected}, got ${describe(value)}`);
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      const expected =
        custom ?? (allowed.length <= 8 ? `must be one of: ${allowed.join(', ')}` : 'is not an allowed value');
      const hint = typeof value === 'string' ? didYouMean(value, allowed) : '';
      return diagnostic('INVALID_VALUE', source.locate(path), `${label(path)} ${expected}, got ${describe(value)}${hint}`);
    }
    default:
      return diagnostic(
        'INVALID_VALUE',
        source.locate(path),
        `${label(path)} ${custom ?? friendlyMessage(error)}, got ${describe(value)}`,
      );
  }
}

function diagnostic(code: DiagnosticCode, at: { file: string; line: number; col: number }, message: string): Diagnostic {
  return { code, file: at.file, line: at.line, col: at.col, message };
}

/** Missing keys are reported at the key that opens the incomplete mapping. */
function locateContainer(source: YamlSource, path: DataPath) {
  const last = path[path.length - 1];
  if (typeof last === 'string') return source.locateKey(path.slice(0, -1), last);
  return source.locateMapping(path);
}

function customMessage(error: ErrorObject): string | undefined {
  const annotation = (error.parentSchema as { errorMessage?: string | Record<string, string> } | undefined)?.errorMessage;
  if (typeof annotation === 'string') return annotation;
  return annotation?.[error.keyword];
}

function friendlyMessage(error: ErrorObject): string {
  const limit = error.params.limit as number;
  switch (error.keyword) {
    case 'minItems':
      return `must list at least ${limit} item${limit === 1 ? '' : 's'}`;
    case 'minProperties':
      return `must have at least ${limit} entr${limit === 1 ? 'y' : 'ies'}`;
    case 'minLength':
      return limit === 1 ? 'must not be empty' : `must be at least ${limit} characters long`;
    case 'maxLength':
      return `must be at most ${limit} characters long`;
    case 'uniqueItems':
      return `must not list the same item twice (items ${error.params.j} and ${error.params.i} are equal)`;
    case 'format':
      return `must be a valid ${error.params.format}`;
    case 'pattern':
      return `must match the pattern ${error.params.pattern}`;
    default:
      return error.message ?? 'is invalid';
  }
}

/** `'supportEmail'`, `'regions[0]'`, `'versions[1].name'`: the last key and its indexes. */
function label(path: DataPath): string {
  if (path.length === 0) return 'the document';
  let end = path.length - 1;
  while (end > 0 && typeof path[end] === 'number') end--;
  const head = echo(String(path[end]));
  const indexes = path.slice(end + 1).map((i) => `[${i}]`).join('');
  return `'${typeof path[end] === 'number' ? `[${head}]` : head}${indexes}'`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `'${echo(value)}'`;
  return `${typeof value} ${echo(String(value))}`;
}

function parsePointer(pointer: string): DataPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment));
}

function valueAt(data: unknown, path: DataPath): unknown {
  let current: unknown = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
