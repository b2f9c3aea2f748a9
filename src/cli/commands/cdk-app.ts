import { synthesizeCatalog } from '../../generator/catalog-app';
import type { Command } from '../io';

/** The app command in cdk.json, so `cdk synth|diff|deploy` build the same assembly as `sc-factory synth`. */
export const cdkAppCommand: Command = {
  name: 'cdk-app',
  usage: 'cdk-app',
  summary: 'Entry point for the AWS CDK CLI (cdk.json "app"); writes the assembly to $CDK_OUTDIR',
  run(_argv, io) {
    synthesizeCatalog({ root: io.cwd, outdir: process.env.CDK_OUTDIR });
    return 0;
  },
};
