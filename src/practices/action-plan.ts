import { checkById } from '../../rules/index.js';
import type { Db } from '../store/database.js';
import { listSites } from '../store/sites.js';
import { type PracticeState, type PracticeStatusRow, type PracticeSummary, type SiteStatus, practiceStatus } from './status.js';

/**
 * What to fix first, across sites: failing, in-progress and unassessed practices ranked by
 *   score = environmentalImpact (1-5) × ease (1-5) × Σ over sites of a site weight,
 * where the site weight says how sure and how wide the problem is:
 *   - non-compliant from automated checks: 1 + pagesFailing ÷ pagesJudged (1 to 2: the more pages, the higher);
 *   - non-compliant from an auditor: 2 (an assessment covers the whole site);
 *   - in progress: 1;
 *   - never assessed: 0.5 (unknown, so below any known failure of the same practice);
 *   - compliant or not applicable: 0 (not in the plan).
 * Ties are broken by the catalogue priority, then by id. Read-only.
 */

export type ActionKind = 'fix' | 'assess';

export interface ActionSite {
  code: string;
  status: PracticeState;
  /** Pages failing / judged in the latest run (0 / 0 when judged manually or not at all). */
  pagesFailing: number;
  pagesJudged: number;
  weight: number;
  /** Where to look: failing page URLs and offending resource URLs (capped). */
  where: string[];
}

export interface ActionItem {
  rank: number;
  practice: PracticeSummary;
  /** 'fix' when at least one site is non-compliant or in progress; 'assess' when it is only unassessed. */
  kind: ActionKind;
  score: number;
  /** Ids of the failing automated checks. */
  failingChecks: string[];
  /** What to do, in our words (advice of the failing checks), then the official sheet. */
  whatToDo: string[];
  sites: ActionSite[];
}

export interface ActionPlan {
  generatedAt: string;
  siteCodes: string[];
  items: ActionItem[];
  /** How the score is computed, for display next to the ranking. */
  method: string;
}

export const ACTION_PLAN_METHOD =
  'score = environmental impact (1-5) × ease (1-5) × Σ site weights; site weight = 1 + failing pages ÷ judged pages ' +
  '(automated failure), 2 (auditor: non-compliant), 1 (in progress), 0.5 (never assessed)';

const MAX_WHERE = 10;

function siteWeight(row: PracticeStatusRow): number {
  switch (row.status) {
    case 'non-compliant':
      if (row.source === 'automated' && row.automated && row.automated.pagesJudged > 0) {
        return 1 + row.automated.pagesFailing / row.automated.pagesJudged;
      }
      return 2;
    case 'in-progress':
      return 1;
    case 'unassessed':
      return 0.5;
    default:
      return 0;
  }
}

function whereOf(row: PracticeStatusRow): string[] {
  const urls: string[] = [];
  for (const c of row.automated?.checks ?? []) {
    for (const page of c.failingPages) {
      urls.push(page.url);
      for (const e of page.evidence) if (e.url) urls.push(e.url);
    }
  }
  if (row.manual?.evidenceFile) urls.push(row.manual.evidenceFile);
  return [...new Set(urls)].slice(0, MAX_WHERE);
}

export function actionPlan(db: Db, options: { siteCodes?: string[]; edition?: 'v4' | 'v5' } = {}): ActionPlan {
  const siteCodes = options.siteCodes ?? listSites(db).map((s) => s.code);
  return actionPlanOf(siteCodes.map((code) => practiceStatus(db, code, { edition: options.edition })));
}

/** The plan over practice statuses already computed (one per site), so a caller that has them reads nothing again. */
export function actionPlanOf(statuses: readonly SiteStatus[]): ActionPlan {
  const siteCodes = statuses.map((s) => s.site.code);
  const items = new Map<string, Omit<ActionItem, 'rank'>>();
  for (const status of statuses) {
    const code = status.site.code;
    for (const row of status.practices) {
      const weight = siteWeight(row);
      if (weight === 0) continue;
      const item = items.get(row.practice.id) ?? {
        practice: row.practice,
        kind: 'assess' as ActionKind,
        score: 0,
        failingChecks: [],
        whatToDo: [],
        sites: [],
      };
      if (row.status !== 'unassessed') item.kind = 'fix';
      item.score += row.practice.environmentalImpact * row.practice.ease * weight;
      const failing = (row.automated?.checks ?? []).filter((c) => c.counts.fail > 0).map((c) => c.ruleId);
      item.failingChecks = [...new Set([...item.failingChecks, ...failing])];
      item.sites.push({
        code,
        status: row.status,
        pagesFailing: row.automated?.pagesFailing ?? 0,
        pagesJudged: row.automated?.pagesJudged ?? 0,
        weight,
        where: whereOf(row),
      });
      items.set(row.practice.id, item);
    }
  }
  const ranked = [...items.values()]
    .map((item) => ({
      ...item,
      score: Math.round(item.score * 100) / 100,
      whatToDo: [
        ...new Set(item.failingChecks.map((id) => checkById(id)?.advice).filter((a): a is string => Boolean(a))),
        item.kind === 'assess' ? `Assess this practice against its official sheet: ${item.practice.url}` : `Official sheet: ${item.practice.url}`,
      ],
    }))
    .sort((x, y) => y.score - x.score || y.practice.priority - x.practice.priority || x.practice.id.localeCompare(y.practice.id));
  return {
    generatedAt: new Date().toISOString(),
    siteCodes,
    items: ranked.map((item, i) => ({ rank: i + 1, ...item })),
    method: ACTION_PLAN_METHOD,
  };
}
