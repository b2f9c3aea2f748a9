/**
 * Each quota check with a passing and a failing fixture: small CDK stacks,
 * synthesized, checked as the plugin checks them. Fixtures that fail only at
 * the longest launch values prove the checks measure those, not the defaults.
 */
import { App, CfnOutput, CfnParameter, DefaultStackSynthesizer, Fn, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import {
  checkTemplateQuotas,
  IamInlinePoliciesSize,
  IamManagedPoliciesPerRole,
  IamManagedPolicySize,
  IamTrustPolicySize,
  KmsKeyPolicySize,
  measurePolicies,
  type QuotaCheck,
  ResourceNameLength,
  S3BucketPolicySize,
  SnsTopicPolicySize,
  SqsQueuePolicySize,
  TemplateBodySize,
  TemplateOutputCount,
  TemplateParameterCount,
  TemplateResourceCount,
} from '../../../src/secure/quotas';

/** [check id, logical id] of every finding of `check` on the stack `build` makes. */
function findings(check: QuotaCheck, build: (stack: Stack) => void): [string, string | undefined][] {
  // No BootstrapVersion parameter: the fixtures count their own parameters.
  const stack = new Stack(new App(), 'Fixture', { synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }) });
  build(stack);
  return templateFindings(check, Template.fromStack(stack).toJSON());
}

function templateFindings(check: QuotaCheck, template: object): [string, string | undefined][] {
  return checkTemplateQuotas(JSON.stringify(template), [check]).map((v) => [v.check.id, v.logicalId]);
}

/** `count` statements of about `size` characters each, naming buckets after a parameter. */
function statements(count: number, resource: (i: number) => string): iam.PolicyStatement[] {
  return Array.from({ length: count }, (_, i) => new iam.PolicyStatement({ sid: `Read${i}`, actions: ['s3:GetObject'], resources: [resource(i)] }));
}

const prefix = (stack: Stack, maxLength: number) => new CfnParameter(stack, 'Prefix', { type: 'String', default: 'a', maxLength }).valueAsString;

describe('IamManagedPolicySize: 6,144 characters', () => {
  const build = (maxLength: number) => (stack: Stack) => {
    const p = prefix(stack, maxLength);
    new iam.ManagedPolicy(stack, 'Policy', { statements: statements(30, (i) => `arn:aws:s3:::${p}-${i}/*`) });
  };
  test('passes when the longest prefix fits', () => expect(findings(IamManagedPolicySize, build(100))).toEqual([]));
  test('fails when only the longest prefix breaks it', () => {
    expect(findings(IamManagedPolicySize, build(200))).toEqual([['IamManagedPolicySize', expect.stringMatching(/^Policy/)]]);
  });
});

describe('IamInlinePoliciesSize: 10,240 characters per role, all inline policies together', () => {
  // Each document alone fits a managed policy's 6,144; together they do not fit 10,240.
  const build = (count: number) => (stack: Stack) => {
    const p = prefix(stack, 63);
    const role = new iam.Role(stack, 'Role', {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
      inlinePolicies: { Own: new iam.PolicyDocument({ statements: statements(count, (i) => `arn:aws:s3:::${p}-a${i}/*`) }) },
    });
    for (const statement of statements(count, (i) => `arn:aws:s3:::${p}-b${i}/*`)) role.addToPolicy(statement);
  };
  test('passes when the sum fits', () => expect(findings(IamInlinePoliciesSize, build(30))).toEqual([]));
  test('fails on the role when the sum does not', () => {
    expect(findings(IamInlinePoliciesSize, build(50))).toEqual([['IamInlinePoliciesSize', expect.stringMatching(/^Role/)]]);
  });
  test('counts the role\'s own and its attached AWS::IAM::Policy documents', () => {
    const stack = new Stack(new App(), 'Fixture');
    build(50)(stack);
    const template = Template.fromStack(stack).toJSON();
    const [measure] = measurePolicies(template).filter((m) => m.check === 'IamInlinePoliciesSize');
    expect(measure.contributors).toEqual([expect.stringMatching(/^Role/), expect.stringMatching(/^RoleDefaultPolicy/)]);
  });
});

