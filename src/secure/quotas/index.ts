/**
 * The quota gate: AWS limits that break a deploy, checked on every synthesized
 * template with deploy-time values at their longest plausible value.
 */
export * from './checks';
export * from './quota-check';
export * from './quota-plugin';
export { LongestValues, type QuotaTemplate, type Resolved } from './longest-values';
export { patternMaxLength } from './pattern-length';
export { longestParameterValue, type ParameterValue } from './parameter-values';
export { policyLength, type PolicyMeasure } from './policy-size';
