/**
 * The longest value a template parameter can take: the longest of its
 * AllowedValues, its MaxLength, the longest string its AllowedPattern accepts,
 * the longest id of an AWS-specific type, or, for an SSM parameter type, the
 * longest value the data science environment publishes under that name. What
 * none of these bound is assumed to be UNKNOWN_LENGTH long, and says so.
 */
import {
  DEFAULT_LIST_COUNT,
  LIST_PARAMETER_COUNTS,
  PARAMETER_TYPE_VALUES,
  placeholder,
  UNKNOWN_LENGTH,
} from './aws-bounds';
import { patternMaxLength } from './pattern-length';
import { contractKeyOf, SSM_VALUE_BOUNDS } from './ssm-value-bounds';

export interface TemplateParameter {
  readonly Type: string;
  readonly Default?: unknown;
  readonly AllowedValues?: readonly unknown[];
  readonly AllowedPattern?: string;
  readonly MaxLength?: number | string;
  readonly MaxValue?: number | string;
  readonly MinValue?: number | string;
}

export interface ParameterValue {
  /** A string, or a list for list types. */
  readonly value: string | readonly string[];
  /** Why this is the longest value, e.g. `MaxLength 63`. */
  readonly basis: string;
  /** True when nothing in the template bounds it (UNKNOWN_LENGTH assumed). */
  readonly unbounded: boolean;
}

const bounded = (value: string | readonly string[], basis: string): ParameterValue => ({ value, basis, unbounded: false });
const UNBOUNDED: ParameterValue = {
  value: placeholder(UNKNOWN_LENGTH),
  basis: `no MaxLength, AllowedValues or bounded AllowedPattern: ${UNKNOWN_LENGTH} assumed`,
  unbounded: true,
};

export function longestParameterValue(parameter: TemplateParameter): ParameterValue {
  if (parameter.AllowedValues && parameter.AllowedValues.length > 0) {
    const values = parameter.AllowedValues.map(String);
    const value = values.reduce((a, b) => (b.length > a.length ? b : a));
    return bounded(parameter.Type.startsWith('List<') || parameter.Type === 'CommaDelimitedList' ? value.split(',') : value, 'AllowedValues');
  }
  const ssm = /^AWS::SSM::Parameter::Value<(.+)>$/.exec(parameter.Type);
  if (ssm) return ssmParameterValue(ssm[1], parameter.Default);
  return typedValue(parameter.Type, parameter);
}

function typedValue(type: string, parameter: TemplateParameter): ParameterValue {
  const list = /^List<(.+)>$/.exec(type);
  if (list) {
    const element = typedValue(list[1], parameter);
    const count = LIST_PARAMETER_COUNTS[list[1]] ?? DEFAULT_LIST_COUNT;
    const value = typeof element.value === 'string' ? element.value : element.value[0];
    return { value: Array.from({ length: count }, () => value), basis: `${count} x ${element.basis}`, unbounded: element.unbounded };
  }
  const known = PARAMETER_TYPE_VALUES[type];
  if (known !== undefined) return bounded(known, type);
  if (type === 'Number' || type === 'List<Number>') return numberValue(parameter);
  if (type === 'CommaDelimitedList') {
    // The whole list is one parameter value; as one element it is never too short when joined or selected.
    const whole = stringValue(parameter);
    return { ...whole, value: [whole.value as string] };
  }
  return stringValue(parameter);
}

function stringValue(parameter: TemplateParameter): ParameterValue {
  const maxLength = parameter.MaxLength === undefined ? Infinity : Number(parameter.MaxLength);
  const patternLength = parameter.AllowedPattern === undefined ? Infinity : patternMaxLength(parameter.AllowedPattern);
  const length = Math.min(maxLength, patternLength);
  if (!Number.isFinite(length)) return UNBOUNDED;
  return bounded(placeholder(length), length === maxLength ? `MaxLength ${length}` : `AllowedPattern, at most ${length}`);
}

function numberValue(parameter: TemplateParameter): ParameterValue {
  if (parameter.MaxValue === undefined || parameter.MinValue === undefined) return UNBOUNDED;
  const longest = [String(parameter.MaxValue), String(parameter.MinValue)].reduce((a, b) => (b.length > a.length ? b : a));
  return bounded(placeholder(longest.length), 'MinValue..MaxValue');
}

function ssmParameterValue(type: string, name: unknown): ParameterValue {
  const key = typeof name === 'string' ? contractKeyOf(name) : undefined;
  if (key) return bounded(SSM_VALUE_BOUNDS[key], `published by the data science environment as ${key}`);
  if (type === 'String' || type === 'List<String>' || type === 'CommaDelimitedList') {
    // SSM standard parameters hold up to 4 KB.
    return { ...UNBOUNDED, basis: `an SSM parameter outside the environment's contract: ${UNKNOWN_LENGTH} assumed` };
  }
  return typedValue(type, { Type: type });
}
