import type { QuotaCheck } from '../quota-check';

/** CloudFormation: at most 500 resources in one template (CloudFormation quotas). */
const LIMIT = 500;

/** Reported on the first resource past the limit, so the diagnostic lands on a product line. */
export const TemplateResourceCount: QuotaCheck = {
  id: 'TemplateResourceCount',
  description: 'A template declares at most 500 resources.',
  fix: 'Split the product into nested stacks or several products.',
  check: ({ template }) => {
    const ids = Object.keys(template.Resources ?? {});
    if (ids.length <= LIMIT) return [];
    return [{ logicalId: ids[LIMIT], problem: `The template declares ${ids.length} resources (from ${ids[LIMIT]} on, past the limit); the quota is ${LIMIT}.`, locations: [] }];
  },
};
