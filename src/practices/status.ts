import { loadCatalogue, type LifecyclePhase, LIFECYCLE_PHASES, type Practice, type Tier, TIERS } from '../../rules/catalogue/index.js';
import { automatedPracticeIds } from '../../rules/index.js';
import { UserError } from '../model/errors.js';
import type { RuleEvidence, RuleStatus } from '../model/rules.js';
import type { Db } from '../store/database.js';
import {
  type Assessment,
  latestAssessments,
  latestJudgedRun,
  type PageRuleResult,
  siteRuleResults,
  type SiteRun,
} from '../store/practices.js';
import { getSiteByCode } from '../store/sites.js';

/**
 * Status of every RWEB practice for one site: the auditor's latest assessment merged with the automated results of
 * the latest run that judged the site's pages. Read-only; used by `practices status`, reports and the dashboard.
 *
 * Merge rule: a manual assessment, when there is one, decides the status (the auditor has the last word and may
 * know what a page cannot show); the automated finding stays attached beside it. A manual assessment that names
 * `overridesRule` is an override of that check's result (a false positive or negative): `source` says 'override'.
 */

export type PracticeState = 'compliant' | 'non-compliant' | 'not-applicable' | 'in-progress' | 'unassessed';
export type StatusSource = 'manual' | 'override' | 'automated' | 'none';

export interface PracticeSummary {
  id: string;
  numberV4: string | null;
  numberV5: string;
  /** Official title, verbatim (CC BY-NC-ND 4.0, GreenIT.fr). */
  titleFr: string;
  titleEn: string | null;
  phase: LifecyclePhase;
  tier: Tier;
  /** 1-5 scales from the catalogue. */
  priority: number;
  environmentalImpact: number;
  ease: number;
  /** Official sheet. */
  url: string;
}

/** One automated check's results over the site's pages of the run. */
export interface CheckFinding {
  ruleId: string;
  ruleVersion: string;
  counts: Record<RuleStatus, number>;
  /** Pages where the check failed (the first MAX_FAILING_PAGES; counts.fail has them all), each with its capped evidence. */
  failingPages: Array<{ url: string; value: number | null; threshold: string | null; evidence: RuleEvidence[] }>;
}

export interface AutomatedFinding {
  runId: number;
  /** non-compliant when any page fails a check of this practice; compliant when all judged pages pass or warn. */
  verdict: 'compliant' | 'non-compliant' | 'not-applicable' | 'error';
  pagesJudged: number;
  /** Pages where at least one check of this practice failed. */
  pagesFailing: number;
  checks: CheckFinding[];
}

export interface PracticeStatusRow {
  practice: PracticeSummary;
  status: PracticeState;
  source: StatusSource;
  /** Latest manual assessment, if any. */
  manual: Assessment | null;
  /** Automated finding of the latest judged run, if a check evidences this practice. */
  automated: AutomatedFinding | null;
  /** Whether at least one automated check evidences this practice (even if no run judged it yet). */
  hasAutomatedCheck: boolean;
}

export interface CoverageGroup {
  /** Phase id, tier id, or 'all'. */
  key: string;
  total: number;
  /** Practices with any status other than 'unassessed'. */
  assessed: number;
  bySource: Record<StatusSource, number>;
  byStatus: Record<PracticeState, number>;
  /** Practices not marked not-applicable (unassessed ones count as applicable and not compliant). */
  applicable: number;
  /** compliant ÷ applicable, 0..1 (null when nothing is applicable). */
  complianceShare: number | null;
  /** Same, each practice weighted by its catalogue priority (1-5). */
  weightedComplianceShare: number | null;
}

export interface SiteStatus {
  site: { code: string; name: string };
  /** The run whose automated results were merged, null when no run judged this site. */
  run: SiteRun | null;
  /** 'v5' = all 119 sheets; 'v4' = the 115 numbered in the 4th edition. */
  edition: 'v4' | 'v5';
  practices: PracticeStatusRow[];
  totals: CoverageGroup;
  byPhase: CoverageGroup[];
  byTier: CoverageGroup[];
  /** Ids of practices with neither a manual assessment nor an automated verdict. */
  neverAssessed: string[];
  /** Attribution to show with the titles. */
  attribution: string;
}

export interface PracticeStatusOptions {
  edition?: 'v4' | 'v5';
  /** Practices that automated checks evidence (defaults to those of every registered check). */
  automatedPracticeIds?: ReadonlySet<string>;
  /**
   * The state at this ISO instant (now when omitted): manual assessments dated up to it and the latest run started
   * up to it. Both histories are append-only, so a past state is recomputed rather than snapshotted.
   */
  at?: string;
}

export function summarisePractice(p: Practice): PracticeSummary {
  return {
    id: p.id,
    numberV4: p.numberV4,
    numberV5: p.numberV5,
    titleFr: p.titleFr,
    titleEn: p.titleEn,
    phase: p.phase,
    tier: p.tier,
    priority: p.priority,
    environmentalImpact: p.environmentalImpact,
    ease: p.ease,
    url: p.url,
  };
}

/** Keeps a 1,000-page site's status small enough for a report or a dashboard response. */
export const MAX_FAILING_PAGES = 50;

const EMPTY_COUNTS = (): Record<RuleStatus, number> => ({ pass: 0, warn: 0, fail: 0, 'not-applicable': 0, error: 0 });

