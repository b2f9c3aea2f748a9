/**
 * The exit codes of every command, one meaning each, so CI can branch on them.
 * `plan` follows `terraform plan -detailed-exitcode`: 0 nothing to do, 2 changes.
 */
export const EXIT_CODES = {
  /** Success; for `plan`: publishing would change nothing. */
  ok: 0,
  /** Bad input (manifest, arguments, frozen versions, catalog.lock.json), or a live comparison that could not be made. */
  badInput: 1,
  /** `plan` only: publishing would change something. */
  changes: 2,
  /** `publish` only: a deployment failed; the stacks after it were not attempted. */
  deployFailed: 3,
  /** A bug in sc-factory (EX_SOFTWARE from sysexits.h). */
  internalError: 70,
} as const;
