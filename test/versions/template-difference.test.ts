/** How the first difference between a released template and the current one is found and told. */
import { firstTemplateDifference } from '../../src/generator/template-difference';
import { describeDifference, nextVersionName } from '../../src/generator/versions';

const released = {
  Description: 'A product',
  Parameters: { Size: { Type: 'Number', Default: 1 } },
  Resources: {
    First: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'a', Tags: { team: 'x' } } },
    Second: { Type: 'AWS::SQS::Queue', Properties: { Policies: [{ Name: 'p', Actions: ['a', 'b'] }] } },
  },
};

function changed(edit: (template: any) => void): any {
  const copy = JSON.parse(JSON.stringify(released));
  edit(copy);
  return copy;
}

describe('the first difference between two templates', () => {
  test('is none for equal templates', () => {
    expect(firstTemplateDifference(released, changed(() => {}))).toBeUndefined();
  });

  test('is a changed property, with its path inside the resource', () => {
    const difference = firstTemplateDifference(released, changed((t) => (t.Resources.First.Properties.Tags.team = 'y')))!;
    expect(difference).toEqual({ logicalId: 'First', resourceType: 'AWS::SSM::Parameter', path: 'Properties.Tags.team', kind: 'changed', before: 'x', after: 'y' });
    expect(describeDifference(difference)).toBe("first difference in resource 'First' (AWS::SSM::Parameter) at Properties.Tags.team: released \"x\", current code \"y\"");
  });

  test('indexes into arrays', () => {
    const difference = firstTemplateDifference(released, changed((t) => t.Resources.Second.Properties.Policies[0].Actions.push('c')))!;
    expect(describeDifference(difference)).toBe("first difference in resource 'Second' (AWS::SQS::Queue) at Properties.Policies[0].Actions[2]: added \"c\"");
  });

  test('reports resources before other sections, in the released order', () => {
    const difference = firstTemplateDifference(
      released,
      changed((t) => {
        t.Parameters.Size.Default = 2;
        t.Resources.Second.Properties.Policies[0].Name = 'q';
        delete t.Resources.First.Properties.Value;
      }),
    )!;
    expect(describeDifference(difference)).toBe("first difference in resource 'First' (AWS::SSM::Parameter) at Properties.Value: removed (was \"a\")");
  });

  test('names a removed resource', () => {
    expect(describeDifference(firstTemplateDifference(released, changed((t) => delete t.Resources.First))!)).toBe(
      "first difference: resource 'First' (AWS::SSM::Parameter) is gone",
    );
  });

  test('names the section path when only a parameter changed', () => {
    expect(describeDifference(firstTemplateDifference(released, changed((t) => (t.Parameters.Size.Default = 2)))!)).toBe(
      'first difference in the template at Parameters.Size.Default: released 1, current code 2',
    );
  });

  test('shortens long values', () => {
    const long = 'x'.repeat(100);
    expect(describeDifference(firstTemplateDifference(released, changed((t) => (t.Description = long)))!)).toBe(
      `first difference in the template at Description: released "A product", current code "${'x'.repeat(58)}… (102 characters)`,
    );
  });

  test('is a formatting difference when only the bytes differ', () => {
    expect(describeDifference(firstTemplateDifference(released, changed(() => {}), true)!)).toBe(
      'the templates are equal as JSON but their bytes differ (formatting)',
    );
  });
});

describe('the suggested next version name', () => {
  test.each([
    ['1.0.0', [], '1.0.1'],
    ['1.0.0', ['1.0.1'], '1.0.2'],
    ['v2', [], 'v3'],
    ['2024.10.3-rc', [], '2024.10.4-rc'],
    ['stable', [], 'stable.1'],
  ])('after %s (taken: %j) is %s', (name, taken, expected) => {
    expect(nextVersionName(name, taken)).toBe(expected);
  });
});
