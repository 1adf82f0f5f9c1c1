import { UserError } from '../model/errors.js';
import type { Db } from '../store/database.js';
import { allRgesnAssessments, latestRgesnProposals, rgesnServiceIds, type RgesnAssessment, type RgesnProposal, type RgesnStatus } from '../store/rgesn.js';
import { getSiteByCode, listSites, type Site } from '../store/sites.js';
import { type Criterion, loadCriteria } from './catalogue.js';
import { type RgesnCounts, scoreAssessment } from './score.js';

/** Where a criterion's status comes from: the auditor's own decision, or a proposal the auditor accepted. */
export type StatusSource = 'auditor' | 'proposal';

export interface CriterionStatus {
  id: string;
  theme: string;
  status: RgesnStatus;
  /** null when nobody has decided yet (status "a-evaluer" by default). */
  source: StatusSource | null;
  justification: string | null;
  evidence: string | null;
  author: string | null;
  assessedAt: string | null;
  proposal: { status: RgesnStatus; evidence: string; restsOn: string; artifact: string | null; proposedAt: string } | null;
}

export interface RgesnServiceStatus {
  service: string;
  /** Date-time of the latest decision counted (null when none). */
  at: string | null;
  score: number | null;
  weightedScore: number | null;
  counts: RgesnCounts;
  criteria: CriterionStatus[];
}

export function requireService(db: Db, code: string): Site {
  const site = getSiteByCode(db, code);
  if (!site) throw new UserError(`unknown service "${code}"; record a first assessment with numresp rgesn set ${code} … or check the code`);
  return site;
}

/**
 * The latest decision per criterion among those made up to `at` (all when omitted), ordered by assessment date then
 * by order of record: a spreadsheet imported today with last month's dates takes its place in the history.
 */
export function decisionsAt(rows: RgesnAssessment[], at?: string): Map<string, RgesnAssessment> {
  const sorted = rows.filter((r) => at === undefined || r.assessedAt <= at).sort((a, b) => a.assessedAt.localeCompare(b.assessedAt) || a.id - b.id);
  return new Map(sorted.map((r) => [r.criterionId, r]));
}

function criterionStatus(c: Criterion, decision: RgesnAssessment | undefined, proposal: RgesnProposal | undefined): CriterionStatus {
  return {
    id: c.id,
    theme: c.theme,
    status: decision?.status ?? 'a-evaluer',
    source: decision ? (decision.source.startsWith('proposal:') ? 'proposal' : 'auditor') : null,
    justification: decision?.justification ?? null,
    evidence: decision?.evidence ?? null,
    author: decision?.author ?? null,
    assessedAt: decision?.assessedAt ?? null,
    proposal: proposal
      ? { status: proposal.status, evidence: proposal.evidence, restsOn: proposal.restsOn, artifact: proposal.artifact, proposedAt: proposal.proposedAt }
      : null,
  };
}

/** Status of the 78 criteria for a service at a date (now by default), with the score. */
export function serviceStatusFrom(db: Db, site: Site, at?: string): RgesnServiceStatus {
  const decisions = decisionsAt(allRgesnAssessments(db, site.id), at);
  const proposals = at === undefined ? latestRgesnProposals(db, site.id) : new Map<string, RgesnProposal>();
  const criteria = loadCriteria().map((c) => criterionStatus(c, decisions.get(c.id), proposals.get(c.id)));
  const s = scoreAssessment(loadCriteria().map((c, i) => ({ criterion: c, status: criteria[i].status })));
  const dates = [...decisions.values()].map((d) => d.assessedAt).sort();
  return { service: site.code, at: dates.at(-1) ?? null, score: s.score, weightedScore: s.weightedScore, counts: s.counts, criteria };
}

export function rgesnStatus(db: Db, serviceCode: string, at?: string): RgesnServiceStatus {
  return serviceStatusFrom(db, requireService(db, serviceCode), at);
}

export interface ScorePoint {
  /** Day of assessment (UTC, YYYY-MM-DD): the state at the end of that day. */
  date: string;
  score: number | null;
  counts: RgesnCounts;
}

/** The score at the end of every day on which a decision was recorded, oldest first. */
export function scoreHistory(db: Db, site: Site): ScorePoint[] {
  const rows = allRgesnAssessments(db, site.id);
  const days = [...new Set(rows.map((r) => r.assessedAt.slice(0, 10)))].sort();
  return days.map((day) => {
    const decisions = decisionsAt(rows, `${day}T23:59:59.999Z`);
    const s = scoreAssessment(loadCriteria().map((c) => ({ criterion: c, status: decisions.get(c.id)?.status ?? 'a-evaluer' })));
    return { date: day, score: s.score, counts: s.counts };
  });
}

export interface ServiceScore {
  code: string;
  score: number | null;
  at: string | null;
}

/**
 * Score of every service with an RGESN assessment or proposal (restricted to `siteCodes` when given), now or at the
 * ISO instant `at` (decisions dated up to it).
 */
export function rgesnScores(db: Db, siteCodes?: readonly string[], at?: string): ServiceScore[] {
  const sites = new Map(listSites(db).map((s) => [s.id, s]));
  return rgesnServiceIds(db)
    .map((id) => sites.get(id)!)
    .filter((s) => !siteCodes?.length || siteCodes.includes(s.code))
    .map((s) => {
      const st = serviceStatusFrom(db, s, at);
      return { code: s.code, score: st.score, at: st.at };
    });
}
