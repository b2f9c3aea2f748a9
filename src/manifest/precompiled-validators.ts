/**
 * The manifest's JSON Schema validators compiled ahead of time: the CLI's bundle
 * (scripts/cli-bundle.js) replaces this module with ajv's standalone code of the
 * schemas in schema-precompile.ts, keyed by schemaKey. Run from the sources (ts-node,
 * jest) it is empty and schema-validation.ts compiles each schema when first used.
 */
import type { ValidateFunction } from 'ajv';

export const PRECOMPILED_VALIDATORS: Readonly<Record<string, ValidateFunction>> = {};
