/**
 * Every kind of change a publish can make, as the plan reports it: the
 * published state of a target (catalog.lock.json) against what the repository
 * would publish now.
 */
import { isChange, planAgainstPublishedState, type PlanChange } from '../../src/plan/plan-changes';
import type { PublishedState, TargetState, VersionState } from '../../src/plan/published-state';

function version(name: string, extra: Partial<VersionState> = {}): VersionState {
  return { name, description: `Widget ${name}.`, status: 'active', sha256: `${name}-sha`.padEnd(64, '0'), released: true, ...extra };
}

const PUBLISHED: TargetState = {
  id: 'dev-eu-west-1',
  account: 'dev',
  accountId: '111111111111',
  region: 'eu-west-1',
  stackName: 'widgets-dev-eu-west-1',
  products: {
    widget: { displayName: 'Widget', owner: 'Platform', description: 'A widget.', versions: [version('1.0.0'), version('1.1.0')] },
  },
  portfolios: {
    widgets: {
      displayName: 'Widgets',
      providerName: 'Platform',
      principals: { roles: ['Builder'], rolePatterns: ['arn:aws:iam:::role/sso/*'] },
      products: { widget: { launchRole: 'SCLaunchWidget' } },
      tagOptions: { 'cost-center': ['cc-1'] },
    },
  },
};

function record(...targets: TargetState[]): PublishedState {
  return { format: 1, targets: Object.fromEntries(targets.map((t) => [t.id, { ...t, publishedAt: '2026-11-20T10:00:00.000Z' }])) };
}

/** The changes (not the unchanged versions) after `edit` is applied to the published state. */
function changesAfter(edit: (target: any) => void): PlanChange[] {
  const now = JSON.parse(JSON.stringify(PUBLISHED));
  edit(now);
  return planAgainstPublishedState([now], record(PUBLISHED)).targets[0].changes.filter(isChange);
}

describe('a target published as it is now', () => {
  test('is unchanged, and lists its versions as unchanged', () => {
    const plan = planAgainstPublishedState([PUBLISHED], record(PUBLISHED));
    expect(plan.changes).toBe(false);
    expect(plan.baseline).toBe('published-state');
    expect(plan.targets[0].status).toBe('unchanged');
    expect(plan.targets[0].changes).toEqual([
      { subject: 'version', action: 'unchanged', product: 'widget', version: '1.0.0', to: 'active', detail: 'released' },
      { subject: 'version', action: 'unchanged', product: 'widget', version: '1.1.0', to: 'active', detail: 'released' },
    ]);
  });
});

describe('versions', () => {
  test('a new released version is created', () => {
    expect(changesAfter((t) => t.products.widget.versions.push(version('1.2.0')))).toEqual([
      { subject: 'version', action: 'create', product: 'widget', version: '1.2.0', to: 'active', detail: 'released' },
    ]);
  });

  test('a new version built from the current code is created, with a warning that it is not frozen', () => {
    expect(changesAfter((t) => t.products.widget.versions.push(version('1.2.0', { released: false })))).toEqual([{
      subject: 'version',
      action: 'create',
      product: 'widget',
      version: '1.2.0',
      to: 'active',
      detail: 'built from the current code, not released',
      warning: 'not released: its template is not frozen, so a later code change would replace it; release it first',
    }]);
  });

  test('a version is deprecated, deactivated, reactivated', () => {
    expect(changesAfter((t) => (t.products.widget.versions[0].status = 'deprecated'))).toEqual([
      { subject: 'version', action: 'deprecate', product: 'widget', version: '1.0.0', from: 'active', to: 'deprecated' },
    ]);
    expect(changesAfter((t) => (t.products.widget.versions[0].status = 'inactive'))).toEqual([
      { subject: 'version', action: 'deactivate', product: 'widget', version: '1.0.0', from: 'active', to: 'inactive' },
    ]);
    const deprecated = JSON.parse(JSON.stringify(PUBLISHED));
    deprecated.products.widget.versions[0].status = 'inactive';
    expect(planAgainstPublishedState([PUBLISHED], record(deprecated)).targets[0].changes.filter(isChange)).toEqual([
      { subject: 'version', action: 'reactivate', product: 'widget', version: '1.0.0', from: 'inactive', to: 'active' },
    ]);
  });

  test('a removed version is removed, with a warning when it was still active', () => {
    expect(changesAfter((t) => t.products.widget.versions.shift())).toEqual([{
      subject: 'version',
      action: 'remove',
      product: 'widget',
      version: '1.0.0',
      from: 'active',
      warning: 'removed while active: users lose it without warning; deprecate or deactivate it in an earlier publish',
    }]);
    const inactive = JSON.parse(JSON.stringify(PUBLISHED));
    inactive.products.widget.versions[0].status = 'inactive';
    const now = JSON.parse(JSON.stringify(PUBLISHED));
    now.products.widget.versions.shift();
    expect(planAgainstPublishedState([now], record(inactive)).targets[0].changes.filter(isChange)).toEqual([
      { subject: 'version', action: 'remove', product: 'widget', version: '1.0.0', from: 'inactive' },
    ]);
  });

  test('a version published again with another template is a replacement, with a warning', () => {
    expect(changesAfter((t) => Object.assign(t.products.widget.versions[1], { sha256: 'f'.repeat(64), released: false }))).toEqual([{
      subject: 'version',
      action: 'replace',
      product: 'widget',
      version: '1.1.0',
      from: '1.1.0-sha0000000',
      to: 'ffffffffffffffff',
      detail: 'template changed since it was published (built from the current code, not released)',
      warning:
        'Service Catalog replaces the artifact (new id): provisioned products of the old one can no longer update to it; ' +
        'publish the change as a new version instead',
    }]);
  });

  test('a changed description is an update', () => {
    expect(changesAfter((t) => (t.products.widget.versions[0].description = 'Better words.'))).toEqual([
      { subject: 'version', action: 'update', product: 'widget', version: '1.0.0', from: 'Widget 1.0.0.', to: 'Better words.', detail: 'description' },
    ]);
  });
});

