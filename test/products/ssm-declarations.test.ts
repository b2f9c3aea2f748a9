/**
 * validate judges products offered to organizational units by what each product
 * class declares it reads and publishes of the SSM contract (no synthesis).
 * These tests keep every shipped declaration equal to the template the current
 * code synthesizes, so it cannot drift: every SSM-typed parameter default the
 * template reads and every AWS::SSM::Parameter it writes is declared, and
 * nothing else is.
 */
import * as fs from 'node:fs';
import { resolveProductClasses } from '../../src/generator/product-registry';
import { synthesizeCurrentTemplates } from '../../src/generator/product-templates';
import { loadCatalog } from '../../src/manifest';
import { SSM_CONTRACT } from '../../src/model/ssm-contract';
import { declaredSsmParameterUse, ssmParameterUseOfTemplate } from '../../src/model/ssm-parameter-use';
import { REPO_ROOT, tempDir } from '../helpers';

const catalog = loadCatalog(REPO_ROOT);
const registry = resolveProductClasses(catalog);
let templates: ReturnType<typeof synthesizeCurrentTemplates>;
beforeAll(() => {
  templates = synthesizeCurrentTemplates(catalog, registry, { outdir: tempDir() });
});
const useOf = (id: string) => ssmParameterUseOfTemplate(JSON.parse(fs.readFileSync(templates.get(id)!.templateFile, 'utf8')), catalog.defaults, catalog.name);

describe.each(catalog.products.map((p) => p.id))('product %s', (id) => {
  test('declares exactly the SSM contract parameters its synthesized template reads and publishes', () => {
    const declared = declaredSsmParameterUse(registry.get(id));
    const actual = useOf(id);
    const sortedDeclaration = {
      reads: [...declared.reads].sort(),
      publishes: [...declared.publishes].sort(),
      catalogFacts: [...(declared.catalogFacts ?? [])].sort(),
    };
    expect(sortedDeclaration).toEqual({
      reads: actual.reads,
      publishes: actual.publishes,
      catalogFacts: actual.catalogFacts,
    });
    // Nothing read or written under the catalog's SSM prefix escapes the contract (and so the declaration),
    // except what the product declares it publishes beside it.
    const prefix = `/${catalog.defaults.ssmPrefix}/`;
    const own = declared.publishesOwn ?? [];
    const isOwn = (name: string | undefined) => name !== undefined && own.some((suffix) => name.endsWith(`/${suffix}`));
    expect(actual.otherPublishes.filter(isOwn).length).toBe(own.length);
    const escaping = (name: string | undefined) => name === undefined || (name.startsWith(prefix) && !isOwn(name));
    expect([...actual.otherReads, ...actual.otherPublishes].filter(escaping)).toEqual([]);
    // Nothing read under the catalog's own prefix escapes the catalog facts either.
    expect(actual.otherReads.filter((name) => name.startsWith(`/${catalog.name}/`))).toEqual([]);
  });
});

describe('the declarations are not vacuous', () => {
  test('the endpoint reads six parameters; the environment publishes the whole contract; the baseline covers what the endpoint reads', () => {
    expect(useOf('sagemaker-endpoint').reads).toHaveLength(6);
    expect(useOf('data-science-environment').publishes).toEqual(Object.keys(SSM_CONTRACT).sort());
    const baseline = useOf('model-deployment-baseline').publishes;
    expect(useOf('sagemaker-endpoint').reads.filter((key) => !baseline.includes(key))).toEqual([]);
  });

  test('a template read that the declaration lacks is seen (the comparison can fail)', () => {
    const template = JSON.parse(fs.readFileSync(templates.get('sagemaker-endpoint')!.templateFile, 'utf8'));
    template.Parameters.Extra = { Type: 'AWS::SSM::Parameter::Value<String>', Default: `/${catalog.defaults.ssmPrefix}/${catalog.defaults.environmentName}/sagemaker/domain-id` };
    expect(ssmParameterUseOfTemplate(template, catalog.defaults).reads).toContain('studioDomainId');
    expect(declaredSsmParameterUse(registry.get('sagemaker-endpoint')).reads).not.toContain('studioDomainId');
  });
});
