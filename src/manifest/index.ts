/**
 * Reading the manifest: catalog.yaml and portfolios/*.yaml -> YAML with
 * positions -> JSON Schema -> the checks (checks/) -> the catalog model.
 */
export * from './load';
export { YamlSource } from './yaml-source';
export { PRODUCT_CHECKS, SEMANTIC_CHECKS } from './checks';
export type { ManifestFiles, ParsedFile, ProductCheck, SemanticCheck } from './checks/types';
