import type { QuotaCheck } from '../quota-check';

/** CloudFormation: at most 200 outputs in one template (CloudFormation quotas). */
const LIMIT = 200;

export const TemplateOutputCount: QuotaCheck = {
  id: 'TemplateOutputCount',
  description: 'A template declares at most 200 outputs.',
  fix: 'Split the product into nested stacks or several products.',
  check: ({ template }) => {
    const count = Object.keys(template.Outputs ?? {}).length;
    return count <= LIMIT ? [] : [{ problem: `The template declares ${count} outputs; the quota is ${LIMIT}.`, locations: [] }];
  },
};
