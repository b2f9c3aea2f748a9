/**
 * The CDK toolkit, as `publish` uses it: deploy the stacks of an existing cloud
 * assembly. An interface so tests inject a fake and see every call up to the
 * network boundary; the real one is @aws-cdk/toolkit-lib's Toolkit, loaded only
 * when publishing (it pulls in the AWS SDK).
 */
import type { DeployOptions, DeployResult, ICloudAssemblySource } from '@aws-cdk/toolkit-lib';

export interface DeployToolkit {
  /** A read-locked source for an assembly already synthesized into `directory`. */
  fromAssemblyDirectory(directory: string): Promise<ICloudAssemblySource>;
  /** Deploys the selected stacks (publishes their assets first). */
  deploy(cx: ICloudAssemblySource, options: DeployOptions): Promise<DeployResult>;
}

/**
 * The real toolkit. Credentials come from the environment (profile, SSO, CI
 * role) of the publishing account; each stack's deploy role is assumed from
 * there, as the assembly names it.
 */
export async function cdkToolkit(): Promise<DeployToolkit> {
  const { Toolkit } = await import('@aws-cdk/toolkit-lib');
  // Plain text in CI logs; the toolkit's own progress goes to stderr (stdout with CI=true).
  return new Toolkit({ color: false, emojis: false });
}
