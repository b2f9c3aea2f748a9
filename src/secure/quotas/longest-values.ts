/**
 * Resolves CloudFormation intrinsics to their LONGEST plausible values, to
 * measure what a template becomes at deploy time against AWS limits: a Ref to a
 * parameter takes its longest allowed value (parameter-values.ts), pseudo
 * parameters their longest real values (aws-bounds.ts), Ref/GetAtt of a
 * resource the longest id or ARN its type can have (physical-ids.ts), `Fn::If`
 * its longer branch, `Fn::Select` / `Fn::FindInMap` with a deploy-time key their
 * longest candidate. Only lengths are meaningful: unknown characters are `x`.
 * Nothing resolves silently to "": what no bound covers takes UNKNOWN_LENGTH and
 * is listed in `unbounded`, so a finding can say what it assumed.
 */
import {
  ACCOUNT_ID,
  LONGEST_AZ_NAME,
  LONGEST_PARTITION,
  LONGEST_REGION,
  LONGEST_URL_SUFFIX,
  MOST_AZS,
  placeholder,
  STACK_NAME_LENGTH,
  UNKNOWN_LENGTH,
} from './aws-bounds';
import { longestParameterValue, type ParameterValue, type TemplateParameter } from './parameter-values';
import { PHYSICAL_IDS, type ResourceNames } from './physical-ids';

export type Resolved = string | number | boolean | null | readonly Resolved[] | { readonly [key: string]: Resolved };

/** The part of a template the resolver reads. */
export interface QuotaTemplate {
  readonly Parameters?: Readonly<Record<string, TemplateParameter>>;
  readonly Mappings?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
  readonly Resources?: Readonly<Record<string, { readonly Type: string; readonly Properties?: Readonly<Record<string, unknown>> }>>;
  readonly Outputs?: Readonly<Record<string, unknown>>;
}

/** `AWS::NoValue`: removes the property or list element holding it. */
const NO_VALUE = Symbol('AWS::NoValue');
type Maybe = Resolved | typeof NO_VALUE;

const UNKNOWN = placeholder(UNKNOWN_LENGTH);

const PSEUDO_PARAMETERS: Readonly<Record<string, Resolved>> = {
  'AWS::AccountId': ACCOUNT_ID,
  'AWS::Region': LONGEST_REGION,
  'AWS::Partition': LONGEST_PARTITION,
  'AWS::URLSuffix': LONGEST_URL_SUFFIX,
  'AWS::StackName': placeholder(STACK_NAME_LENGTH),
  'AWS::StackId': `arn:${LONGEST_PARTITION}:cloudformation:${LONGEST_REGION}:${ACCOUNT_ID}:stack/${placeholder(STACK_NAME_LENGTH)}/${placeholder(36)}`,
  // A stack takes at most 5 notification ARNs (SNS topic names: 256 characters).
  'AWS::NotificationARNs': Array.from({ length: 5 }, () => `arn:${LONGEST_PARTITION}:sns:${LONGEST_REGION}:${ACCOUNT_ID}:${placeholder(256)}`),
};

export class LongestValues {
  /** What resolved to UNKNOWN_LENGTH for want of a bound, e.g. `Ref Suffix (no MaxLength, ...)`. */
  public readonly unbounded = new Set<string>();
  private readonly parameters = new Map<string, ParameterValue>();
  private readonly resolving = new Set<string>();

  constructor(private readonly template: QuotaTemplate) {}

  /** The longest value of `value`; `undefined` for `AWS::NoValue`. */
  public resolve(value: unknown): Resolved | undefined {
    const resolved = this.value(value);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  /** The longest value as a string (lists joined with commas, as CloudFormation does for string properties). */
  public string(value: unknown): string {
    return asString(this.resolve(value) ?? '');
  }

  private value(value: unknown): Maybe {
    if (value === null || typeof value !== 'object') return value as Resolved;
    if (Array.isArray(value)) return value.map((v) => this.value(v)).filter((v): v is Resolved => v !== NO_VALUE);
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [key, argument] = entries[0];
      if (key === 'Ref') return this.ref(String(argument));
      if (key.startsWith('Fn::')) return this.intrinsic(key, argument);
    }
    const result: Record<string, Resolved> = {};
    for (const [key, v] of entries) {
      const resolved = this.value(v);
      if (resolved !== NO_VALUE) result[key] = resolved;
    }
    return result;
  }

