/** The SageMaker project kit: what project templates and the deployment baseline build on. */
export * from './deployment-targets';
export * from './project-bucket';
export * from './project-key';
export * from './project-parameters';
export * from './project-pipeline';
export * from './project-repository';
export * from './project-role';
export * from './sagemaker-images';
export * from './vpc-build-project';
export * from './package-mirror-access';
export * from './catalog-account-grants';
