/**
 * CDK context shared by `cdk.json` (written by .projenrc.ts) and the in-process
 * app the CLI builds, so `cdk synth` and `sc-factory synth` behave the same.
 */
export const CDK_CONTEXT: Readonly<Record<string, unknown>> = {
  // aws-cdk-lib's CloudFormation validation plugin only warns by default: make
  // its findings fail synth like cdk-nag's do.
  '@aws-cdk/core:validateAgainstDefaultRules': true,
  // Deterministic output: no version reporting or analytics metadata in templates.
  'aws:cdk:version-reporting': false,
  'aws:cdk:enable-path-metadata': false,
};
