import type { QuotaCheck } from '../quota-check';

/** CloudFormation: at most 200 parameters in one template (CloudFormation quotas). */
const LIMIT = 200;

export const TemplateParameterCount: QuotaCheck = {
  id: 'TemplateParameterCount',
  description: 'A template declares at most 200 parameters.',
  fix: 'Split the product into nested stacks or several products.',
  check: ({ template }) => {
    const count = Object.keys(template.Parameters ?? {}).length;
    return count <= LIMIT ? [] : [{ problem: `The template declares ${count} parameters; the quota is ${LIMIT}.`, locations: [] }];
  },
};
