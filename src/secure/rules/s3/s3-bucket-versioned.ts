import { COMPLIANT, describeValue, NOT_APPLICABLE, nonCompliant, type SecureRule, valueAt } from '../rule';

/** S3 buckets keep every version of every object, so an overwrite or delete can be undone. */
export const S3BucketVersioned: SecureRule = {
  id: 'S3BucketVersioned',
  description: 'S3 buckets must have versioning enabled.',
  fix: "Leave 'versioned' unset (the secure defaults enable it) or pass 'versioned: true'.",
  check(resource) {
    if (resource.Type !== 'AWS::S3::Bucket') return NOT_APPLICABLE;
    const status = valueAt(resource.Properties, 'VersioningConfiguration', 'Status');
    if (status === 'Enabled') return COMPLIANT;
    return nonCompliant(`versioning is ${describeValue(status)}, not 'Enabled'.`, 'Properties/VersioningConfiguration');
  },
};
