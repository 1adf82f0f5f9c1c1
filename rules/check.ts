import type { PageArtifacts } from '../src/model/artifacts.js';
import type { RuleEvidence, RuleGrade, RuleResult, RuleStatus } from '../src/model/rules.js';

/** The parts of PageArtifacts a check may declare it needs. */
export type ArtifactKey = 'requests' | 'dom' | 'coverage' | 'cookies' | 'console';

/**
 * One automated check: a plain object whose metadata sits beside its pure judge function.
 * `description` and `advice` are our own words (the RWEB titles and validation rules stay verbatim in the catalogue).
 */
export interface Check {
  /** Kebab-case, equal to the file name under rules/checks/. */
  id: string;
  /** Bump when the logic or a threshold changes: stored results record it. */
  version: string;
  title: string;
  /** RWEB sheet ids this check evidences. */
  practices: string[];
  requiredArtifacts: ArtifactKey[];
  /** What the check looks at, in our words. */
  description: string;
  /** What to do when it fails, in our words. */
  advice: string;
  /** Where the logic and thresholds come from. */
  source: string;
  judge(artifacts: PageArtifacts): RuleResult;
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
export function verdict(check: Check, threshold: string, v: Verdict): RuleResult {
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

export function notApplicable(check: Check, message: string): RuleResult {
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

export function errorResult(check: Pick<Check, 'id' | 'version' | 'practices'>, message: string): RuleResult {
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
