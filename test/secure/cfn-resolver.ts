/**
 * A small CloudFormation evaluator for tests: resolves a synthesized template
 * as CloudFormation would for one launch (parameters, pseudo parameters,
 * conditions, Ref/GetAtt with made-up physical ids), so the policies it
 * contains can be fed to an IAM simulator as the concrete JSON AWS would see.
 */

export interface Launch {
  readonly accountId: string;
  readonly region: string;
  readonly partition?: string;
  /** Parameter values; parameters not given take their Default. */
  readonly parameters?: Readonly<Record<string, string>>;
  /**
   * The Parameter Store of the launch account, by parameter name: an SSM-typed parameter
   * (`AWS::SSM::Parameter::Value<...>`) whose name (given, else its Default) is listed resolves to
   * that value, as CloudFormation resolves it; one not listed resolves to its name, as before.
   *
   * @default - none
   */
  readonly ssmValues?: Readonly<Record<string, string>>;
  /**
   * Made-up physical ids at the longest length AWS generates them (63-character
   * bucket names, 64-character role names, 17-hex-digit EC2 ids, key UUIDs) and
   * a 128-character stack name, for measuring policies against size quotas.
   *
   * @default false - short, readable ids
   */
  readonly longestIds?: boolean;
  /**
   * `AWS::StackName`, e.g. the `SC-<account>-pp-<id>` Service Catalog gives a launch.
   *
   * @default - `SC-111111111111-pp-abcdefgh` (a 128-character one with `longestIds`)
   */
  readonly stackName?: string;
}

/** Physical ids at their longest real length (see `Launch.longestIds`). */
function longestPhysicalId(logicalId: string, resource: Json, resolve: (v: Json) => Json): string | undefined {
  const props = resource.Properties ?? {};
  const pad = (prefix: string, length: number) => (prefix + logicalId.toLowerCase().replace(/[^a-z0-9]/g, '') + 'x'.repeat(length)).slice(0, length);
  const hex = (prefix: string) => prefix + 'f'.repeat(17);
  switch (resource.Type) {
    case 'AWS::S3::Bucket':
      return props.BucketName ? undefined : pad('stack-', 63);
    case 'AWS::IAM::Role':
      return props.RoleName ? resolve(props.RoleName) : pad('stack-', 64);
    case 'AWS::EC2::VPCEndpoint':
      return hex('vpce-');
    case 'AWS::EC2::SecurityGroup':
      return hex('sg-');
    case 'AWS::EC2::Subnet':
      return hex('subnet-').slice(0, -1) + logicalId.slice(-1);
    case 'AWS::EC2::VPC':
      return hex('vpc-');
    case 'AWS::EC2::FlowLog':
      return hex('fl-');
    case 'AWS::KMS::Key':
      return '0123abcd-0123-abcd-0123-' + logicalId.toLowerCase().replace(/[^a-f0-9]/g, '0').padEnd(12, '0').slice(0, 12);
    default:
      return undefined;
  }
}

type Json = any;

/** Physical ids of resources, made up but shaped like the real ones. */
function physicalId(logicalId: string, resource: Json, resolve: (v: Json) => Json): string {
  const props = resource.Properties ?? {};
  switch (resource.Type) {
    case 'AWS::S3::Bucket':
      return props.BucketName ? resolve(props.BucketName) : `stack-${logicalId.toLowerCase()}-1a2b3c`;
    case 'AWS::CodeBuild::Project':
      return props.Name ? resolve(props.Name) : `${logicalId}-physical-id`;
    case 'AWS::IAM::Role':
      return props.RoleName ? resolve(props.RoleName) : `stack-${logicalId}-ABC123`;
    case 'AWS::EC2::VPCEndpoint':
      return `vpce-${logicalId.toLowerCase().slice(0, 17)}`;
    case 'AWS::EC2::SecurityGroup':
      return `sg-${logicalId.toLowerCase().slice(0, 17)}`;
    case 'AWS::EC2::Subnet':
      return `subnet-${logicalId.toLowerCase().slice(0, 17)}`;
    case 'AWS::EC2::VPC':
      return `vpc-${logicalId.toLowerCase().slice(0, 17)}`;
    case 'AWS::KMS::Key':
      return `key-${logicalId.toLowerCase()}`;
    case 'AWS::EC2::FlowLog':
      return `fl-${logicalId.toLowerCase().slice(0, 17)}`;
    case 'AWS::Lambda::Function':
      return `stack-${logicalId}-ABC123`;
    case 'AWS::Config::ConfigRule':
      return props.ConfigRuleName ? resolve(props.ConfigRuleName) : `${logicalId}-rule`;
    case 'AWS::SNS::Topic':
      // Ref of a topic is its ARN.
      return resolve({ 'Fn::Sub': `arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:stack-${logicalId}-ABC123` });
    default:
      return `${logicalId}-physical-id`;
  }
}

