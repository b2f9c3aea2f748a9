/**
 * The launch role permissions table against its sources: every resource type
 * of every published version of every shipped product has an entry; an entry
 * from a registry schema holds exactly the schema's create, read, update and
 * delete handler permissions (the copy cfn-lint ships, pinned in
 * requirements.txt), less the names it leaves out with a reason; every action
 * is one IAM knows (cfn-lint's policy data, the service authorization reference).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { permissionsOf, RESOURCE_PERMISSIONS, REGISTRY_SCHEMA } from '../../src/generator/launch-role-permissions';
import { REPO_ROOT } from '../helpers';

const CFN_LINT_DATA = (() => {
  const lib = path.join(REPO_ROOT, '.venv', 'lib');
  const python = fs.readdirSync(lib).find((name) => name.startsWith('python'))!;
  return path.join(lib, python, 'site-packages', 'cfnlint', 'data');
})();
const SCHEMAS = path.join(CFN_LINT_DATA, 'schemas');
const REGION_INDEX: Record<string, string> = JSON.parse(fs.readFileSync(path.join(SCHEMAS, 'providers', 'eu-west-1.json'), 'utf8'));

function schemaPermissions(type: string): string[] {
  const schema = JSON.parse(fs.readFileSync(path.join(SCHEMAS, 'resources', `${REGION_INDEX[type]}.json`), 'utf8'));
  const handlers = schema.handlers ?? {};
  return [...new Set(['create', 'read', 'update', 'delete'].flatMap((h) => handlers[h]?.permissions ?? []))].sort() as string[];
}

/** Resource types of every released version of every shipped product (all shipped versions are released). */
function shippedTypes(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const product of fs.readdirSync(path.join(REPO_ROOT, 'products'))) {
    const versions = path.join(REPO_ROOT, 'products', product, 'versions');
    for (const version of fs.existsSync(versions) ? fs.readdirSync(versions) : []) {
      const template = JSON.parse(fs.readFileSync(path.join(versions, version, 'template.json'), 'utf8'));
      for (const resource of Object.values<any>(template.Resources)) {
        used.set(resource.Type, [...new Set([...(used.get(resource.Type) ?? []), `${product}@${version}`])]);
      }
    }
  }
  return used;
}

describe('launch role permissions table', () => {
  const used = shippedTypes();

  test('has an entry for every resource type the shipped products create, and none they do not', () => {
    const missing = [...used.keys()].filter((type) => !permissionsOf(type)).sort();
    expect(missing).toEqual([]);
    const custom = [...used.keys()].filter((type) => type.startsWith('Custom::'));
    expect(Object.keys(RESOURCE_PERMISSIONS).sort()).toEqual([...used.keys()].filter((type) => !custom.includes(type)).sort());
    expect(used.size).toBeGreaterThanOrEqual(45);
  });

  test.each(Object.entries(RESOURCE_PERMISSIONS).filter(([, entry]) => entry.source === REGISTRY_SCHEMA))(
    '%s: the registry schema\'s handler permissions, exactly, less the names left out with a reason',
    (type, entry) => {
      expect(REGION_INDEX[type]).toBeDefined();
      const omitted = Object.keys(entry.omitted ?? {});
      expect({ type, actions: [...entry.actions, ...omitted].sort() }).toEqual({ type, actions: schemaPermissions(type) });
      for (const [action, reason] of Object.entries(entry.omitted ?? {})) {
        expect({ action, reason: reason.length > 20 }).toEqual({ action, reason: true });
      }
    },
  );

  test('legacy types (no handlers in their schema) name their reference, or why none is needed', () => {
    for (const [type, entry] of Object.entries(RESOURCE_PERMISSIONS).filter(([, e]) => e.source !== REGISTRY_SCHEMA)) {
      expect({ type, handlers: schemaPermissions(type) }).toEqual({ type, handlers: [] });
      const source = entry.source as { kind: string; reference?: string; reason?: string };
      expect({ type, cited: source.kind === 'legacy' ? /^https:\/\/docs\.aws\.amazon\.com\//.test(source.reference!) : source.reason!.length > 20 }).toEqual({
        type,
        cited: true,
      });
    }
  });

  test('every action is an IAM action (cfn-lint W3037 knows it), and every type that passes a role says to which service', () => {
    const policies = JSON.parse(fs.readFileSync(path.join(CFN_LINT_DATA, 'AdditionalSpecs', 'Policies.json'), 'utf8'));
    const known = new Map<string, Set<string>>(
      Object.entries<any>(policies).map(([prefix, service]) => [prefix.toLowerCase(), new Set(Object.keys(service.Actions ?? {}))]),
    );
    const unknown = [...new Set([...Object.values(RESOURCE_PERMISSIONS).flatMap((e) => e.actions), ...permissionsOf('Custom::X')!.actions])].filter((action) => {
      const [prefix, name] = action.split(':');
      return !known.get(prefix.toLowerCase())?.has(name.toLowerCase());
    });
    expect(unknown).toEqual([]);
    const passing = Object.entries(RESOURCE_PERMISSIONS).filter(([, e]) => e.actions.includes('iam:PassRole'));
    expect(passing.filter(([, e]) => !e.passesRoleTo?.length).map(([type]) => type)).toEqual([]);
  });
});
