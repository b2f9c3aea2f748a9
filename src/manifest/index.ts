/**
 * Reading the manifest: catalog.yaml and portfolios/*.yaml -> YAML with
 * positions -> JSON Schema -> the checks (checks/) -> the catalog model; then
 * the release rules against products/<path>/versions/ (release-rules.ts).
 */
export * from './load';
export { checkReleasedVersions } from './release-rules';
export { YamlSource } from './yaml-source';
export { CHECKS_NEEDING_BUILD, PRODUCT_CHECKS, RELEASE_CHECKS, SEMANTIC_CHECKS } from './checks';
export type { ManifestFiles, ParsedFile, ProductCheck, ReleaseCheck, SemanticCheck } from './checks/types';
