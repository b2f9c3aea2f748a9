/**
 * Where the images of deployed models may come from. SageMaker's own framework
 * images live in AWS-owned registries that differ by region; the model build
 * starter code trains and evaluates with the SageMaker XGBoost image, whose
 * registry accounts are these (the SageMaker Python SDK's image configuration,
 * sagemaker-xgboost 1.x; the same table as the starter code's pipelines/images.py,
 * a test keeps them equal). A region missing here has no AWS image registry in
 * the table, so models there can use only the platform's own registries.
 */
export const SAGEMAKER_XGBOOST_REGISTRIES: Readonly<Record<string, string>> = {
  'af-south-1': '510948584623',
  'ap-east-1': '651117190479',
  'ap-northeast-1': '354813040037',
  'ap-northeast-2': '366743142698',
  'ap-northeast-3': '867004704886',
  'ap-south-1': '720646828776',
  'ap-southeast-1': '121021644041',
  'ap-southeast-2': '783357654285',
  'ca-central-1': '341280168497',
  'eu-central-1': '492215442770',
  'eu-north-1': '662702820516',
  'eu-south-1': '978288397137',
  'eu-west-1': '141502667606',
  'eu-west-2': '764974769150',
  'eu-west-3': '659782779980',
  'me-south-1': '801668240914',
  'sa-east-1': '737474898029',
  'us-east-1': '683313688378',
  'us-east-2': '257758044811',
  'us-west-1': '746614075791',
  'us-west-2': '246618743249',
};
