import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type RuleTemplate, type SecureRule, valueAt } from '../rule';

/** S3 buckets refuse plain-HTTP requests: their bucket policy denies `aws:SecureTransport=false`. */
export const S3BucketTlsOnly: SecureRule = {
  id: 'S3BucketTlsOnly',
  description: "S3 buckets must have a bucket policy denying every request without TLS (aws:SecureTransport 'false').",
  fix:
    "Create the bucket with s3.Bucket (the secure defaults add the statement) or pass 'enforceSSL: true'; " +
    'a raw CfnBucket needs a CfnBucketPolicy with that Deny statement.',
  check(resource, { logicalId, template }) {
    if (resource.Type !== 'AWS::S3::Bucket') return NOT_APPLICABLE;
    const bucketName = valueAt(resource.Properties, 'BucketName');
    if (policiesOf(template, logicalId, bucketName).some(deniesInsecureTransport)) return COMPLIANT;
    return nonCompliant('no bucket policy denies requests without TLS (aws:SecureTransport false).', 'Properties');
  },
};

function policiesOf(template: RuleTemplate, logicalId: string, bucketName: unknown): unknown[] {
  return Object.values(template.Resources ?? {})
    .filter((r) => r.Type === 'AWS::S3::BucketPolicy')
    .filter((r) => {
      const bucket = valueAt(r.Properties, 'Bucket');
      const ref = bucket !== null && typeof bucket === 'object' ? (bucket as { Ref?: unknown }).Ref : undefined;
      return ref === logicalId || (typeof bucketName === 'string' && bucket === bucketName);
    })
    .map((r) => valueAt(r.Properties, 'PolicyDocument'));
}

/** Whether a bucket policy document has the TLS-only Deny statement. */
export function deniesInsecureTransport(document: unknown): boolean {
  const statements = valueAt(document, 'Statement');
  return (
    Array.isArray(statements) &&
    statements.some((statement) => {
      const actions = [valueAt(statement, 'Action')].flat();
      const secureTransport = valueAt(statement, 'Condition', 'Bool', 'aws:SecureTransport');
      return (
        valueAt(statement, 'Effect') === 'Deny' &&
        (actions.includes('s3:*') || actions.includes('*')) &&
        (secureTransport === 'false' || secureTransport === false)
      );
    })
  );
}
