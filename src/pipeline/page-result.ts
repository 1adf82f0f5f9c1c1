import type { ManagedBrowser } from '../../collectors/browser/index.js';
import { measurePage } from '../../collectors/browser/index.js';
import { judgePage } from '../../rules/index.js';
import type { PageArtifacts } from '../model/artifacts.js';
import type { PageErrorCode, PageMeasurement, PageMetrics, PageTarget, Protocol } from '../model/audit.js';
import type { RuleResult } from '../model/rules.js';
import { computeEcoIndex, type EcoIndexResult } from '../scoring/ecoindex.js';
import type { Db } from '../store/database.js';
import { recordPageResult, type MeasurementRow } from '../store/pages.js';
import { medianIndex } from './spread.js';

/**
 * One page's measurement, as plain data (JSON-serialisable, so a queue worker can hand it to a coordinator):
 * collected by the browser, judged by the practice checks, scored with EcoIndex — or a failure with its reason.
 */
export type TargetResult =
  | (Extract<PageMeasurement, { ok: true }> & { ecoindex: EcoIndexResult; ruleResults: RuleResult[] })
  | Extract<PageMeasurement, { ok: false }>;

/** What a run reports of a stored page. */
export interface PageOutcome {
  pageId: number;
  url: string;
  status: 'ok' | 'failed';
  error: string | null;
  errorCode: PageErrorCode | null;
  ecoindex: EcoIndexResult | null;
  attempts: number;
}

/** Failures worth another attempt; the others (404, not HTML, redirect loop) would fail the same way. */
const RETRYABLE: ReadonlySet<PageErrorCode> = new Set(['timeout', 'crash', 'browser-died', 'unreachable', 'internal']);

export function isRetryable(result: TargetResult): boolean {
  return !result.ok && RETRYABLE.has(result.errorCode);
}

/**
 * Measures ONE target, one attempt: collect (fresh browser context, the EcoIndex protocol) → judge (practice
 * checks) → score (EcoIndex). Never throws for a page problem. This is the unit a queue worker runs.
 */
export async function measureTarget(
  browser: ManagedBrowser,
  target: PageTarget,
  protocol: Protocol,
  options: { signal?: AbortSignal } = {},
): Promise<TargetResult> {
  const measured = await measurePage(browser, target, protocol, { signal: options.signal });
  return judgeAndScore(browser, measured);
}

/**
 * A collected measurement (a page, or a journey's step) judged by the practice checks and scored with EcoIndex; a
 * failure while the browser is gone is reported as the browser's death, not the page's fault.
 */
export function judgeAndScore(browser: ManagedBrowser, measured: PageMeasurement): TargetResult {
  if (!measured.ok) {
    const died = !browser.connected && measured.errorCode !== 'interrupted';
    return died ? { ...measured, errorCode: 'browser-died', error: 'the browser stopped while measuring this page' } : measured;
  }
  const { metrics } = measured;
  return {
    ...measured,
    ecoindex: computeEcoIndex({ dom: metrics.dom, requests: metrics.requests, sizeKb: metrics.sizeKb }),
    ruleResults: judge(measured.artifacts),
  };
}

function judge(artifacts: PageArtifacts): RuleResult[] {
  try {
    return judgePage(artifacts);
  } catch (err) {
    // judgePage turns a failing check into an 'error' result itself; this guards the page against a bug there.
    return [
      {
        id: 'judge',
        version: '0',
        practices: [],
        status: 'error',
        grade: null,
        value: null,
        threshold: null,
        evidence: [],
        message: `practice checks failed: ${(err as Error).message}`,
      },
    ];
  }
}

/**
 * Stores a page's result in one transaction (figures, artifacts and check results, or the failure) and says what
 * was stored. `attempts` replaces the stored count when the page was measured elsewhere (queue worker).
 */
export function storeTargetResult(
  db: Db,
  pageId: number,
  result: TargetResult,
  meta: { attempts: number; browserVersion: string | null; lighthouse?: unknown; setAttempts?: boolean; measurements?: MeasurementRow[] },
): PageOutcome {
  const attempts = meta.setAttempts ? meta.attempts : undefined;
  const measurements = meta.measurements;
  if (!result.ok) {
    recordPageResult(db, pageId, {
      status: 'failed',
      error: result.error,
      errorCode: result.errorCode,
      httpStatus: result.httpStatus,
      finalUrl: result.finalUrl,
      browserVersion: meta.browserVersion,
      attempts,
      measurements,
    });
    return { pageId, url: result.url, status: 'failed', error: result.error, errorCode: result.errorCode, ecoindex: null, attempts: meta.attempts };
  }
  const m = result.metrics;
  const eco = result.ecoindex;
  recordPageResult(db, pageId, {
    status: 'ok',
    page: {
      finalUrl: result.finalUrl,
      httpStatus: m.httpStatus,
      title: result.title,
      dom: m.dom,
      requests: m.requests,
      sizeKb: m.sizeKb,
      failedRequests: m.failedRequests,
      metrics: m,
      score: eco.score,
      scoreRaw: eco.scoreRaw,
      grade: eco.grade,
      ghg: eco.ghg,
      water: eco.water,
      methodVersion: eco.methodVersion,
      browserVersion: meta.browserVersion ?? '',
      lighthouse: meta.lighthouse,
    },
    artifacts: result.artifacts,
    ruleResults: result.ruleResults,
    attempts,
    measurements,
  });
  return { pageId, url: result.url, status: 'ok', error: null, errorCode: null, ecoindex: eco, attempts: meta.attempts };
}

/** A repeated measurement as the store keeps it (figures only: the artifacts kept are the median one's). */
export function measurementRow(result: TargetResult, repeatIndex: number, measuredAt: string): MeasurementRow {
  if (!result.ok) {
    return { repeatIndex, status: 'failed', error: result.error, errorCode: result.errorCode, dom: null, requests: null, sizeKb: null, score: null, scoreRaw: null, grade: null, measuredAt };
  }
  const { metrics: m, ecoindex: e } = result;
  return { repeatIndex, status: 'ok', error: null, errorCode: null, dom: m.dom, requests: m.requests, sizeKb: m.sizeKb, score: e.score, scoreRaw: e.scoreRaw, grade: e.grade, measuredAt };
}

/**
 * The result that stands for a page measured several times: the successful measurement with the median score, or
 * the last failure when none succeeded.
 */
export function representativeResult(results: readonly TargetResult[]): TargetResult {
  const ok = results.filter((r): r is Extract<TargetResult, { ok: true }> => r.ok);
  if (!ok.length) return results[results.length - 1];
  return ok[medianIndex(ok.map((r) => r.ecoindex.scoreRaw))];
}