describe('IamTrustPolicySize: 2,048 characters', () => {
  const build = (count: number) => (stack: Stack) => {
    const principals = Array.from({ length: count }, (_, i) => new iam.ArnPrincipal(`arn:aws:iam::${String(i).padStart(12, '1')}:role/deployer`));
    new iam.Role(stack, 'Role', { assumedBy: new iam.CompositePrincipal(...principals) });
  };
  test('passes with a few trusted roles', () => expect(findings(IamTrustPolicySize, build(10))).toEqual([]));
  test('fails with many', () => expect(findings(IamTrustPolicySize, build(60))).toEqual([['IamTrustPolicySize', expect.stringMatching(/^Role/)]]));
});

describe('IamManagedPoliciesPerRole: 10', () => {
  const build = (count: number) => (stack: Stack) => {
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    for (let i = 0; i < count; i++) {
      new iam.ManagedPolicy(stack, `Policy${i}`, { roles: [role], statements: statements(1, () => 'arn:aws:s3:::b/*') });
    }
  };
  test('passes with 10', () => expect(findings(IamManagedPoliciesPerRole, build(10))).toEqual([]));
  test('fails with 11', () => expect(findings(IamManagedPoliciesPerRole, build(11))).toEqual([['IamManagedPoliciesPerRole', expect.stringMatching(/^Role/)]]));
});

describe('resource policies', () => {
  const many = (count: number, stack: Stack) => {
    const p = prefix(stack, 63);
    return statements(count, (i) => `arn:aws:s3:::${p}-${i}/*`).map((s) => {
      s.addAnyPrincipal();
      return s;
    });
  };

  test('S3BucketPolicySize: 20 KB', () => {
    const build = (count: number) => (stack: Stack) => {
      const bucket = new s3.Bucket(stack, 'Bucket');
      for (const s of many(count, stack)) bucket.addToResourcePolicy(s);
    };
    expect(findings(S3BucketPolicySize, build(50))).toEqual([]);
    expect(findings(S3BucketPolicySize, build(150))).toEqual([['S3BucketPolicySize', expect.stringMatching(/^BucketPolicy/)]]);
  });

  test('KmsKeyPolicySize: 32 KB', () => {
    const build = (count: number) => (stack: Stack) => {
      const key = new kms.Key(stack, 'Key');
      for (const s of many(count, stack)) key.addToResourcePolicy(s);
    };
    expect(findings(KmsKeyPolicySize, build(100))).toEqual([]);
    expect(findings(KmsKeyPolicySize, build(250))).toEqual([['KmsKeyPolicySize', expect.stringMatching(/^Key/)]]);
  });

  test('SnsTopicPolicySize: 30 KB', () => {
    const build = (count: number) => (stack: Stack) => {
      const topic = new sns.Topic(stack, 'Topic');
      for (const s of many(count, stack)) topic.addToResourcePolicy(s);
    };
    expect(findings(SnsTopicPolicySize, build(100))).toEqual([]);
    expect(findings(SnsTopicPolicySize, build(250))).toEqual([['SnsTopicPolicySize', expect.stringMatching(/^TopicPolicy/)]]);
  });

  test('SqsQueuePolicySize: 8,192 bytes', () => {
    const build = (count: number) => (stack: Stack) => {
      const queue = new sqs.Queue(stack, 'Queue');
      for (const s of many(count, stack)) queue.addToResourcePolicy(s);
    };
    expect(findings(SqsQueuePolicySize, build(20))).toEqual([]);
    expect(findings(SqsQueuePolicySize, build(80))).toEqual([['SqsQueuePolicySize', expect.stringMatching(/^QueuePolicy/)]]);
  });
});