describe('products', () => {
  test('a product new to the target is created with its versions', () => {
    expect(
      changesAfter((t) => {
        t.products.gadget = { displayName: 'Gadget', owner: 'Platform', description: 'A gadget.', versions: [version('0.1.0')] };
      }),
    ).toEqual([
      { subject: 'product', action: 'create', product: 'gadget' },
      { subject: 'version', action: 'create', product: 'gadget', version: '0.1.0', to: 'active', detail: 'released' },
    ]);
  });

  test('a product gone from the target is removed', () => {
    expect(changesAfter((t) => delete t.products.widget)).toEqual([
      { subject: 'product', action: 'remove', product: 'widget', detail: 'with versions 1.0.0, 1.1.0' },
    ]);
  });

  test('a changed attribute is an update', () => {
    expect(changesAfter((t) => (t.products.widget.owner = 'Team B'))).toEqual([
      { subject: 'product', action: 'update', product: 'widget', from: 'Platform', to: 'Team B', detail: 'owner' },
    ]);
  });
});

describe('portfolios, principals, constraints and TagOptions', () => {
  test('a new portfolio is created with its principals, products, constraints and TagOptions', () => {
    expect(
      changesAfter((t) => {
        t.portfolios.gadgets = {
          displayName: 'Gadgets',
          providerName: 'Platform',
          principals: { roles: ['Tinkerer'], rolePatterns: [] },
          products: { widget: { launchRole: 'SCLaunchGadget' } },
          tagOptions: { team: ['a'] },
        };
      }),
    ).toEqual([
      { subject: 'portfolio', action: 'create', portfolio: 'gadgets' },
      { subject: 'principal', action: 'create', portfolio: 'gadgets', principalType: 'role', principal: 'Tinkerer' },
      { subject: 'portfolio-product', action: 'create', portfolio: 'gadgets', product: 'widget' },
      { subject: 'constraint', action: 'create', portfolio: 'gadgets', product: 'widget', to: 'SCLaunchGadget', detail: 'launch role' },
      { subject: 'tag-option', action: 'create', portfolio: 'gadgets', tagKey: 'team', tagValue: 'a' },
    ]);
  });

  test('a portfolio gone from the target is removed with everything in it', () => {
    expect(changesAfter((t) => delete t.portfolios.widgets)).toEqual([
      { subject: 'portfolio', action: 'remove', portfolio: 'widgets' },
      { subject: 'principal', action: 'remove', portfolio: 'widgets', principalType: 'role', principal: 'Builder' },
      { subject: 'principal', action: 'remove', portfolio: 'widgets', principalType: 'pattern', principal: 'arn:aws:iam:::role/sso/*' },
      { subject: 'constraint', action: 'remove', portfolio: 'widgets', product: 'widget', from: 'SCLaunchWidget', detail: 'launch role' },
      { subject: 'portfolio-product', action: 'remove', portfolio: 'widgets', product: 'widget' },
      { subject: 'tag-option', action: 'remove', portfolio: 'widgets', tagKey: 'cost-center', tagValue: 'cc-1' },
    ]);
  });

  test('a changed display name is an update', () => {
    expect(changesAfter((t) => (t.portfolios.widgets.displayName = 'All widgets'))).toEqual([
      { subject: 'portfolio', action: 'update', portfolio: 'widgets', from: 'Widgets', to: 'All widgets', detail: 'displayName' },
    ]);
  });

  test('principals are added and removed, roles and patterns alike', () => {
    expect(
      changesAfter((t) => {
        t.portfolios.widgets.principals = { roles: ['Builder', 'Reviewer'], rolePatterns: [] };
      }),
    ).toEqual([
      { subject: 'principal', action: 'create', portfolio: 'widgets', principalType: 'role', principal: 'Reviewer' },
      { subject: 'principal', action: 'remove', portfolio: 'widgets', principalType: 'pattern', principal: 'arn:aws:iam:::role/sso/*' },
    ]);
  });

  test('a changed launch role updates the constraint', () => {
    expect(changesAfter((t) => (t.portfolios.widgets.products.widget.launchRole = 'SCLaunchWidgetV2'))).toEqual([
      { subject: 'constraint', action: 'update', portfolio: 'widgets', product: 'widget', from: 'SCLaunchWidget', to: 'SCLaunchWidgetV2', detail: 'launch role' },
    ]);
  });

  test('a product taken out of a portfolio loses its association and constraint', () => {
    expect(changesAfter((t) => (t.portfolios.widgets.products = {}))).toEqual([
      { subject: 'constraint', action: 'remove', portfolio: 'widgets', product: 'widget', from: 'SCLaunchWidget', detail: 'launch role' },
      { subject: 'portfolio-product', action: 'remove', portfolio: 'widgets', product: 'widget' },
    ]);
  });

  test('TagOptions are added and removed per value', () => {
    expect(changesAfter((t) => (t.portfolios.widgets.tagOptions = { 'cost-center': ['cc-2'], 'team': ['a'] }))).toEqual([
      { subject: 'tag-option', action: 'create', portfolio: 'widgets', tagKey: 'cost-center', tagValue: 'cc-2' },
      { subject: 'tag-option', action: 'create', portfolio: 'widgets', tagKey: 'team', tagValue: 'a' },
      { subject: 'tag-option', action: 'remove', portfolio: 'widgets', tagKey: 'cost-center', tagValue: 'cc-1' },
    ]);
  });
});

