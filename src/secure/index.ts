export * from './secure-product-stack';
export * from './ssm-contract';
export * from './rule-packs';
export { ProductTemplateSynthesizer } from './product-template-synthesizer';
