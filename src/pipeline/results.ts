import type { RuleResult } from '../model/rules.js';
import type { Db } from '../store/database.js';
import { listPages, listRunMeasurements, type MeasurementRow, type PageRow } from '../store/pages.js';
import { listRuleResults } from '../store/rule-results.js';
import { getRunSummary, type RunSummary } from '../store/runs.js';
import { spreadOfRows, type Spread } from './spread.js';

/** One page in the machine-readable output of `audit --json` and `results --json`. */
export interface PageResultDocument {
  url: string;
  site: string | null;
  status: 'pending' | 'ok' | 'failed';
  error: string | null;
  errorCode: string | null;
  finalUrl: string | null;
  title: string | null;
  httpStatus: number | null;
  metrics: Record<string, unknown> | null;
  ecoindex: { score: number; scoreRaw: number; grade: string; ghg: number; water: number; methodVersion: string } | null;
  rules: RuleResult[];
  lighthouse: unknown;
  measuredAt: string | null;
  attempts: number;
  /** With `--repeat N`: how many measurements succeeded and each figure's min/median/max; null when measured once. */
  spread: Spread | null;
  /** A user journey's measure step (`audit --journey`): the journey's name; null for a page. */
  journey: string | null;
  /** The step's position among the journey's measures (0-based) and its name; null for a page. */
  step: { index: number; name: string } | null;
}

export interface RunResultDocument {
  run: Omit<RunSummary, 'settings'> & { settings: unknown };
  pages: PageResultDocument[];
}

export function pageDocument(db: Db, p: PageRow, measurements: readonly MeasurementRow[] = []): PageResultDocument {
  return {
    url: p.url,
    site: p.siteCode,
    status: p.status,
    error: p.error,
    errorCode: p.errorCode,
    finalUrl: p.finalUrl,
    title: p.title,
    httpStatus: p.httpStatus,
    metrics: p.status === 'ok' ? p.metrics : null,
    ecoindex:
      p.status === 'ok' && p.score !== null
        ? { score: p.score, scoreRaw: p.scoreRaw!, grade: p.grade!, ghg: p.ghg!, water: p.water!, methodVersion: p.methodVersion! }
        : null,
    rules: p.status === 'ok' ? listRuleResults(db, p.id) : [],
    lighthouse: p.lighthouse ?? null,
    measuredAt: p.finishedAt,
    attempts: p.attempts,
    spread: p.status === 'ok' ? spreadOfRows(measurements) : null,
    journey: p.journey,
    step: p.journey !== null ? { index: p.stepIndex!, name: p.stepName! } : null,
  };
}

/** How a result is named to a user (progress, gate lines, JUnit): its URL; for a journey's step, the journey and step too. */
export function resultLabel(url: string, step?: { journey: string; index: number; name: string } | null): string {
  return step ? `${url} (journey ${step.journey}, step ${step.index + 1} ${step.name})` : url;
}

/** The URL a budget's pattern is matched against: a page's own; for a journey step, the URL it stood at. */
export function budgetUrl(p: Pick<PageResultDocument, 'url' | 'finalUrl' | 'journey'>): string {
  return p.journey ? p.finalUrl ?? p.url : p.url;
}

export function runDocument(db: Db, runId: number): RunResultDocument | undefined {
  const run = getRunSummary(db, runId);
  if (!run) return undefined;
  const measurements = listRunMeasurements(db, runId);
  return { run, pages: listPages(db, runId).map((p) => pageDocument(db, p, measurements.get(p.id))) };
}

/** Flat rows for CSV exports (one per page). */
export const RESULT_CSV_COLUMNS = [
  'run', 'site', 'url', 'status', 'error', 'http_status', 'title', 'dom', 'requests', 'size_kb', 'failed_requests',
  'score', 'score_raw', 'grade', 'ghg_g', 'water_cl', 'method_version', 'measured_at', 'repeats', 'score_min', 'score_max',
  'journey', 'step_index', 'step_name',
] as const;

export function csvRows(runId: number, pages: readonly PageRow[], measurements: ReadonlyMap<number, readonly MeasurementRow[]> = new Map()): Array<Record<string, unknown>> {
  return pages.map((p) => {
    const spread = p.status === 'ok' ? spreadOfRows(measurements.get(p.id) ?? []) : null;
    return {
    run: runId,
    site: p.siteCode,
    url: p.url,
    status: p.status,
    error: p.error,
    http_status: p.httpStatus,
    title: p.title,
    dom: p.dom,
    requests: p.requests,
    size_kb: p.sizeKb,
    failed_requests: p.failedRequests,
    score: p.score,
    score_raw: p.scoreRaw,
    grade: p.grade,
    ghg_g: p.ghg,
    water_cl: p.water,
    method_version: p.methodVersion,
    measured_at: p.finishedAt,
    repeats: spread?.n ?? null,
    score_min: spread?.score.min ?? null,
    score_max: spread?.score.max ?? null,
    journey: p.journey,
    step_index: p.stepIndex,
    step_name: p.stepName,
    };
  });
}