describe('portfolios published to organizational units', () => {
  test('organizational units are added and removed', () => {
    const published = JSON.parse(JSON.stringify(PUBLISHED));
    published.portfolios.widgets.organizationalUnits = ['ou-ab12-11111111', 'r-ab12'];
    const now = JSON.parse(JSON.stringify(published));
    now.portfolios.widgets.organizationalUnits = ['ou-ab12-11111111', 'ou-ab12-22222222'];
    expect(planAgainstPublishedState([now], record(published)).targets[0].changes.filter(isChange)).toEqual([
      { subject: 'organizational-unit', action: 'create', portfolio: 'widgets', organizationalUnit: 'ou-ab12-22222222' },
      { subject: 'organizational-unit', action: 'remove', portfolio: 'widgets', organizationalUnit: 'r-ab12' },
    ]);
  });
});

describe('targets', () => {
  test('with nothing published, every target is new and everything in it is created', () => {
    const plan = planAgainstPublishedState([PUBLISHED], undefined);
    expect(plan.baseline).toBe('nothing-published');
    expect(plan.changes).toBe(true);
    expect(plan.targets[0].status).toBe('new');
    expect(new Set(plan.targets[0].changes.map((c) => c.action))).toEqual(new Set(['create']));
  });

  test('a target the catalog no longer has is reported, and left in place', () => {
    const prod = { ...PUBLISHED, id: 'prod-eu-west-1', account: 'prod', accountId: '333333333333', stackName: 'widgets-prod-eu-west-1' };
    const plan = planAgainstPublishedState([PUBLISHED], record(PUBLISHED, prod));
    expect(plan.changes).toBe(true);
    expect(plan.targets.map((t) => [t.id, t.status])).toEqual([
      ['dev-eu-west-1', 'unchanged'],
      ['prod-eu-west-1', 'removed'],
    ]);
    expect(plan.targets[1].changes).toEqual([{
      subject: 'target',
      action: 'remove',
      detail: 'no longer in the catalog; publish leaves its stack in place',
      warning:
        'delete stack widgets-prod-eu-west-1 yourself (cdk destroy) once no provisioned product uses its products, ' +
        "then remove 'prod-eu-west-1' from catalog.lock.json",
    }]);
  });
});
