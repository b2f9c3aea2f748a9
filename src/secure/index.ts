export * from './secure-product-stack';
export * from './ssm-contract';
export * from './rule-packs';
export { ProductTemplateSynthesizer } from './product-template-synthesizer';
export * from './secure-defaults';
export * from './secure-defaults-plugin';
export { SECURE_RULES } from './rules';
