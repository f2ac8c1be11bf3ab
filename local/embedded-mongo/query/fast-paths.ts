/**
 * The switch between the server's fast paths and its general ones. The fast paths (hash sets for `$in`, compiled
 * `$expr`, indexed array filters, stored sub-documents trusted after compiled stages) must give exactly the results
 * of the general paths; the switch exists so tests and the lead-write benchmark can run the same statements both
 * ways in one process and compare. Read when a statement is compiled, so flip it only between statements.
 */
let enabled = true;

/** True unless `useGeneralPathsOnly(true)` was called. */
export function fastPathsEnabled(): boolean {
  return enabled;
}

/** Turns the fast paths off (true) or back on (false), process-wide. */
export function useGeneralPathsOnly(generalOnly: boolean): void {
  enabled = !generalOnly;
}
