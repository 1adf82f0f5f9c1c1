import type { PageArtifacts } from '../src/model/artifacts.js';
import type { RuleEvidence, RuleGrade, RuleResult, RuleStatus } from '../src/model/rules.js';

/** The parts of PageArtifacts a check may declare it needs. */
export type ArtifactKey = 'requests' | 'dom' | 'coverage' | 'cookies' | 'console';

/** The request counters travel with the requests they count. */
type RequestCounters = Pick<PageArtifacts, 'requestsOmitted' | 'requestCountBeforeScroll'>;

/**
 * What a check's judge receives: which page it judges (url, finalUrl) and exactly the artifacts it declared, none of
 * them null. judgePage builds this object from the declared keys, so a judge cannot read an artifact it did not
 * declare (it would find undefined, and its result would be an error).
 */
export type JudgedArtifacts<K extends ArtifactKey> = Pick<PageArtifacts, 'url' | 'finalUrl'> & { [P in K]: NonNullable<PageArtifacts[P]> } & ('requests' extends K ? RequestCounters : unknown);

/** The identity a result carries. */
export type CheckIdentity = Pick<Check, 'id' | 'version' | 'practices'>;

/** The pieces of artifacts a check judges, picked from the page's artifacts; the keys missing (null) otherwise. */
export function judgedArtifacts<K extends ArtifactKey>(check: Pick<Check<K>, 'requiredArtifacts'>, artifacts: PageArtifacts): { artifacts: JudgedArtifacts<K> } | { missing: K[] } {
  const missing = check.requiredArtifacts.filter((k) => artifacts[k] === undefined || artifacts[k] === null);
  if (missing.length > 0) return { missing };
  const picked: Record<string, unknown> = { url: artifacts.url, finalUrl: artifacts.finalUrl };
  for (const k of check.requiredArtifacts) picked[k] = artifacts[k];
  if (check.requiredArtifacts.includes('requests' as K)) {
    picked.requestsOmitted = artifacts.requestsOmitted;
    picked.requestCountBeforeScroll = artifacts.requestCountBeforeScroll;
  }
  return { artifacts: picked as JudgedArtifacts<K> };
}

/**
 * One automated check: a plain object whose metadata sits beside its pure judge function. K names the artifacts it
 * declares (`Check<'dom' | 'requests'>`), and its judge is typed to see only those.
 * `description` and `advice` are our own words (the RWEB titles and validation rules stay verbatim in the catalogue).
 */
export interface Check<K extends ArtifactKey = ArtifactKey> {
  /** Kebab-case, equal to the file name under rules/checks/. */
  id: string;
  /** Bump when the logic or a threshold changes: stored results record it. */
  version: string;
  title: string;
  /** RWEB sheet ids this check evidences. */
  practices: string[];
  requiredArtifacts: readonly K[];
  /** What the check looks at, in our words. */
  description: string;
  /** What to do when it fails, in our words. */
  advice: string;
  /** Where the logic and thresholds come from. */
  source: string;
  judge(artifacts: JudgedArtifacts<K>): RuleResult;
}

/** Evidence lists are capped so one heavy page cannot bloat the store or a report. */
export const MAX_EVIDENCE = 20;

export const STATUS_BY_GRADE: Record<RuleGrade, RuleStatus> = { A: 'pass', B: 'warn', C: 'fail' };

export interface Verdict {
  grade: RuleGrade;
  value: number | null;
  evidence?: RuleEvidence[];
  message?: string;
}

/**
 * Builds a check's result from its grade. Grades follow one convention across checks: C means the page is beyond
 * the RWEB 4th-edition validation limit (or, where the referential gives none, the GreenIT-Analysis extension's C);
 * B is within that limit but not the tool's best grade (status 'warn'); A passes.
 */
export function verdict(check: CheckIdentity, threshold: string, v: Verdict): RuleResult {
  const evidence = v.evidence ?? [];
  const shown = evidence.slice(0, MAX_EVIDENCE);
  const omitted = evidence.length - shown.length;
  const message = [v.message, omitted > 0 ? `${omitted} more item(s) not listed` : undefined].filter(Boolean).join('; ');
  return {
    id: check.id,
    version: check.version,
    practices: check.practices,
    status: STATUS_BY_GRADE[v.grade],
    grade: v.grade,
    value: v.value,
    threshold,
    evidence: shown,
    ...(message ? { message } : {}),
  };
}

export function notApplicable(check: CheckIdentity, message: string): RuleResult {
  return {
    id: check.id,
    version: check.version,
    practices: check.practices,
    status: 'not-applicable',
    grade: null,
    value: null,
    threshold: null,
    evidence: [],
    message,
  };
}

export function errorResult(check: CheckIdentity, message: string): RuleResult {
  return {
    id: check.id,
    version: check.version,
    practices: check.practices,
    status: 'error',
    grade: null,
    value: null,
    threshold: null,
    evidence: [],
    message,
  };
}

/** Grade of a value where lower is better: A when ≤ a, B when ≤ b, else C. */
export function gradeAtMost(value: number, a: number, b: number): RuleGrade {
  return value <= a ? 'A' : value <= b ? 'B' : 'C';
}

/** Grade of a share where higher is better: A when ≥ a, B when ≥ b, else C. */
export function gradeAtLeast(value: number, a: number, b: number): RuleGrade {
  return value >= a ? 'A' : value >= b ? 'B' : 'C';
}

export function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} KB`;
}
