/** The kit SageMaker project templates are built from (products/sagemaker-project-*). */
export * from './deployment-targets';
export * from './project-bucket';
export * from './project-key';
export * from './project-parameters';
export * from './project-pipeline';
export * from './project-repository';
export * from './project-role';
export * from './vpc-build-project';
export * from './sagemaker-images';
