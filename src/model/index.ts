/**
 * The catalog model: plain types, the TypeBox schema they come from, and pure
 * queries over them. The bottom layer: it imports nothing of this project.
 */
export * from './catalog';
export * from './compile-errors';
export * from './data-science-environment-settings';
export * from './deployment-targets';
export * from './diagnostics';
export * from './kit-checkov-acknowledgements';
export * from './launch-roles';
export * from './monitoring-contract';
export * from './publishing';
export * from './sagemaker-images';
export * from './sagemaker-projects';
export * from './schema';
export * from './ssm-contract';
export * from './ssm-parameter-use';
export * from './sha256';
export * from './product-contract';
export * from './checkov-acknowledgement';
