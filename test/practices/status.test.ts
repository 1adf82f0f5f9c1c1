import { openStore, type Db } from '../../src/store/database.js';
import { insertAssessment } from '../../src/store/practices.js';
import { ensureSite } from '../../src/store/sites.js';
import { practiceStatus } from '../../src/practices/status.js';
import { actionPlan } from '../../src/practices/action-plan.js';
import { UserError } from '../../src/model/errors.js';
import { addPage, addRun, result } from './helpers.js';

describe('practiceStatus', () => {
  let db: Db;
  beforeEach(() => (db = openStore(':memory:')));
  afterEach(() => db.close());

  test('an unknown site is a user error', () => {
    expect(() => practiceStatus(db, 'NOPE')).toThrow(UserError);
  });

  test('a fresh site lists all 119 sheets (115 in v4) as never assessed', () => {
    ensureSite(db, 'S');
    const s = practiceStatus(db, 'S');
    expect(s.practices).toHaveLength(119);
    expect(s.neverAssessed).toHaveLength(119);
    expect(s.totals.complianceShare).toBe(0);
    expect(practiceStatus(db, 'S', { edition: 'v4' }).practices).toHaveLength(115);
    expect(s.byTier.map((g) => g.total).reduce((a, b) => a + b)).toBe(119);
  });

  test('merges automated results of the latest run with manual assessments; manual wins, both stay visible', () => {
    const old = addRun(db, 'old');
    addPage(db, old, 'S', 'https://s.test/', { results: [result('http-requests', ['RWEB_0009'], 'pass')] });
    const run = addRun(db, 'new');
    // RWEB_0009 fails on 1 of 2 pages in the latest run; RWEB_0018 passes everywhere.
    addPage(db, run, 'S', 'https://s.test/', {
      results: [result('http-requests', ['RWEB_0009'], 'fail', 'https://s.test/big.js'), result('domains-number', ['RWEB_0018'], 'pass')],
    });
    addPage(db, run, 'S', 'https://s.test/b', {
      results: [result('http-requests', ['RWEB_0009'], 'pass'), result('domains-number', ['RWEB_0018'], 'warn')],
    });
    const site = ensureSite(db, 'S');
    // The auditor overrides the domains rule result with a justification, and marks a hosting practice.
    insertAssessment(db, { siteId: site.id, practiceId: 'RWEB_0018', status: 'non-compliant', author: 'a', evidence: 'CDN fonts', overridesRule: 'domains-number', justification: 'fonts from 3 CDNs' });
    insertAssessment(db, { siteId: site.id, practiceId: 'RWEB_0086', status: 'in-progress', author: 'a' });
    insertAssessment(db, { siteId: site.id, practiceId: 'RWEB_0086', status: 'compliant', author: 'b', evidence: 'PUE 1.3' });
    insertAssessment(db, { siteId: site.id, practiceId: 'RWEB_0001', status: 'not-applicable', author: 'a', justification: 'static brochure' });

    const s = practiceStatus(db, 'S');
    expect(s.run?.runId).toBe(run);
    const row = (id: string) => s.practices.find((p) => p.practice.id === id)!;
    expect(row('RWEB_0009')).toMatchObject({ status: 'non-compliant', source: 'automated' });
    expect(row('RWEB_0009').automated).toMatchObject({ verdict: 'non-compliant', pagesJudged: 2, pagesFailing: 1 });
    expect(row('RWEB_0009').automated!.checks[0].failingPages[0].evidence[0].url).toBe('https://s.test/big.js');
    expect(row('RWEB_0018')).toMatchObject({ status: 'non-compliant', source: 'override' });
    expect(row('RWEB_0018').automated?.verdict).toBe('compliant');
    expect(row('RWEB_0086')).toMatchObject({ status: 'compliant', source: 'manual' });
    expect(row('RWEB_0086').manual?.author).toBe('b');
    expect(row('RWEB_0001').status).toBe('not-applicable');
    expect(s.neverAssessed).toHaveLength(119 - 4);
    // 119 practices, 1 not applicable → 118 applicable, 1 compliant (RWEB_0086, priority 3).
    expect(s.totals.applicable).toBe(118);
    expect(s.totals.complianceShare).toBeCloseTo(1 / 118, 10);
    expect(s.totals.bySource).toEqual({ manual: 2, override: 1, automated: 1, none: 115 });
    const prioritySum = s.practices.filter((p) => p.practice.id !== 'RWEB_0001').reduce((n, p) => n + p.practice.priority, 0);
    expect(s.totals.weightedComplianceShare).toBeCloseTo(3 / prioritySum, 10);
    const production = s.byPhase.find((g) => g.key === '4-production')!;
    expect(production.byStatus.compliant).toBe(1);
  });

  test('action plan ranks known failures above unassessed practices and says where', () => {
    const run = addRun(db);
    addPage(db, run, 'S', 'https://s.test/', { results: [result('http-requests', ['RWEB_0009'], 'fail', 'https://s.test/big.js')] });
    const plan = actionPlan(db, { siteCodes: ['S'] });
    const first = plan.items[0];
    // RWEB_0009: impact 4 × ease 3 × (1 + 1/1) = 24; the best unassessed one scores at most 5 × 5 × 0.5 = 12.5.
    expect(first.practice.id).toBe('RWEB_0009');
    expect(first.score).toBe(24);
    expect(first.kind).toBe('fix');
    expect(first.sites[0].where).toEqual(['https://s.test/', 'https://s.test/big.js']);
    expect(first.whatToDo[0]).toMatch(/Combine/);
    expect(plan.items.every((i, k) => k === 0 || plan.items[k - 1].score >= i.score)).toBe(true);
    expect(plan.items).toHaveLength(119);
  });
});
