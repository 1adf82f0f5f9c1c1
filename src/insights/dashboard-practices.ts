import type { CoverageGroup } from '../practices/status.js';

/**
 * Compliance over several sites: compliant ÷ applicable summed over the sites (a share of shares would weigh a
 * site with 3 applicable practices like one with 100). The same rule as the report's practices section.
 */
export function compliantShareOver(groups: readonly CoverageGroup[]): number | null {
  let compliant = 0;
  let applicable = 0;
  for (const g of groups) {
    compliant += g.byStatus.compliant;
    applicable += g.applicable;
  }
  return applicable ? compliant / applicable : null;
}
