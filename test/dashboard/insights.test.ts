import { compliantShareOver, coverageOver } from '../../src/insights/practice-coverage.js';
import type { CoverageGroup } from '../../src/practices/status.js';

function group(key: string, compliant: number, nonCompliant: number, na: number, unassessed: number): CoverageGroup {
  const total = compliant + nonCompliant + na + unassessed;
  return {
    key,
    total,
    assessed: total - unassessed,
    bySource: { manual: total - unassessed, override: 0, automated: 0, none: unassessed },
    byStatus: { compliant, 'non-compliant': nonCompliant, 'not-applicable': na, 'in-progress': 0, unassessed },
    applicable: total - na,
    complianceShare: total - na ? compliant / (total - na) : null,
    weightedComplianceShare: null,
  };
}

describe('compliance over several sites', () => {
  test('is compliant ÷ applicable of the sums, not a mean of shares', () => {
    // Site 1: 1 compliant of 2 applicable (50 %); site 2: 3 compliant of 100 applicable (3 %).
    const a = group('all', 1, 1, 0, 0);
    const b = group('all', 3, 90, 5, 7); // applicable 100
    // (1 + 3) ÷ (2 + 100) = 4/102, whereas the mean of shares would be (0.5 + 0.03) / 2 = 0.265.
    expect(compliantShareOver([a, b])).toBeCloseTo(4 / 102, 12);
    expect(compliantShareOver([])).toBeNull();
    expect(compliantShareOver([group('x', 0, 0, 3, 0)])).toBeNull();
  });

  test('coverageOver adds counts and leaves the weighted share unknown', () => {
    const sum = coverageOver('2-concept', [group('2-concept', 2, 1, 1, 1), group('2-concept', 0, 3, 0, 2)]);
    expect(sum).toMatchObject({ key: '2-concept', total: 10, assessed: 7, applicable: 9, weightedComplianceShare: null });
    expect(sum.byStatus).toEqual({ compliant: 2, 'non-compliant': 4, 'not-applicable': 1, 'in-progress': 0, unassessed: 3 });
    expect(sum.complianceShare).toBeCloseTo(2 / 9, 12);
  });
});
