/**
 * The release rules that need no build, run once: validate runs them after the
 * manifest, and synth before it builds anything, then serves released versions
 * from what was read here (no second read or hash of the folders).
 */
import { RELEASE_CHECKS } from './checks';
import { readReleasedVersions, type ReleasedVersions } from './released-versions';
import type { Catalog } from '../model/catalog';
import { throwIfAny } from '../model/diagnostics';

/** Reads every released folder; throws a ManifestError listing every broken release rule. */
export function checkReleasedVersions(catalog: Catalog): ReleasedVersions {
  const released = readReleasedVersions(catalog);
  throwIfAny(RELEASE_CHECKS.flatMap((check) => check(catalog, released)));
  return released;
}
