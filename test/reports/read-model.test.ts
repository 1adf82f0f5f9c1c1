import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/util/project-root.js';
import { openStore } from '../../src/store/database.js';
import { upsertSite } from '../../src/store/sites.js';
import { readReportModel } from '../../src/insights/report-model.js';
import { buildReport } from '../../reports/build.js';
import { renderHtml } from '../../reports/render/html.js';
import { actionLine } from '../../reports/sections/action-plan.js';
import type { ActionItem } from '../../src/practices/action-plan.js';

/** 17.6: the report reads its model once (src/insights/report-model.ts); sections are pure functions of it. */
describe('report read model', () => {
  test('no section reaches the store: no store import, no database handle', () => {
    const dir = join(projectRoot(), 'reports', 'sections');
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => {
        const text = readFileSync(join(dir, f), 'utf8');
        // Type-only imports of the model's types are fine; a value import of the store or of a reader is not.
        return /from '\.\.\/\.\.\/src\/store\//.test(text) || /\bctx\.db\b|\bdb: Db\b/.test(text) || /\bpracticeStatus\(|\bactionPlan\(|\bfleetSummary\(/.test(text);
      });
    expect(offenders).toEqual([]);
  });

  test('the five next actions appear once in the HTML (a list), with a CSV/JSON copy', () => {
    const db = openStore(':memory:');
    try {
      upsertSite(db, { code: 'WEB-A', name: 'Site A', kind: 'web' });
      const model = readReportModel(db, { scope: {}, compare: null, at: '2026-06-30T23:59:59.999Z' });
      // One web site, never assessed: all 119 v5 sheets are to assess, the plan ranks them.
      expect(model.practices.statuses).toHaveLength(1);
      expect(model.practices.plan.length).toBe(119);
      const report = buildReport(db, { lang: 'fr', dbFile: ':memory:', generatedAt: '2026-07-01T00:00:00Z' });
      const summary = report.sections.find((s) => s.id === 'summary')!;
      expect(summary.items).toHaveLength(5);
      const first = summary.items![0];
      const html = renderHtml(report);
      const escaped = first.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
      const inSummary = html.slice(html.indexOf('id="section-summary"'), html.indexOf('id="section-web"'));
      expect(inSummary.split(escaped).length - 1).toBe(1);
      expect(summary.tables.find((t) => t.id === 'summary-next-actions')).toMatchObject({ display: false });
    } finally {
      db.close();
    }
  });

  test('an action line: never-assessed sites are to assess, not to fix; French numbers in French text', () => {
    const item = {
      rank: 1,
      practice: { id: 'x', numberV4: 4, numberV5: 5, titleFr: 'Limiter les requêtes' },
      kind: 'fix',
      score: 21.54,
      failingChecks: [],
      whatToDo: [],
      sites: [
        { code: 'WEB-A', status: 'non-compliant', pagesFailing: 3, pagesJudged: 4, weight: 1.75, where: [] },
        { code: 'WEB-B', status: 'unassessed', pagesFailing: 0, pagesJudged: 0, weight: 0.5, where: [] },
      ],
    } as unknown as ActionItem;
    expect(actionLine({ lang: 'fr', scope: {}, compare: null }, item)).toBe('Corriger #4 (v4) « Limiter les requêtes » — corriger sur WEB-A ; évaluer sur WEB-B (score 21,54)');
    expect(actionLine({ lang: 'en', scope: {}, compare: null }, item)).toBe('Fix #4 (v4) “Limiter les requêtes” — fix on WEB-A; assess on WEB-B (score 21.54)');
    const onlyUnassessed = { ...item, kind: 'assess', sites: [item.sites[1]] } as ActionItem;
    expect(actionLine({ lang: 'fr', scope: {}, compare: null }, onlyUnassessed)).toMatch(/^Évaluer #4 \(v4\) .* — évaluer sur WEB-B \(score 21,54\)$/);
  });
});