describe('template limits', () => {
  test('TemplateResourceCount: 500, reported on the first resource past it', () => {
    // CDK itself refuses to synthesize a stack of 501 resources, so this template is written by hand.
    const template = (count: number) => ({
      Resources: Object.fromEntries(Array.from({ length: count }, (_, i) => [`P${i}`, { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'x' } }])),
    });
    expect(templateFindings(TemplateResourceCount, template(500))).toEqual([]);
    expect(templateFindings(TemplateResourceCount, template(501))).toEqual([['TemplateResourceCount', 'P500']]);
  });

  test('TemplateParameterCount: 200', () => {
    const build = (count: number) => (stack: Stack) => {
      for (let i = 0; i < count; i++) new CfnParameter(stack, `P${i}`, { type: 'String', default: 'x' });
    };
    expect(findings(TemplateParameterCount, build(200))).toEqual([]);
    expect(findings(TemplateParameterCount, build(201))).toEqual([['TemplateParameterCount', 'P200']]);
  });

  test('TemplateOutputCount: 200', () => {
    const build = (count: number) => (stack: Stack) => {
      for (let i = 0; i < count; i++) new CfnOutput(stack, `O${i}`, { value: 'x' });
    };
    expect(findings(TemplateOutputCount, build(200))).toEqual([]);
    expect(findings(TemplateOutputCount, build(201))).toEqual([['TemplateOutputCount', 'O200']]);
  });

  test('TemplateBodySize: 1 MB, reported on the largest resource', () => {
    const build = (count: number) => (stack: Stack) => {
      for (let i = 0; i < count; i++) new ssm.CfnParameter(stack, `P${i}`, { type: 'String', value: 'v'.repeat(i === 3 ? 4090 : 4000) });
    };
    expect(findings(TemplateBodySize, build(200))).toEqual([]);
    expect(findings(TemplateBodySize, build(270))).toEqual([['TemplateBodySize', 'P3']]);
  });
});

describe('ResourceNameLength: names at the longest launch values', () => {
  test('an IAM role name of a bounded parameter and a suffix', () => {
    const build = (maxLength: number) => (stack: Stack) => {
      new iam.Role(stack, 'Role', { roleName: `${prefix(stack, maxLength)}-execution`, assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    };
    expect(findings(ResourceNameLength, build(54))).toEqual([]);
    expect(findings(ResourceNameLength, build(55))).toEqual([['ResourceNameLength', expect.stringMatching(/^Role/)]]);
  });

  test('an S3 bucket name with the account and region: 63', () => {
    const build = (maxLength: number) => (stack: Stack) => {
      new s3.Bucket(stack, 'Bucket', { bucketName: Fn.join('-', [prefix(stack, maxLength), stack.account, stack.region]) });
    };
    // 12 (account) + 15 (us-isof-south-1) + 2 hyphens = 29: the prefix may have 34.
    expect(findings(ResourceNameLength, build(34))).toEqual([]);
    expect(findings(ResourceNameLength, build(35))).toEqual([['ResourceNameLength', expect.stringMatching(/^Bucket/)]]);
  });

  test('a SageMaker project name: 32', () => {
    const build = (maxLength: number) => (stack: Stack) => {
      new sagemaker.CfnProject(stack, 'Project', {
        projectName: `${prefix(stack, maxLength)}-ml`,
        serviceCatalogProvisioningDetails: { productId: 'prod-abc' },
      });
    };
    expect(findings(ResourceNameLength, build(29))).toEqual([]);
    expect(findings(ResourceNameLength, build(30))).toEqual([['ResourceNameLength', 'Project']]);
  });

  test('a SageMaker user profile from an unbounded parameter fails: nothing says it fits 63', () => {
    const build = (maxLength?: number) => (stack: Stack) => {
      const name = new CfnParameter(stack, 'UserName', { type: 'String', maxLength, allowedPattern: '^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$' });
      new sagemaker.CfnUserProfile(stack, 'Profile', { domainId: 'd-abc', userProfileName: name.valueAsString });
    };
    expect(findings(ResourceNameLength, build(63))).toEqual([]);
    expect(findings(ResourceNameLength, build())).toEqual([['ResourceNameLength', 'Profile']]);
  });

  test('an SSM parameter name counts with its ARN: 1,011', () => {
    const build = (length: number) => (stack: Stack) => {
      new ssm.CfnParameter(stack, 'Param', { type: 'String', value: 'x', name: `/${'n'.repeat(length)}` });
    };
    // arn:aws-us-gov:ssm:us-isof-south-1:123456789012:parameter/ is 58 characters.
    expect(findings(ResourceNameLength, build(1011 - 58))).toEqual([]);
    expect(findings(ResourceNameLength, build(1012 - 58))).toEqual([['ResourceNameLength', 'Param']]);
  });
});
