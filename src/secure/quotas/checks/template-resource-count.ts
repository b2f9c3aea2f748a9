import type { QuotaCheck } from '../quota-check';

/** CloudFormation: at most 500 resources in one template (CloudFormation quotas). */
const LIMIT = 500;

export const TemplateResourceCount: QuotaCheck = {
  id: 'TemplateResourceCount',
  description: 'A template declares at most 500 resources.',
  fix: 'Split the product into nested stacks or several products.',
  check: ({ template }) => {
    const count = Object.keys(template.Resources ?? {}).length;
    return count <= LIMIT ? [] : [{ problem: `The template declares ${count} resources; the quota is ${LIMIT}.`, locations: [] }];
  },
};