/** Groups a run's page results by practice. */
export function automatedFindings(runId: number, results: readonly PageRuleResult[]): Map<string, AutomatedFinding> {
  const byPractice = new Map<string, PageRuleResult[]>();
  for (const r of results) {
    for (const p of r.practices) {
      const list = byPractice.get(p);
      if (list) list.push(r);
      else byPractice.set(p, [r]);
    }
  }
  const out = new Map<string, AutomatedFinding>();
  for (const [practiceId, list] of byPractice) {
    const checks = new Map<string, CheckFinding>();
    const pages = new Set<number>();
    const failing = new Set<number>();
    for (const r of list) {
      const f = checks.get(r.id) ?? { ruleId: r.id, ruleVersion: r.version, counts: EMPTY_COUNTS(), failingPages: [] };
      f.counts[r.status] += 1;
      if (r.status === 'fail') {
        if (f.failingPages.length < MAX_FAILING_PAGES) {
          f.failingPages.push({ url: r.url, value: r.value, threshold: r.threshold, evidence: r.evidence });
        }
        failing.add(r.pageId);
      }
      if (r.status !== 'error') pages.add(r.pageId);
      checks.set(r.id, f);
    }
    const all = [...checks.values()];
    const sum = (s: RuleStatus) => all.reduce((n, c) => n + c.counts[s], 0);
    const verdict: AutomatedFinding['verdict'] =
      sum('fail') > 0 ? 'non-compliant' : sum('pass') + sum('warn') > 0 ? 'compliant' : sum('not-applicable') > 0 ? 'not-applicable' : 'error';
    out.set(practiceId, { runId, verdict, pagesJudged: pages.size, pagesFailing: failing.size, checks: all });
  }
  return out;
}

function mergeRow(
  practice: Practice,
  manual: Assessment | undefined,
  automated: AutomatedFinding | undefined,
  hasAutomatedCheck: boolean,
): PracticeStatusRow {
  let status: PracticeState = 'unassessed';
  let source: StatusSource = 'none';
  if (manual) {
    status = manual.status;
    source = manual.overridesRule ? 'override' : 'manual';
  } else if (automated && automated.verdict !== 'error') {
    status = automated.verdict;
    source = 'automated';
  }
  return { practice: summarisePractice(practice), status, source, manual: manual ?? null, automated: automated ?? null, hasAutomatedCheck };
}

export function coverageGroup(key: string, rows: readonly PracticeStatusRow[]): CoverageGroup {
  const byStatus: Record<PracticeState, number> = { compliant: 0, 'non-compliant': 0, 'not-applicable': 0, 'in-progress': 0, unassessed: 0 };
  const bySource: Record<StatusSource, number> = { manual: 0, override: 0, automated: 0, none: 0 };
  let applicableWeight = 0;
  let compliantWeight = 0;
  for (const r of rows) {
    byStatus[r.status] += 1;
    bySource[r.source] += 1;
    if (r.status === 'not-applicable') continue;
    applicableWeight += r.practice.priority;
    if (r.status === 'compliant') compliantWeight += r.practice.priority;
  }
  const applicable = rows.length - byStatus['not-applicable'];
  return {
    key,
    total: rows.length,
    assessed: rows.length - byStatus.unassessed,
    bySource,
    byStatus,
    applicable,
    complianceShare: applicable > 0 ? byStatus.compliant / applicable : null,
    weightedComplianceShare: applicableWeight > 0 ? compliantWeight / applicableWeight : null,
  };
}

/** Pure part of practiceStatus, for callers that already hold the inputs. */
export function mergeStatus(
  practices: readonly Practice[],
  manual: ReadonlyMap<string, Assessment>,
  automated: ReadonlyMap<string, AutomatedFinding>,
  automatedIds: ReadonlySet<string>,
): PracticeStatusRow[] {
  return practices.map((p) => mergeRow(p, manual.get(p.id), automated.get(p.id), automatedIds.has(p.id)));
}

/**
 * The status of every practice for one site (see SiteStatus). Throws UserError when the site code is unknown.
 */
export function practiceStatus(db: Db, siteCode: string, options: PracticeStatusOptions = {}): SiteStatus {
  const site = getSiteByCode(db, siteCode);
  if (!site) throw new UserError(`unknown site "${siteCode}": create it with an audit or "practices set", or check the code`);
  const catalogue = loadCatalogue();
  const edition = options.edition ?? 'v5';
  const practices = catalogue.practices.filter((p) => edition === 'v5' || p.numberV4 !== null);
  const run = latestJudgedRun(db, site.id, options.at) ?? null;
  const findings = run ? automatedFindings(run.runId, siteRuleResults(db, site.id, run.runId)) : new Map();
  const automatedIds = options.automatedPracticeIds ?? automatedPracticeIds();
  const rows = mergeStatus(practices, latestAssessments(db, site.id, options.at), findings, automatedIds);
  return {
    site: { code: site.code, name: site.name },
    run,
    edition,
    practices: rows,
    totals: coverageGroup('all', rows),
    byPhase: LIFECYCLE_PHASES.map((ph) => coverageGroup(ph, rows.filter((r) => r.practice.phase === ph))).filter((g) => g.total > 0),
    byTier: TIERS.map((t) => coverageGroup(t, rows.filter((r) => r.practice.tier === t))),
    neverAssessed: rows.filter((r) => r.status === 'unassessed').map((r) => r.practice.id),
    attribution: catalogue.attribution,
  };
}