export class ResolvedTemplate {
  private readonly pseudo: Record<string, string>;
  private readonly conditions = new Map<string, boolean>();

  constructor(
    public readonly template: Json,
    private readonly launch: Launch,
  ) {
    this.pseudo = {
      'AWS::AccountId': launch.accountId,
      'AWS::Region': launch.region,
      'AWS::Partition': launch.partition ?? 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': launch.stackName ?? (launch.longestIds ? `SC-${launch.accountId}-pp-`.padEnd(128, 'x') : 'SC-111111111111-pp-abcdefgh'),
      'AWS::NoValue': NO_VALUE as never,
    };
  }

  /** The account the template is resolved for. */
  public get launchAccount(): string {
    return this.launch.accountId;
  }

  /** The region the template is resolved for. */
  public get launchRegion(): string {
    return this.launch.region;
  }

  /** A resource's properties, fully resolved. */
  public properties(logicalId: string): Json {
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new Error(`no resource ${logicalId}`);
    return this.resolve(resource.Properties ?? {});
  }

  /** Logical ids of the resources of a type that exist at this launch (their condition holds). */
  public logicalIdsOf(type: string): string[] {
    return Object.entries<Json>(this.template.Resources)
      .filter(([, r]) => r.Type === type && (r.Condition === undefined || this.condition(r.Condition)))
      .map(([id]) => id);
  }

  public ref(logicalId: string): Json {
    return this.resolve({ Ref: logicalId });
  }

  public getAtt(logicalId: string, attribute: string): Json {
    return this.resolve({ 'Fn::GetAtt': [logicalId, attribute] });
  }

