import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type SecureRule, valueAt } from '../rule';

/** CloudWatch log groups expire their events: kept long enough for audits, not forever. */
export const LogGroupRetention: SecureRule = {
  id: 'LogGroupRetention',
  description: 'CloudWatch log groups must have a retention period.',
  fix: "Leave 'retention' unset (the secure defaults apply one) or pass a RetentionDays value other than INFINITE.",
  check(resource) {
    if (resource.Type !== 'AWS::Logs::LogGroup') return NOT_APPLICABLE;
    if (valueAt(resource.Properties, 'RetentionInDays') !== undefined) return COMPLIANT;
    return nonCompliant('the log group keeps events forever (RetentionInDays is not set).', 'Properties/RetentionInDays');
  },
};
