/** Reasons the generator gives for the findings it accepts on the stacks it deploys. */

/** Why a bucket this project deploys for publishing is not replicated to another region. */
export const REPRODUCIBLE_CONTENT =
  'Not replicated on purpose: everything in it is reproduced from the catalog repository (templates, product ' +
  'assets, build artifacts) by the next publish or pipeline run, so a copy in a second region would add no ' +
  'recovery; it is versioned, retained and encrypted with a customer-managed key.';
