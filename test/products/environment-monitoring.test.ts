/**
 * The environment-monitoring product template, resolved for one launch next to
 * the data science environment `ds-team`: every Config rule, the recorder (only
 * when asked), the trail and its data events, the alert topic, the remediations
 * and what each is scoped to, written out here as the specification: a rule
 * on the wrong resources fails.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ACCOUNT, LAUNCH_PARAMETERS, launchMonitoring, type MonitoringLaunch, PUBLISHED, REGION } from './environment-monitoring-launch';
import { MONITORING_CONTRACT, WATCHED_PRODUCT } from '../../products/environment-monitoring';
import { PRODUCT_TAG, RESTORE_SCRIPT } from '../../src/monitoring/endpoint-policy-restore';
import { expectReasonedAcknowledgements, REPO_ROOT } from '../helpers';
import { ResolvedTemplate } from '../secure/cfn-resolver';

const D = PUBLISHED;
const notebook = { ComplianceResourceTypes: ['AWS::SageMaker::NotebookInstance'] };
const bucket = (name: string) => ({ ComplianceResourceTypes: ['AWS::S3::Bucket'], ComplianceResourceId: name });

/** Every Config rule of a launch: name -> managed rule, scope, parameters, periodic frequency. */
const EXPECTED_RULES: Record<string, { identifier: string; scope?: object; parameters?: object; periodic?: boolean }> = {
  'ds-team-notebook-no-direct-internet': { identifier: 'SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS', scope: notebook },
  'ds-team-notebook-kms': { identifier: 'SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED', scope: notebook, parameters: { keyArns: D.VolumeKeyArnParameter } },
  'ds-team-notebook-root-access': { identifier: 'SAGEMAKER_NOTEBOOK_INSTANCE_ROOT_ACCESS_CHECK', scope: notebook },
  'ds-team-notebook-in-vpc': { identifier: 'SAGEMAKER_NOTEBOOK_INSTANCE_INSIDE_VPC', scope: notebook, parameters: { SubnetIds: D.PrivateSubnetIdsParameter } },
  'ds-team-endpoint-config-kms': {
    identifier: 'SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED',
    scope: { ComplianceResourceTypes: ['AWS::SageMaker::EndpointConfig'] },
    parameters: { keyArns: D.VolumeKeyArnParameter },
  },
  'ds-team-model-in-vpc': { identifier: 'SAGEMAKER_MODEL_IN_VPC', scope: { ComplianceResourceTypes: ['AWS::SageMaker::Model'] } },
  'ds-team-studio-domain-in-vpc': {
    identifier: 'SAGEMAKER_DOMAIN_IN_VPC',
    scope: { ComplianceResourceTypes: ['AWS::SageMaker::Domain'], ComplianceResourceId: D.StudioDomainIdParameter },
  },
  'ds-team-bucket-tls-only-data': { identifier: 'S3_BUCKET_SSL_REQUESTS_ONLY', scope: bucket(D.DataBucketNameParameter) },
  'ds-team-bucket-tls-only-models': { identifier: 'S3_BUCKET_SSL_REQUESTS_ONLY', scope: bucket(D.ModelsBucketNameParameter) },
  'ds-team-bucket-kms-data': { identifier: 'S3_DEFAULT_ENCRYPTION_KMS', scope: bucket(D.DataBucketNameParameter), parameters: { kmsKeyArns: D.DataKeyArnParameter } },
  'ds-team-bucket-kms-models': { identifier: 'S3_DEFAULT_ENCRYPTION_KMS', scope: bucket(D.ModelsBucketNameParameter), parameters: { kmsKeyArns: D.DataKeyArnParameter } },
  'ds-team-bucket-not-public-data': { identifier: 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED', scope: bucket(D.DataBucketNameParameter) },
  'ds-team-bucket-not-public-models': { identifier: 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED', scope: bucket(D.ModelsBucketNameParameter) },
  'ds-team-security-group-no-open-ingress': {
    identifier: 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS',
    scope: { ComplianceResourceTypes: ['AWS::EC2::SecurityGroup'], ComplianceResourceId: D.SecurityGroupIdsParameter },
  },
  'ds-team-vpc-flow-logs': { identifier: 'VPC_FLOW_LOGS_ENABLED', parameters: { trafficType: 'ALL' }, periodic: true },
  'ds-team-key-rotation': { identifier: 'CMK_BACKING_KEY_ROTATION_ENABLED', periodic: true },
  'ds-team-key-not-scheduled-for-deletion': {
    identifier: 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION',
    parameters: { kmsKeyIds: [D.DataKeyArnParameter, D.VolumeKeyArnParameter, D.LogsKeyArnParameter].map((arn) => arn.split(':key/')[1]).join(',') },
    periodic: true,
  },
  'ds-team-log-groups-encrypted': { identifier: 'CLOUDWATCH_LOG_GROUP_ENCRYPTED', periodic: true },
};

/** Every automatic remediation: rule -> runbook, the resource parameter, and the role it runs as. */
const EXPECTED_REMEDIATIONS: Record<string, { document: string; parameter: string; role: string }> = {
  'ds-team-notebook-no-direct-internet': { document: 'own:StopNotebookDocument', parameter: 'NotebookInstanceName', role: 'StopNotebook' },
  'ds-team-bucket-not-public-data': { document: 'AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock', parameter: 'BucketName', role: 'BlockBucketPublicAccess' },
  'ds-team-bucket-not-public-models': { document: 'AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock', parameter: 'BucketName', role: 'BlockBucketPublicAccess' },
  'ds-team-security-group-no-open-ingress': {
    document: 'AWSConfigRemediation-RemoveUnrestrictedSourceIngressRules',
    parameter: 'SecurityGroupId',
    role: 'RemoveOpenIngress',
  },
  'ds-team-key-not-scheduled-for-deletion': { document: 'AWSConfigRemediation-CancelKeyDeletion', parameter: 'KeyId', role: 'CancelKeyDeletion' },
};

describe('environment-monitoring', () => {
  let m: MonitoringLaunch;
  beforeAll(() => {
    m = launchMonitoring();
  });
  const of = (type: string, launch = m.launch) => launch.logicalIdsOf(type).map((id) => ({ id, ...launch.properties(id) }));

  test('the rule packs find nothing unacknowledged, and every acknowledgement has a reason', () => {
    expect(m.product.findings).toEqual([]);
    expectReasonedAcknowledgements(m.stack);
  });

  test('every Config rule, by managed rule identifier, scoped to the environment', () => {
    const rules = Object.fromEntries(
      of('AWS::Config::ConfigRule').map((r) => [
        r.ConfigRuleName,
        {
          identifier: r.Source.Owner === 'AWS' ? r.Source.SourceIdentifier : `custom:${r.Source.SourceIdentifier}`,
          ...(r.Scope ? { scope: r.Scope } : {}),
          ...(r.InputParameters ? { parameters: r.InputParameters } : {}),
          ...(r.MaximumExecutionFrequency ? { periodic: r.MaximumExecutionFrequency === 'TwentyFour_Hours' } : {}),
        },
      ]),
    );
    expect(rules).toEqual(EXPECTED_RULES);
  });

  test('every Config rule waits for the recorder when the launch creates one', () => {
    const handle = m.launch.logicalIdsOf('AWS::CloudFormation::WaitConditionHandle');
    expect(handle).toHaveLength(1);
    for (const id of m.launch.logicalIdsOf('AWS::Config::ConfigRule')) expect(m.product.json.Resources[id].DependsOn).toContain(handle[0]);
    const metadata = m.launch.resolve(m.product.json.Resources[handle[0]].Metadata);
    expect(Object.keys(metadata).sort()).toEqual(['DeliveryChannel', 'Recorder']);
  });

  test('the recorder records the types the rules evaluate and delivers to the encrypted audit bucket', () => {
    const [recorder] = of('AWS::Config::ConfigurationRecorder');
    expect(recorder.RecordingGroup.ResourceTypes).toEqual(
      expect.arrayContaining(['AWS::S3::Bucket', 'AWS::SageMaker::NotebookInstance', 'AWS::EC2::SecurityGroup', 'AWS::KMS::Key']),
    );
    expect(recorder.RecordingGroup.AllSupported).toBe(false);
    const [channel] = of('AWS::Config::DeliveryChannel');
    expect(channel.S3BucketName).toBe(m.launch.ref(m.id(m.stack.auditTrail.bucket)));
    expect(channel.S3KmsKeyArn).toBe(m.launch.getAtt(m.id(m.stack.auditTrail.key), 'Arn'));
  });

  test('with CreateConfigRecorder=false there is no recorder or channel, and the rules stay', () => {
    const other = launchMonitoringFor(m, { CreateConfigRecorder: 'false' });
    expect(other.logicalIdsOf('AWS::Config::ConfigurationRecorder')).toEqual([]);
    expect(other.logicalIdsOf('AWS::Config::DeliveryChannel')).toEqual([]);
    expect(other.logicalIdsOf('AWS::Config::ConfigRule')).toHaveLength(Object.keys(EXPECTED_RULES).length);
    const handle = other.logicalIdsOf('AWS::CloudFormation::WaitConditionHandle')[0];
    expect(other.resolve(m.product.json.Resources[handle].Metadata)).toEqual({});
  });

  test("the trail records S3 data events of the environment's buckets only, encrypted, validated, from every region", () => {
    const [trail] = of('AWS::CloudTrail::Trail');
    expect(trail).toMatchObject({
      TrailName: 'ds-team-monitoring',
      IsLogging: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      KMSKeyId: m.launch.getAtt(m.id(m.stack.auditTrail.key), 'Arn'),
      S3BucketName: m.launch.ref(m.id(m.stack.auditTrail.bucket)),
    });
    expect(trail.AdvancedEventSelectors).toEqual([
      {
        Name: 'Write management events',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Management'] },
          { Field: 'readOnly', Equals: ['false'] },
        ],
      },
      {
        Name: "S3 data events of the environment's buckets",
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
          { Field: 'resources.ARN', StartsWith: [`arn:aws:s3:::${D.DataBucketNameParameter}/`, `arn:aws:s3:::${D.ModelsBucketNameParameter}/`] },
        ],
      },
    ]);
  });

  test('with CreateDataEventsTrail=false there is no trail, log group, filter or alarm; the other controls stay', () => {
    const other = launchMonitoringFor(m, { CreateDataEventsTrail: 'false' });
    for (const type of ['AWS::CloudTrail::Trail', 'AWS::Logs::LogGroup', 'AWS::Logs::MetricFilter', 'AWS::CloudWatch::Alarm']) {
      expect({ type, ids: other.logicalIdsOf(type) }).toEqual({ type, ids: [] });
    }
    expect(other.logicalIdsOf('AWS::Events::Rule').length).toBe(m.launch.logicalIdsOf('AWS::Events::Rule').length);
  });

  test('the audit bucket is hardened like every bucket of the catalog', () => {
    const audit = m.launch.properties(m.id(m.stack.auditTrail.bucket));
    expect(audit.BucketEncryption.ServerSideEncryptionConfiguration[0]).toEqual({
      BucketKeyEnabled: true,
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: m.launch.getAtt(m.id(m.stack.auditTrail.key), 'Arn') },
    });
    expect(audit.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(audit.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(audit.LoggingConfiguration.DestinationBucketName).toBe(D.AccessLogsBucketNameParameter);
    const policy = of('AWS::S3::BucketPolicy').find((p) => p.Bucket === m.launch.ref(m.id(m.stack.auditTrail.bucket)))!.PolicyDocument;
    expect(policy.Statement).toEqual(
      expect.arrayContaining([expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
    );
  });

  test('the alerts topic is encrypted with its own key and e-mails every address of the launch', () => {
    const [topic] = of('AWS::SNS::Topic');
    expect(topic.KmsMasterKeyId).toBe(m.launch.getAtt(m.id(m.stack.alerts.key), 'Arn'));
    const endpoints = (launch = m.launch) => of('AWS::SNS::Subscription', launch).map((s) => [s.Protocol, s.Endpoint]);
    expect(endpoints()).toEqual([['email', 'alerts@example.com']]);
    const three = launchMonitoringFor(m, { AlertEmails: 'a@example.com,b@example.com,c@example.com' });
    expect(endpoints(three)).toEqual([
      ['email', 'a@example.com'],
      ['email', 'b@example.com'],
      ['email', 'c@example.com'],
    ]);
    const pattern = new RegExp(m.product.json.Parameters.AlertEmails.AllowedPattern);
    expect(['a@example.com', 'a@example.com,b@example.com,c@example.com'].map((v) => pattern.test(v))).toEqual([true, true]);
    const refused = ['', 'a@example.com,b@example.com,c@example.com,d@example.com', 'a@example.com, b@example.com'];
    expect(refused.map((v) => pattern.test(v))).toEqual([false, false, false]);
  });

  test('every automatic remediation: its rule, its runbook, its own role, the non-compliant resource', () => {
    const stopNotebook = m.launch.ref(m.id(m.stack.remediations.stopNotebookDocument));
    const roleArn = (id: string) => m.launch.getAtt(m.id(m.stack.remediations.roles.get(id as never)!), 'Arn');
    const remediations = Object.fromEntries(
      of('AWS::Config::RemediationConfiguration').map((r) => {
        expect(r).toMatchObject({ TargetType: 'SSM_DOCUMENT', Automatic: true, MaximumAutomaticAttempts: 3 });
        const { AutomationAssumeRole, ...resource } = r.Parameters;
        const [[parameter, value]] = Object.entries(resource) as [string, any][];
        expect(value).toEqual({ ResourceValue: { Value: 'RESOURCE_ID' } });
        const role = [...m.stack.remediations.roles.keys()].find((id) => roleArn(id) === AutomationAssumeRole.StaticValue.Values[0]);
        return [r.ConfigRuleName, { document: r.TargetId === stopNotebook ? 'own:StopNotebookDocument' : r.TargetId, parameter, role }];
      }),
    );
    expect(remediations).toEqual(EXPECTED_REMEDIATIONS);
  });

  test('the stop-notebook runbook makes one call: StopNotebookInstance', () => {
    const document = m.launch.properties(m.id(m.stack.remediations.stopNotebookDocument));
    expect(document.DocumentType).toBe('Automation');
    expect(document.Content.mainSteps.map((s: any) => [s.action, s.inputs.Service, s.inputs.Api])).toEqual([['aws:executeAwsApi', 'sagemaker', 'StopNotebookInstance']]);
  });

  test("the endpoint-policy restore runbook: one Python step, the product's script, the environment's VPC, its own role", () => {
    const restore = m.stack.endpointPolicyRestore;
    expect(of('AWS::SSM::Document').map((d) => d.id).sort()).toEqual([m.id(restore.document), m.id(m.stack.remediations.stopNotebookDocument)].sort());
    const { DocumentType, Content } = m.launch.properties(m.id(restore.document));
    expect(DocumentType).toBe('Automation');
    // The role is the document's own, not a parameter: whoever starts it cannot run it as another role.
    expect(Content.assumeRole).toBe(m.launch.getAtt(m.id(restore.runbookRole), 'Arn'));
    expect(Object.keys(Content.parameters)).toEqual(['VpcEndpointId']);
    expect(Content.mainSteps).toHaveLength(1);
    const [step] = Content.mainSteps;
    expect([step.action, step.inputs.Runtime, step.inputs.Handler]).toEqual(['aws:executeScript', 'python3.11', 'handler']);
    expect(step.timeoutSeconds).toBeLessThanOrEqual(600);
    expect(step.inputs.Script).toBe(fs.readFileSync(RESTORE_SCRIPT, 'utf8'));
    // SSM would read {{ ... }} in the script as a parameter of the document.
    expect(step.inputs.Script).not.toContain('{{');
    expect(step.inputs.InputPayload).toEqual({ VpcEndpointId: '{{ VpcEndpointId }}', WatchedVpcId: D.VpcIdParameter });
    expect(step.outputs.map((o: any) => [o.Name, o.Selector])).toEqual([
      ['Outcome', '$.Payload.Outcome'],
      ['Result', '$.Payload'],
    ]);
    // Its role may modify only endpoints the environment product created (the tag SecureProductStack puts on them).
    const policy = of('AWS::IAM::ManagedPolicy').find((p) => p.Roles.includes(m.launch.ref(m.id(restore.runbookRole))))!.PolicyDocument;
    const modify = policy.Statement.find((st: any) => st.Action === 'ec2:ModifyVpcEndpoint');
    expect(modify.Condition).toEqual({ StringEquals: { [`aws:ResourceTag/${PRODUCT_TAG}`]: WATCHED_PRODUCT } });
  });

  test.each(['1.0.0', '2.0.0'])("every VPC endpoint of the environment's released %s carries the tag the restore role requires", (version) => {
    const template = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'products', 'data-science-environment', 'versions', version, 'template.json'), 'utf8'));
    const endpoints = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::EC2::VPCEndpoint');
    expect(endpoints.length).toBeGreaterThan(1);
    for (const endpoint of endpoints) expect(endpoint.Properties.Tags).toContainEqual({ Key: PRODUCT_TAG, Value: WATCHED_PRODUCT });
  });

  test('the restore rule starts the runbook only: no alert target (the alert rule reports the same call)', () => {
    const rule = m.launch.properties(m.id(m.stack.endpointPolicyRestore.rule));
    expect(rule.Targets.map((t: any) => t.Id)).toEqual(['RestoreEndpointPolicy']);
    expect(rule.State).toBe('ENABLED');
  });

  test("the AccessDenied and guardrail filters name the environment's roles and buckets, and alarm to the topic", () => {
    const filters = Object.fromEntries(of('AWS::Logs::MetricFilter').map((f) => [f.MetricTransformations[0].MetricName, f.FilterPattern]));
    const roles = ['studio-execution', 'pipeline-execution', 'model-execution', 'data-scientist', 'team-admin'].map((r) => `ds-team-${r}`);
    for (const role of roles) {
      expect(filters.AccessDenied).toContain(`$.userIdentity.sessionContext.sessionIssuer.userName = "${role}"`);
      expect(filters.GuardrailChanges).toContain(`$.requestParameters.roleName = "${role}"`);
    }
    for (const name of [D.DataBucketNameParameter, D.ModelsBucketNameParameter]) expect(filters.AccessDenied).toContain(`$.requestParameters.bucketName = "${name}"`);
    const topic = m.launch.ref(m.id(m.stack.alerts.topic));
    expect(of('AWS::CloudWatch::Alarm').map((a) => [a.MetricName, a.AlarmActions, a.Threshold])).toEqual([
      ['AccessDenied', [topic], '10'],
      ['GuardrailChanges', [topic], 1],
    ]);
  });

  test('publishes its SSM contract under the environment path', () => {
    expect(of('AWS::SSM::Parameter').map((p) => p.Name).sort()).toEqual(
      Object.values(MONITORING_CONTRACT).map((e) => `/mlops/ds-team/${e.key}`).sort(),
    );
  });

  test('every parameter has a console label and group', () => {
    const ui = m.product.json.Metadata['AWS::CloudFormation::Interface'];
    const grouped = ui.ParameterGroups.flatMap((g: any) => g.Parameters).sort();
    expect(grouped).toEqual(Object.keys(m.product.json.Parameters).sort());
    expect(Object.keys(ui.ParameterLabels).sort()).toEqual(grouped);
  });

  test('within the IAM and CloudFormation quotas with the longest names', () => {
    const long = launchMonitoringFor(m, {
      EnvironmentNameParameter: 'a'.repeat(31),
      DataBucketNameParameter: 'b'.repeat(63),
      ModelsBucketNameParameter: 'c'.repeat(63),
      SecurityGroupIdsParameter: 'sg-0123456789abcdef0',
      ...Object.fromEntries(
        ['SageMakerExecution', 'PipelineExecution', 'ModelExecution', 'DataScientist', 'TeamAdmin'].map((r) => [`${r}RoleArnParameter`, `arn:aws-us-gov:iam::${ACCOUNT}:role/${'r'.repeat(64)}`]),
      ),
    });
    for (const id of long.logicalIdsOf('AWS::IAM::ManagedPolicy')) {
      expect({ id, size: JSON.stringify(long.properties(id).PolicyDocument).replace(/\s/g, '').length < 6144 }).toEqual({ id, size: true });
    }
    for (const id of long.logicalIdsOf('AWS::IAM::Role')) {
      expect({ id, trust: JSON.stringify(long.properties(id).AssumeRolePolicyDocument).length < 2048 }).toEqual({ id, trust: true });
    }
    for (const id of long.logicalIdsOf('AWS::Logs::MetricFilter')) expect(long.properties(id).FilterPattern.length).toBeLessThanOrEqual(1024);
    for (const id of long.logicalIdsOf('AWS::Events::Rule')) {
      expect(JSON.stringify(long.properties(id).EventPattern).length).toBeLessThan(4096);
      expect(long.properties(id).Name.length).toBeLessThanOrEqual(64);
    }
    for (const id of long.logicalIdsOf('AWS::Config::ConfigRule')) expect(long.properties(id).ConfigRuleName.length).toBeLessThanOrEqual(128);
    expect(Object.keys(m.product.json.Resources).length).toBeLessThan(500);
    expect(JSON.stringify(m.product.json).length).toBeLessThan(1_000_000);
  });

  test(`is launched in ${REGION} as everywhere: no region or account in the template`, () => {
    expect(JSON.stringify(m.product.json)).not.toMatch(/111111111111|eu-west-1/);
  });
});

/** The same template launched with other parameter values. */
function launchMonitoringFor(m: MonitoringLaunch, parameters: Record<string, string>) {
  return new ResolvedTemplate(m.product.json, { accountId: ACCOUNT, region: REGION, parameters: { ...LAUNCH_PARAMETERS, ...parameters } });
}
