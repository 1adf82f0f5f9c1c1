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

/**
 * Several sites' coverage groups of the same key (a phase, a tier) added up; complianceShare is recomputed from the
 * sums as above; the priority-weighted share cannot be summed from shares and is left null.
 */
export function coverageOver(key: string, groups: readonly CoverageGroup[]): CoverageGroup {
  const out: CoverageGroup = {
    key,
    total: 0,
    assessed: 0,
    bySource: { manual: 0, override: 0, automated: 0, none: 0 },
    byStatus: { compliant: 0, 'non-compliant': 0, 'not-applicable': 0, 'in-progress': 0, unassessed: 0 },
    applicable: 0,
    complianceShare: null,
    weightedComplianceShare: null,
  };
  for (const g of groups) {
    out.total += g.total;
    out.assessed += g.assessed;
    out.applicable += g.applicable;
    for (const k of Object.keys(out.bySource) as (keyof CoverageGroup['bySource'])[]) out.bySource[k] += g.bySource[k];
    for (const k of Object.keys(out.byStatus) as (keyof CoverageGroup['byStatus'])[]) out.byStatus[k] += g.byStatus[k];
  }
  out.complianceShare = compliantShareOver(groups);
  return out;
}
