/**
 * CDK context shared by `cdk.json` (written by .projenrc.ts) and the in-process
 * apps the CLI builds, so `cdk synth` and `sc-factory synth` behave the same.
 */
export const CDK_CONTEXT: Readonly<Record<string, unknown>> = {
  // aws-cdk-lib's CloudFormation validation plugin only warns by default: make
  // its findings fail synth like cdk-nag's do.
  '@aws-cdk/core:validateAgainstDefaultRules': true,
};

/**
 * Context applied after whatever the CDK CLI passes (`postCliContext`), so the
 * templates are byte-identical however they are synthesized: no path or asset
 * metadata, no version reporting.
 */
export const FIXED_CONTEXT: Readonly<Record<string, unknown>> = {
  'aws:cdk:enable-path-metadata': false,
  'aws:cdk:enable-asset-metadata': false,
  'aws:cdk:version-reporting': false,
};
