import type { QuotaCheck } from '../quota-check';

/** CloudFormation: at most 200 parameters in one template (CloudFormation quotas). */
const LIMIT = 200;

/** Reported on the first parameter past the limit, so the diagnostic lands on a product line. */
export const TemplateParameterCount: QuotaCheck = {
  id: 'TemplateParameterCount',
  description: 'A template declares at most 200 parameters.',
  fix: 'Split the product into nested stacks or several products.',
  check: ({ template }) => {
    const ids = Object.keys(template.Parameters ?? {});
    if (ids.length <= LIMIT) return [];
    return [{ logicalId: ids[LIMIT], problem: `The template declares ${ids.length} parameters (from ${ids[LIMIT]} on, past the limit); the quota is ${LIMIT}.`, locations: [] }];
  },
};
