/**
 * The longest real values of what a template cannot know before deploy time:
 * pseudo parameters, AWS-specific parameter types, generated ids. Every bound
 * is the longest value AWS documents or ships today; where AWS documents none,
 * the bound says which assumption it makes.
 */
import { RegionInfo } from 'aws-cdk-lib/region-info';

const longest = (values: readonly string[]): string => values.reduce((a, b) => (b.length > a.length ? b : a), '');

/** The longest region name aws-cdk-lib knows (today `us-isof-south-1`, 15 characters). */
export const LONGEST_REGION = longest(RegionInfo.regions.map((region) => region.name));
/** The longest partition (today `aws-us-gov`, 10 characters: longer than `aws-iso-b`). */
export const LONGEST_PARTITION = longest(RegionInfo.regions.map((region) => region.partition ?? 'aws'));
/** The longest URL suffix (today `amazonaws.com.cn`). */
export const LONGEST_URL_SUFFIX = longest(
  RegionInfo.regions.map((region) => region.domainSuffix ?? 'amazonaws.com').concat('amazonaws.com'),
);
/** Account ids are always 12 digits. */
export const ACCOUNT_ID = '123456789012';
/** An Availability Zone name is its region and one letter (`Fn::GetAZs` lists no Local Zones). */
export const LONGEST_AZ_NAME = `${LONGEST_REGION}a`;
/** us-east-1 has six Availability Zones, the most of any region. */
export const MOST_AZS = 6;
/** CloudFormation stack names: 128 characters. */
export const STACK_NAME_LENGTH = 128;

/**
 * What an unknown value (an unconstrained String parameter, an `Fn::ImportValue`,
 * an attribute of a type this gate does not know) is assumed to be: CloudFormation
 * caps parameter values at 4,096 bytes, and an ARN at 2,048 characters fits.
 * Conservative on purpose: a finding that rests on it names the value, and the
 * fix is a bound (MaxLength, AllowedValues) or a type in physical-ids.ts.
 */
export const UNKNOWN_LENGTH = 4096;

/** A placeholder of `length` characters: only lengths matter, and `x` is never whitespace nor escaped in JSON. */
export function placeholder(length: number): string {
  return 'x'.repeat(Math.max(0, length));
}

/** `{prefix}-` plus 17 hexadecimal digits: the long form of every EC2 id. */
const ec2Id = (prefix: string): string => `${prefix}-${placeholder(17)}`;

/**
 * AWS-specific parameter types (and the element types of `List<...>`), by their
 * longest value.
 */
export const PARAMETER_TYPE_VALUES: Readonly<Record<string, string>> = {
  'AWS::EC2::AvailabilityZone::Name': LONGEST_AZ_NAME,
  'AWS::EC2::Image::Id': ec2Id('ami'),
  'AWS::EC2::Instance::Id': ec2Id('i'),
  // Key pair names: up to 255 ASCII characters.
  'AWS::EC2::KeyPair::KeyName': placeholder(255),
  'AWS::EC2::SecurityGroup::GroupName': placeholder(255),
  'AWS::EC2::SecurityGroup::Id': ec2Id('sg'),
  'AWS::EC2::Subnet::Id': ec2Id('subnet'),
  'AWS::EC2::Volume::Id': ec2Id('vol'),
  'AWS::EC2::VPC::Id': ec2Id('vpc'),
  // Hosted zone ids: up to 32 characters.
  'AWS::Route53::HostedZone::Id': placeholder(32),
};

/**
 * How many elements a `List<...>` parameter is assumed to hold. SageMaker's
 * VpcConfig takes at most 16 subnets and 5 security groups, and that is what the
 * lists of this catalog feed; other lists are assumed to hold at most 16.
 */
export const LIST_PARAMETER_COUNTS: Readonly<Record<string, number>> = {
  'AWS::EC2::Subnet::Id': 16,
  'AWS::EC2::SecurityGroup::Id': 5,
  'AWS::EC2::AvailabilityZone::Name': MOST_AZS,
};
export const DEFAULT_LIST_COUNT = 16;
