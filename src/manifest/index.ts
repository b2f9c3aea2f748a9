export * from './diagnostics';
export * from './load';
export * from './model';
export * from './schema';
export { YamlSource } from './yaml-source';
export { SEMANTIC_CHECKS, PRODUCT_ENTRY } from './semantic-checks';
export type { SemanticCheck, ManifestFiles, ParsedFile } from './semantic-checks';
