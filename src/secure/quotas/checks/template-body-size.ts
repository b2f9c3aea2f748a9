import type { QuotaCheck } from '../quota-check';

/** CloudFormation: a template body passed by S3 URL is at most 1 MB (CloudFormation quotas). */
const LIMIT = 1024 * 1024;

/** Reported on the largest resource (what to move out first), so the diagnostic lands on a product line. */
export const TemplateBodySize: QuotaCheck = {
  id: 'TemplateBodySize',
  description: 'A template uploaded through an S3 URL is at most 1 MB (1,048,576 bytes).',
  fix: 'Split the product into nested stacks or several products.',
  check: ({ template, templateBytes }) => {
    if (templateBytes <= LIMIT) return [];
    const sizes = Object.entries(template.Resources ?? {}).map(([id, resource]) => [id, JSON.stringify(resource).length] as const);
    const largest = sizes.reduce<readonly [string, number] | undefined>((a, b) => (a === undefined || b[1] > a[1] ? b : a), undefined);
    return [
      {
        logicalId: largest?.[0],
        problem:
          `The template is ${templateBytes.toLocaleString('en-US')} bytes; the quota is ${LIMIT.toLocaleString('en-US')}.` +
          (largest ? ` Its largest resource is ${largest[0]} (${largest[1].toLocaleString('en-US')} bytes).` : ''),
        locations: [],
      },
    ];
  },
};
