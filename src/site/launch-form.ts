/**
 * The launch form Service Catalog shows for a template, as data: the console
 * reads the template's `AWS::CloudFormation::Interface` metadata, lists the
 * parameter groups in their order with their parameters in the listed order,
 * then every parameter no group names, alphabetically by logical id, under
 * "Other parameters"; a label replaces the logical id where one is given.
 * (AWS::CloudFormation::Interface ParameterGroup, CloudFormation User Guide:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-cloudformation-interface-parametergroup.html)
 */

export const OTHER_PARAMETERS = 'Other parameters';

export interface LaunchFormField {
  /** The parameter's logical id. */
  readonly id: string;
  /** The label the console shows: ParameterLabels, else the logical id. */
  readonly label: string;
  readonly type: string;
  readonly description?: string;
  readonly defaultValue?: string;
  readonly allowedValues?: readonly string[];
  readonly allowedPattern?: string;
  readonly constraintDescription?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minValue?: number;
  readonly maxValue?: number;
  /** NoEcho: the console masks the value. */
  readonly secret: boolean;
  /** The SSM parameter the value is read from, for `AWS::SSM::Parameter::Value<...>` types (the default names it). */
  readonly ssmParameter?: string;
}

export interface LaunchFormGroup {
  readonly label: string;
  readonly fields: readonly LaunchFormField[];
}

/** A template rule: when it applies, what it asserts, as the console reports a failed assertion. */
export interface LaunchFormRule {
  readonly id: string;
  readonly assertions: readonly string[];
}

export interface LaunchForm {
  readonly groups: readonly LaunchFormGroup[];
  readonly rules: readonly LaunchFormRule[];
}

interface InterfaceMetadata {
  readonly ParameterGroups?: readonly { readonly Label?: { readonly default?: string }; readonly Parameters?: readonly string[] }[];
  readonly ParameterLabels?: Readonly<Record<string, { readonly default?: string }>>;
}

type Parameter = Readonly<Record<string, unknown>>;

/** The launch form of a parsed template, in the console's order. */
export function launchFormOf(template: any): LaunchForm {
  const parameters: Readonly<Record<string, Parameter>> = template?.Parameters ?? {};
  const metadata: InterfaceMetadata = template?.Metadata?.['AWS::CloudFormation::Interface'] ?? {};
  const labels = metadata.ParameterLabels ?? {};
  const field = (id: string): LaunchFormField => fieldOf(id, parameters[id], labels[id]?.default);

  const grouped = new Set<string>();
  const groups: LaunchFormGroup[] = [];
  for (const group of metadata.ParameterGroups ?? []) {
    const ids = (group.Parameters ?? []).filter((id) => id in parameters && !grouped.has(id));
    ids.forEach((id) => grouped.add(id));
    if (ids.length > 0) groups.push({ label: group.Label?.default ?? '', fields: ids.map(field) });
  }
  // Plain code-unit order, as a sort of logical ids ([A-Za-z0-9]) by the console would give.
  const others = Object.keys(parameters).filter((id) => !grouped.has(id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (others.length > 0) groups.push({ label: OTHER_PARAMETERS, fields: others.map(field) });

  const rules = Object.entries((template?.Rules ?? {}) as Record<string, { Assertions?: { AssertDescription?: string }[] }>).map(([id, rule]) => ({
    id,
    assertions: (rule.Assertions ?? []).map((a) => a.AssertDescription ?? '(no description)'),
  }));
  return { groups, rules };
}

function fieldOf(id: string, parameter: Parameter, label: string | undefined): LaunchFormField {
  const type = String(parameter.Type ?? 'String');
  const text = (value: unknown) => (value === undefined ? undefined : Array.isArray(value) ? value.join(',') : String(value));
  const number = (value: unknown) => (value === undefined ? undefined : Number(value));
  return {
    id,
    label: label ?? id,
    type,
    description: text(parameter.Description),
    defaultValue: text(parameter.Default),
    allowedValues: Array.isArray(parameter.AllowedValues) ? parameter.AllowedValues.map(String) : undefined,
    allowedPattern: text(parameter.AllowedPattern),
    constraintDescription: text(parameter.ConstraintDescription),
    minLength: number(parameter.MinLength),
    maxLength: number(parameter.MaxLength),
    minValue: number(parameter.MinValue),
    maxValue: number(parameter.MaxValue),
    secret: parameter.NoEcho === true || parameter.NoEcho === 'true',
    ssmParameter: type.startsWith('AWS::SSM::Parameter::Value<') ? text(parameter.Default) : undefined,
  };
}