  private ref(name: string): Maybe {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name in PSEUDO_PARAMETERS) return PSEUDO_PARAMETERS[name];
    const parameter = this.template.Parameters?.[name];
    if (parameter) {
      let longest = this.parameters.get(name);
      if (!longest) {
        longest = longestParameterValue(parameter);
        this.parameters.set(name, longest);
      }
      if (longest.unbounded) this.unbounded.add(`parameter ${name} (${longest.basis})`);
      return longest.value;
    }
    return this.physicalId(name, undefined);
  }

  private physicalId(logicalId: string, attribute: string | undefined): Resolved {
    const resource = this.template.Resources?.[logicalId];
    const subject = attribute ? `${logicalId}.${attribute}` : logicalId;
    const ids = resource ? PHYSICAL_IDS[resource.Type] : undefined;
    const compute = attribute ? ids?.attributes?.[attribute] : ids?.ref;
    if (!resource || !compute || this.resolving.has(logicalId)) {
      this.unbounded.add(`${attribute ? 'Fn::GetAtt' : 'Ref'} ${subject}${resource ? ` (${resource.Type})` : ''}`);
      return UNKNOWN;
    }
    this.resolving.add(logicalId);
    try {
      return compute(this.namesOf(resource.Properties ?? {}));
    } finally {
      this.resolving.delete(logicalId);
    }
  }

  private namesOf(properties: Readonly<Record<string, unknown>>): ResourceNames {
    return {
      name: (property, max) => {
        if (properties[property] === undefined) return placeholder(max);
        const name = this.string(properties[property]);
        return name.length > max ? name.slice(0, max) : name;
      },
      property: (property, fallback) => (properties[property] === undefined ? fallback : this.string(properties[property])),
    };
  }

  private intrinsic(name: string, argument: unknown): Maybe {
    const args = Array.isArray(argument) ? argument : [argument];
    switch (name) {
      case 'Fn::GetAtt': {
        const [logicalId, ...attribute] = typeof argument === 'string' ? argument.split('.') : args;
        return this.physicalId(String(logicalId), attribute.map((a) => this.string(a)).join('.'));
      }
      case 'Fn::Join': {
        const list = this.value(args[1]);
        return asList(list === NO_VALUE ? [] : list).map(asString).join(String(args[0]));
      }
      case 'Fn::Sub':
        return this.sub(String(args[0]), (args[1] ?? {}) as Record<string, unknown>);
      case 'Fn::Select': {
        const list = asList(this.resolve(args[1]) ?? []);
        const index = Number(this.resolve(args[0]));
        // An index past what is known (a list only known at deploy time): its longest element.
        if (Number.isInteger(index) && index >= 0 && index < list.length && isLiteral(args[0]) && isLiteral(args[1])) return list[index];
        return longestOf(list);
      }
      case 'Fn::Split':
        return this.string(args[1]).split(String(args[0]));
      case 'Fn::If': {
        const branches: Maybe[] = [this.value(args[1]), this.value(args[2])];
        return branches.reduce((a, b) => (size(b) > size(a) ? b : a));
      }
      case 'Fn::FindInMap':
        return this.findInMap(args);
      case 'Fn::GetAZs':
        return Array.from({ length: MOST_AZS }, () => LONGEST_AZ_NAME);
      case 'Fn::Cidr': {
        const count = isLiteral(args[1]) ? Number(args[1]) : 256; // Fn::Cidr makes at most 256 blocks
        const block = this.string(args[0]).includes(':') ? placeholder(43) : '255.255.255.255/32';
        return Array.from({ length: Number.isInteger(count) ? count : 256 }, () => block);
      }
      case 'Fn::Base64':
        return placeholder(Math.ceil(this.string(args[0]).length / 3) * 4);
      case 'Fn::Length':
        return asList(this.resolve(args[0]) ?? []).length;
      case 'Fn::ToJsonString':
        return JSON.stringify(this.resolve(argument) ?? null);
      case 'Fn::Equals':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Fn::Not':
      case 'Fn::Contains':
      case 'Fn::EachMemberEquals':
      case 'Fn::EachMemberIn':
        return 'false';
      default:
        // Fn::ImportValue, Fn::Transform, anything newer: a value only known at deploy time.
        this.unbounded.add(name);
        return UNKNOWN;
    }
  }

  private sub(text: string, variables: Record<string, unknown>): string {
    return text.replace(/\$\{([^}]*)\}/g, (_, expression: string) => {
      if (expression.startsWith('!')) return `\${${expression.slice(1)}}`;
      const name = expression.trim();
      if (name in variables) return this.string(variables[name]);
      const dot = name.indexOf('.');
      if (dot > 0 && !name.startsWith('AWS::')) return asString(this.physicalId(name.slice(0, dot), name.slice(dot + 1)));
      const ref = this.ref(name);
      return ref === NO_VALUE ? '' : asString(ref);
    });
  }

  private findInMap(args: readonly unknown[]): Maybe {
    const mapping = this.template.Mappings?.[this.string(args[0])];
    // A key known only at deploy time (Ref AWS::Region) may select any entry: take the longest.
    const candidates = (level: Readonly<Record<string, unknown>> | undefined, key: unknown): unknown[] => {
      if (!level) return [];
      if (isLiteral(key)) return String(key) in level ? [level[String(key)]] : [];
      return Object.values(level);
    };
    const values = candidates(mapping, args[1]).flatMap((second) =>
      candidates(second as Readonly<Record<string, unknown>>, args[2]),
    );
    if (args[3] !== undefined) values.push((args[3] as { DefaultValue?: unknown }).DefaultValue);
    if (values.length === 0) {
      this.unbounded.add(`Fn::FindInMap ${JSON.stringify(args)}`);
      return UNKNOWN;
    }
    return values.map((v): Maybe => this.value(v)).reduce((a, b) => (size(b) > size(a) ? b : a));
  }
}

/** True for a value with no intrinsic inside: known at synth time. */
function isLiteral(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(isLiteral);
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return false;
  return Object.values(value).every(isLiteral);
}

function asList(value: Maybe): readonly Resolved[] {
  if (value === NO_VALUE) return [];
  return Array.isArray(value) ? value : [value as Resolved];
}

function asString(value: Resolved | undefined): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => asString(v)).join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function size(value: Maybe): number {
  return value === NO_VALUE ? 0 : JSON.stringify(value).length;
}

function longestOf(list: readonly Resolved[]): Resolved {
  if (list.length === 0) return UNKNOWN;
  return list.reduce((a, b) => (size(b) > size(a) ? b : a));
}
