/**
 * What the environment publishes for the other products: one SSM parameter per
 * entry of the SSM contract (src/secure/ssm-contract.ts), under
 * `/<ssmPrefix>/<environment name>/`. The products' shared parameters default
 * to exactly these names. The record type makes a contract key without a
 * published value a compile error; a test checks the template too.
 */
import { Fn } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { SSM_CONTRACT, type SsmContractKey } from '../../src/model';

export interface EnvironmentExportsProps {
  /** `/<ssmPrefix>/<environment name>`, deploy-time. */
  readonly path: string;
  /** The value of every contract key; lists are joined with commas (StringList). */
  readonly values: Readonly<Record<SsmContractKey, string | string[]>>;
}

export class EnvironmentExports extends Construct {
  public readonly parameters: ReadonlyMap<SsmContractKey, ssm.CfnParameter>;

  constructor(scope: Construct, id: string, props: EnvironmentExportsProps) {
    super(scope, id);
    const parameters = new Map<SsmContractKey, ssm.CfnParameter>();
    for (const key of Object.keys(SSM_CONTRACT) as SsmContractKey[]) {
      const entry = SSM_CONTRACT[key];
      const value = props.values[key];
      const list = entry.valueType.startsWith('List<');
      parameters.set(
        key,
        new ssm.CfnParameter(this, key.charAt(0).toUpperCase() + key.slice(1), {
          name: Fn.join('/', [props.path, entry.key]),
          // CloudFormation resolves List<...> parameter types from StringList parameters.
          type: list ? 'StringList' : 'String',
          value: Array.isArray(value) ? Fn.join(',', value) : value,
          description: `${entry.label} of the data science environment (read by the catalog's products).`,
        }),
      );
    }
    this.parameters = parameters;
  }
}
