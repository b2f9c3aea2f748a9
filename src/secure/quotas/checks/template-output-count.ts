import type { QuotaCheck } from '../quota-check';

/** CloudFormation: at most 200 outputs in one template (CloudFormation quotas). */
const LIMIT = 200;

/** Reported on the first output past the limit, so the diagnostic lands on a product line. */
export const TemplateOutputCount: QuotaCheck = {
  id: 'TemplateOutputCount',
  description: 'A template declares at most 200 outputs.',
  fix: 'Split the product into nested stacks or several products.',
  check: ({ template }) => {
    const ids = Object.keys(template.Outputs ?? {});
    if (ids.length <= LIMIT) return [];
    return [{ logicalId: ids[LIMIT], problem: `The template declares ${ids.length} outputs (from ${ids[LIMIT]} on, past the limit); the quota is ${LIMIT}.`, locations: [] }];
  },
};
