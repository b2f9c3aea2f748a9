import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type SecureRule, valueAt } from '../rule';

/** Where a SageMaker monitoring resource keeps its network settings. */
export const MONITORING_NETWORK_CONFIG: Readonly<Record<string, readonly string[]>> = {
  'AWS::SageMaker::DataQualityJobDefinition': ['NetworkConfig'],
  'AWS::SageMaker::ModelQualityJobDefinition': ['NetworkConfig'],
  'AWS::SageMaker::ModelBiasJobDefinition': ['NetworkConfig'],
  'AWS::SageMaker::ModelExplainabilityJobDefinition': ['NetworkConfig'],
  'AWS::SageMaker::MonitoringSchedule': ['MonitoringScheduleConfig', 'MonitoringJobDefinition', 'NetworkConfig'],
};

/** SageMaker model-monitoring jobs run attached to the VPC, like training and processing jobs. */
export const SageMakerMonitoringInVpc: SecureRule = {
  id: 'SageMakerMonitoringInVpc',
  description: 'SageMaker monitoring job definitions must set NetworkConfig.VpcConfig (subnets and security groups).',
  fix: "Leave 'networkConfig' unset (the secure defaults use the environment's subnets and security groups) or set its vpcConfig.",
  check(resource) {
    const path = MONITORING_NETWORK_CONFIG[resource.Type];
    if (!path) return NOT_APPLICABLE;
    // A schedule that points at a separate job definition is checked through that definition.
    if (resource.Type === 'AWS::SageMaker::MonitoringSchedule' && valueAt(resource.Properties, ...path.slice(0, 2)) === undefined) {
      return NOT_APPLICABLE;
    }
    const vpcConfig = valueAt(resource.Properties, ...path, 'VpcConfig');
    if (valueAt(vpcConfig, 'Subnets') !== undefined && valueAt(vpcConfig, 'SecurityGroupIds') !== undefined) return COMPLIANT;
    return nonCompliant('the monitoring job is not VPC-attached (NetworkConfig.VpcConfig is not set).', `Properties/${path.join('/')}`);
  },
};