  public resolve(value: Json): Json {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v)).filter((v) => v !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition')) {
      return this.intrinsic(keys[0], value[keys[0]]);
    }
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      const resolved = this.resolve(v);
      if (resolved !== NO_VALUE) out[k] = resolved;
    }
    return out;
  }

  private intrinsic(name: string, args: Json): Json {
    switch (name) {
      case 'Ref': {
        if (args in this.pseudo) return this.pseudo[args];
        const parameter = this.template.Parameters?.[args];
        if (parameter) return this.parameter(args, parameter);
        const resource = this.template.Resources?.[args];
        if (!resource) throw new Error(`Ref to unknown ${args}`);
        return this.physicalId(args, resource);
      }
      case 'Fn::GetAtt':
        return this.attribute(args[0], args[1]);
      case 'Fn::Join': {
        const parts = this.resolve(args[1]);
        return parts.map((p: Json) => String(p)).join(args[0]);
      }
      case 'Fn::Sub': {
        const [text, variables] = Array.isArray(args) ? args : [args, {}];
        const resolvedVariables = this.resolve(variables);
        return text.replace(/\$\{([^}!]+)\}/g, (_: string, variable: string) => {
          if (variable in resolvedVariables) return String(resolvedVariables[variable]);
          if (variable.includes('.')) {
            const [id, attribute] = variable.split('.');
            return String(this.attribute(id, attribute));
          }
          return String(this.intrinsic('Ref', variable));
        });
      }
      case 'Fn::Split':
        return String(this.resolve(args[1])).split(args[0]);
      case 'Fn::Base64':
        return Buffer.from(String(this.resolve(args)), 'utf8').toString('base64');
      case 'Fn::Select':
        return this.resolve(args[1])[Number(this.resolve(args[0]))];
      case 'Fn::FindInMap': {
        const [map, top, second] = [args[0], this.resolve(args[1]), this.resolve(args[2])];
        const value = this.template.Mappings?.[map]?.[top]?.[second];
        if (value === undefined) throw new Error(`no ${map}.${top}.${second} in the template's mappings`);
        return value;
      }
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((z) => `${this.launch.region}${z}`);
      case 'Fn::Cidr': {
        const count = Number(this.resolve(args[1]));
        return Array.from({ length: count }, (_, i) => `10.0.${i * 16}.0/20`);
      }
      case 'Fn::If':
        return this.resolve(this.condition(args[0]) ? args[1] : args[2]);
      case 'Fn::Equals':
        return String(this.resolve(args[0])) === String(this.resolve(args[1]));
      case 'Fn::Not':
        return !this.resolve(args[0]);
      case 'Fn::And':
        return args.every((a: Json) => this.resolve(a));
      case 'Fn::Or':
        return args.some((a: Json) => this.resolve(a));
      case 'Condition':
        return this.condition(args);
      default:
        throw new Error(`intrinsic ${name} not supported by the test resolver`);
    }
  }

  private physicalId(logicalId: string, resource: Json): string {
    const resolve = (v: Json) => this.resolve(v);
    return (this.launch.longestIds ? longestPhysicalId(logicalId, resource, resolve) : undefined) ?? physicalId(logicalId, resource, resolve);
  }

  private condition(name: string): boolean {
    if (!this.conditions.has(name)) {
      const expression = this.template.Conditions?.[name];
      if (expression === undefined) throw new Error(`unknown condition ${name}`);
      this.conditions.set(name, Boolean(this.resolve(expression)));
    }
    return this.conditions.get(name)!;
  }

  private parameter(name: string, parameter: Json): string | string[] {
    const given = this.launch.parameters?.[name] ?? parameter.Default;
    if (given === undefined) throw new Error(`parameter ${name} needs a value`);
    const stored = String(parameter.Type).startsWith('AWS::SSM::Parameter::Value<') ? this.launch.ssmValues?.[String(given)] : undefined;
    const value = stored ?? given;
    // List types (List<...>, CommaDelimitedList, and SSM parameters of list types) resolve to lists.
    if (/^(List<|CommaDelimitedList$|AWS::SSM::Parameter::Value<List<)/.test(parameter.Type)) return String(value).split(',');
    return String(value);
  }

  private attribute(logicalId: string, attribute: string): Json {
    const resource = this.template.Resources?.[logicalId];
    if (!resource) throw new Error(`GetAtt of unknown ${logicalId}`);
    const id = this.physicalId(logicalId, resource);
    const { accountId, region } = this.launch;
    const partition = this.pseudo['AWS::Partition'];
    switch (`${resource.Type}.${attribute}`) {
      case 'AWS::S3::Bucket.Arn':
        return `arn:${partition}:s3:::${id}`;
      case 'AWS::IAM::Role.Arn':
        return `arn:${partition}:iam::${accountId}:role/${id}`;
      case 'AWS::KMS::Key.Arn':
        return `arn:${partition}:kms:${region}:${accountId}:key/${id}`;
      case 'AWS::EC2::SecurityGroup.GroupId':
        return id;
      case 'AWS::SageMaker::Domain.DomainId':
        return 'd-abcdefgh1234';
      case 'AWS::SageMaker::Domain.DomainArn':
        return `arn:${partition}:sagemaker:${region}:${accountId}:domain/d-abcdefgh1234`;
      case 'AWS::EC2::VPC.DefaultSecurityGroup':
        return `sg-default${logicalId.toLowerCase().slice(0, 9)}`;
      case 'AWS::Lambda::Function.Arn':
        return `arn:${partition}:lambda:${region}:${accountId}:function:${id}`;
      case 'AWS::EC2::EIP.AllocationId':
        return `eipalloc-${logicalId.toLowerCase().slice(0, 17)}`;
      case 'AWS::CodeBuild::Project.Arn':
        return `arn:${partition}:codebuild:${region}:${accountId}:project/${id}`;
      case 'AWS::CodeCommit::Repository.Arn':
        return `arn:${partition}:codecommit:${region}:${accountId}:${id}`;
      case 'AWS::Logs::LogGroup.Arn':
        return `arn:${partition}:logs:${region}:${accountId}:log-group:${logicalId}:*`;
      // CodeArtifact names are the names the template gives.
      case 'AWS::CodeArtifact::Domain.Name':
        return this.resolve(resource.Properties.DomainName);
      case 'AWS::CodeArtifact::Repository.Name':
        return this.resolve(resource.Properties.RepositoryName);
      case 'AWS::SageMaker::StudioLifecycleConfig.StudioLifecycleConfigArn':
        return `arn:${partition}:sagemaker:${region}:${accountId}:studio-lifecycle-config/${this.resolve(resource.Properties.StudioLifecycleConfigName)}`;
      default:
        // A custom resource's attributes are whatever its function answers: a made-up value shaped like an id.
        if (String(resource.Type).startsWith('Custom::')) return `${attribute.toLowerCase()}-of-${logicalId.toLowerCase()}`;
        throw new Error(`GetAtt ${resource.Type}.${attribute} not supported by the test resolver`);
    }
  }
}

const NO_VALUE = Symbol('AWS::NoValue');
