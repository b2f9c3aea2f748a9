/**
 * SageMaker's XGBoost image registries by region: the table lives in the model
 * (src/model/sagemaker-images.ts) so products' side-effect-free contracts
 * (contract.ts) can read it without loading aws-cdk-lib.
 */
export { SAGEMAKER_XGBOOST_REGISTRIES } from '../model/sagemaker-images';
