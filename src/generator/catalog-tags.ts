/** The tags every stack the generator deploys carries: the catalog's default tags and the catalog's name. */
import { Tags } from 'aws-cdk-lib';
import { type IConstruct } from 'constructs';
import type { Catalog } from '../model/catalog';

export const CATALOG_TAG = 'sc-factory:catalog';

export function tagWithCatalog(scope: IConstruct, catalog: Pick<Catalog, 'name' | 'defaults'>): void {
  for (const [key, value] of Object.entries(catalog.defaults.tags)) Tags.of(scope).add(key, value);
  Tags.of(scope).add(CATALOG_TAG, catalog.name);
}
