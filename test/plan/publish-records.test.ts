/**
 * The loop `plan` relies on: `publish` records each target it deployed in
 * catalog.lock.json, so the next plan compares with what was really published.
 * The toolkit is a fake (no AWS); a deploy of one stack can be made to fail.
 */
import * as path from 'node:path';
import type { DeployOptions, DeployResult, ICloudAssemblySource } from '@aws-cdk/toolkit-lib';
import { createPublishCommand } from '../../src/cli/commands/publish';
import { runCli } from '../../src/cli/main';
import { readPublishedState } from '../../src/plan/published-state';
import type { DeployToolkit } from '../../src/publish/deploy-toolkit';
import { cli, tempDir } from '../helpers';
import { setWidgetSettings, setWidgetVersions, widgetCatalog } from '../versions/widget-catalog';

class FakeDeployToolkit implements DeployToolkit {
  constructor(private readonly failing?: string) {}

  public async fromAssemblyDirectory(): Promise<ICloudAssemblySource> {
    return {} as ICloudAssemblySource;
  }

  public async deploy(_cx: ICloudAssemblySource, options: DeployOptions): Promise<DeployResult> {
    if (options.stacks?.patterns?.[0] === this.failing) throw new Error(`${this.failing} failed to deploy`);
    return { stacks: [] } as unknown as DeployResult;
  }
}

async function publish(root: string, failing?: string): Promise<number> {
  const command = createPublishCommand({ toolkit: async () => new FakeDeployToolkit(failing), prompt: () => undefined });
  return runCli(['publish', '--yes', '--out', path.join(tempDir(), 'cdk.out')], { cwd: root, out: () => {}, err: () => {} }, [command]);
}

describe('publish, then plan', () => {
  test('after a publish, plan has nothing to do; after a change, it shows just that change', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    await cli(root, 'release', 'widget', '1.0.0');

    expect(await publish(root)).toBe(0);
    expect(Object.keys(readPublishedState(root)!.targets)).toEqual(['dev-eu-west-1', 'prod-eu-west-1']);
    expect((await cli(root, 'plan')).code).toBe(0);

    setWidgetSettings(root, { value: 'b' });
    setWidgetVersions(root, [{ name: '1.0.0' }, { name: '1.1.0' }]);
    const plan = JSON.parse((await cli(root, 'plan', '--json')).stdout);
    expect(plan.exitCode).toBe(2);
    expect(plan.summary).toEqual({ unchanged: 2, create: 2 });
  });

  test('a failed publish records only the targets deployed before the failure', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    expect(await publish(root, 'prod-eu-west-1')).toBe(3);
    expect(Object.keys(readPublishedState(root)!.targets)).toEqual(['dev-eu-west-1']);
    const plan = JSON.parse((await cli(root, 'plan', '--json')).stdout);
    expect(plan.targets.map((t: any) => [t.id, t.status])).toEqual([
      ['dev-eu-west-1', 'unchanged'],
      ['prod-eu-west-1', 'new'],
    ]);
  });
});
