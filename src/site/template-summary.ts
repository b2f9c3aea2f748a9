/**
 * What a product template creates and hands back, read from the template
 * itself: resources counted by type, outputs, the SSM parameters it reads
 * (launch parameters of an `AWS::SSM::Parameter::Value<...>` type) and writes
 * (`AWS::SSM::Parameter` resources).
 */
import { briefValue } from '../generator/template-difference';

export interface ResourceCount {
  readonly type: string;
  readonly count: number;
}

export interface TemplateOutput {
  readonly id: string;
  readonly description?: string;
  /** Export name, when the output is exported. */
  readonly exportName?: string;
}

export interface SsmEntry {
  /** The parameter name, or its expression when the template builds it at deploy time. */
  readonly name: string;
  /** Read: the launch parameter that reads it; written: the resource's logical id. */
  readonly via: string;
  readonly description?: string;
}

export interface TemplateSummary {
  readonly description?: string;
  readonly resourceCount: number;
  readonly resourceTypes: readonly ResourceCount[];
  /** AWS services the launch role must manage, from the resource types (`AWS::S3::Bucket` -> `S3`). */
  readonly services: readonly string[];
  readonly outputs: readonly TemplateOutput[];
  readonly ssmReads: readonly SsmEntry[];
  readonly ssmWrites: readonly SsmEntry[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function summarizeTemplate(template: any): TemplateSummary {
  const resources = Object.entries((template?.Resources ?? {}) as Record<string, { Type?: string; Properties?: Record<string, unknown> }>);
  const counts = new Map<string, number>();
  for (const [, resource] of resources) counts.set(String(resource.Type), (counts.get(String(resource.Type)) ?? 0) + 1);
  const resourceTypes = [...counts].map(([type, count]) => ({ type, count })).sort((a, b) => byText(a.type, b.type));
  // Custom::X resources are the template's own Lambda-backed resources (the Lambda service is listed through their function).
  const services = [...new Set(resourceTypes.map((r) => /^AWS::([^:]+)::/.exec(r.type)?.[1]).filter((s): s is string => s !== undefined))].sort(byText);

  const outputs = Object.entries((template?.Outputs ?? {}) as Record<string, { Description?: string; Export?: { Name?: unknown } }>).map(
    ([id, output]) => ({
      id,
      description: output.Description,
      exportName: output.Export?.Name === undefined ? undefined : expression(output.Export.Name),
    }),
  );
  const ssmReads = Object.entries((template?.Parameters ?? {}) as Record<string, { Type?: string; Default?: unknown; Description?: string }>)
    .filter(([, p]) => String(p.Type).startsWith('AWS::SSM::Parameter::Value<'))
    .map(([id, p]) => ({ name: expression(p.Default), via: id, description: p.Description }));
  const ssmWrites = resources
    .filter(([, r]) => r.Type === 'AWS::SSM::Parameter')
    .map(([id, r]) => ({
      name: expression(r.Properties?.Name),
      via: id,
      description: r.Properties?.Description as string | undefined,
    }));
  return {
    description: typeof template?.Description === 'string' ? template.Description : undefined,
    resourceCount: resources.length,
    resourceTypes,
    services,
    outputs,
    ssmReads,
    ssmWrites,
  };
}

/**
 * A template value as a reader would write it: strings as they are,
 * `{"Fn::Join": ["", [...]]}` joined with `${Ref}` placeholders, anything else
 * as brief JSON.
 */
export function expression(value: unknown): string {
  if (value === undefined) return '(not set)';
  if (typeof value === 'string') return value;
  const object = value as Record<string, any>;
  if (typeof object.Ref === 'string') return `\${${object.Ref}}`;
  if (typeof object['Fn::Sub'] === 'string') return object['Fn::Sub'];
  const join = object['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) return join[1].map(expression).join(join[0]);
  if (Array.isArray(object['Fn::GetAtt'])) return `\${${object['Fn::GetAtt'].join('.')}}`;
  return briefValue(value, 120);
}
