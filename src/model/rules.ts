/** What an automated practice check says about one page. */
export type RuleStatus = 'pass' | 'warn' | 'fail' | 'not-applicable' | 'error';
export type RuleGrade = 'A' | 'B' | 'C';

export interface RuleEvidence {
  /** The offending resource, when there is one. */
  url?: string;
  /** The offending element, when there is one (CSS selector or tag description). */
  element?: string;
  /** Human-readable fact, e.g. "no Cache-Control, 34 KB". */
  detail: string;
  value?: number;
}

export interface RuleResult {
  id: string;
  version: string;
  /** RWEB practice ids this check evidences, e.g. ["RWEB_0101"]. */
  practices: string[];
  status: RuleStatus;
  grade: RuleGrade | null;
  /** The measured figure the grade is based on (count, share, bytes…). */
  value: number | null;
  /** The thresholds applied, as text, e.g. "A ≤ 26, B ≤ 40". */
  threshold: string | null;
  /** Capped list of what caused the grade. */
  evidence: RuleEvidence[];
  message?: string;
}
