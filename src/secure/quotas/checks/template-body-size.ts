import type { QuotaCheck } from '../quota-check';

/** CloudFormation: a template body passed by S3 URL is at most 1 MB (CloudFormation quotas). */
const LIMIT = 1024 * 1024;

export const TemplateBodySize: QuotaCheck = {
  id: 'TemplateBodySize',
  description: 'A template uploaded through an S3 URL is at most 1 MB (1,048,576 bytes).',
  fix: 'Split the product into nested stacks or several products.',
  check: ({ templateBytes }) =>
    templateBytes <= LIMIT
      ? []
      : [{ problem: `The template is ${templateBytes.toLocaleString('en-US')} bytes; the quota is ${LIMIT.toLocaleString('en-US')}.`, locations: [] }],
};
