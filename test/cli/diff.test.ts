/**
 * `diff <product> <v1> <v2>`: the template difference between two versions in
 * CDK's diff format, from the frozen templates of released versions, or from
 * the current code for the newest, unreleased one.
 */
import { cli, REPO_ROOT } from '../helpers';
import { setWidgetSettings, setWidgetVersions, widgetCatalog } from '../versions/widget-catalog';

describe('diff', () => {
  test('two released versions of a shipped product: the changed resource and property, exit 2', async () => {
    const result = await cli(REPO_ROOT, 'diff', 'sagemaker-endpoint', '1.0.0', '2.0.0');
    expect(result.code).toBe(2);
    // 2.0.0 dropped the Tags of the auto scaling target (catalog.yaml says so).
    expect(result.stdout).toMatch(/^\[~\] AWS::ApplicationAutoScaling::ScalableTarget ScalableTarget\n └─ \[-\] Tags$/m);
    expect(result.stdout.match(/^\[[~+-]\] /gm)).toHaveLength(1);

    const reverse = await cli(REPO_ROOT, 'diff', 'sagemaker-endpoint', '2.0.0', '1.0.0');
    expect(reverse.code).toBe(2);
    expect(reverse.stdout).toMatch(/^ └─ \[\+\] Tags$/m);
  });

  test('a version with itself: no differences, exit 0', async () => {
    expect(await cli(REPO_ROOT, 'diff', 'sagemaker-endpoint', '2.0.0', '2.0.0')).toMatchObject({ code: 0, stderr: '' });
  });

  test('the newest version, not released yet, is built from the current code', async () => {
    const root = widgetCatalog([{ name: '1.0.0' }]);
    expect((await cli(root, 'release', 'widget', '1.0.0')).code).toBe(0);
    setWidgetSettings(root, { value: 'b', extra: true });
    setWidgetVersions(root, [{ name: '1.0.0', status: 'deprecated' }, { name: '1.1.0' }]);

    const result = await cli(root, 'diff', 'widget', '1.0.0', '1.1.0');
    expect(result.code).toBe(2);
    expect(result.stdout.split('\n')[0]).toBe('widget 1.0.0 (released) -> 1.1.0 (current code)');
    expect(result.stdout).toMatch(/^\[~\] AWS::SSM::Parameter Setting$/m);
    expect(result.stdout).toMatch(/^\[\+\] AWS::SSM::Parameter Extra$/m);
  });

  test.each([
    [['diff', 'sagemaker-endpoints', '1.0.0', '2.0.0']],
    [['diff', 'sagemaker-endpoint', '1.0.0', '9.9.9']],
    [['diff', 'sagemaker-endpoint', '1.0.0']],
  ])('bad input %j: exit 1', async (argv) => {
    const result = await cli(REPO_ROOT, ...argv);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
  });
});
