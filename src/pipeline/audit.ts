import type { ManagedBrowser } from '../../collectors/browser/index.js';
import { findBrowserExecutable, launchBrowser, measurePage, runLighthouse } from '../../collectors/browser/index.js';
import { judgePage } from '../../rules/index.js';
import type { Access, PageErrorCode, PageMeasurement, Protocol } from '../model/audit.js';
import { ProtocolSchema } from '../model/audit.js';
import { UserError } from '../model/errors.js';
import type { RuleResult } from '../model/rules.js';
import { computeEcoIndex, ECOINDEX_METHOD_VERSION, type EcoIndexResult } from '../scoring/ecoindex.js';
import type { Db } from '../store/database.js';
import { listPendingPages, markPageStarted, planPages, savePageFailure, savePageResult, type PlannedPage } from '../store/pages.js';
import { createRun, endRun, getRun, reopenRun, setRunBrowserVersion } from '../store/runs.js';
import { ensureSite } from '../store/sites.js';
import { TOOL_VERSION } from '../version.js';
import { redactAccess, type SitePlan } from './plan.js';

/** Failures worth another attempt; the others (404, not HTML, redirect loop) would fail the same way. */
const RETRYABLE: ReadonlySet<PageErrorCode> = new Set(['timeout', 'crash', 'browser-died', 'unreachable', 'internal']);
/** A browser that keeps dying is a machine problem, not a page problem: stop relaunching after this many. */
const MAX_BROWSER_RELAUNCHES = 10;

export interface AuditSettings {
  protocol: Protocol;
  concurrency: number;
  retries: number;
  lighthouse: boolean;
}

export interface PageOutcome {
  pageId: number;
  url: string;
  status: 'ok' | 'failed';
  error: string | null;
  errorCode: PageErrorCode | null;
  ecoindex: EcoIndexResult | null;
  attempts: number;
}

export interface AuditEvents {
  onPlanned?(info: { runId: number; total: number; pending: number }): void;
  onPageStart?(url: string): void;
  onPageDone?(outcome: PageOutcome): void;
  onBrowserRelaunch?(reason: string): void;
}

export interface AuditRequest {
  label: string;
  sites: SitePlan[];
  settings: AuditSettings;
}

export interface AuditOutcome {
  runId: number;
  interrupted: boolean;
  measured: number;
  failed: number;
}

export interface RunAuditOptions {
  signal?: AbortSignal;
  events?: AuditEvents;
  /** For tests and benchmarks: Chromium arguments. */
  browserArgs?: string[];
}

/** Fails early, before a run is planned, when no browser can be found (one line with the install command). */
export function checkBrowserAvailable(): void {
  findBrowserExecutable();
}

/** Creates a run with its planned pages ('pending'), so an interruption at any point leaves a resumable run. */
export function planRun(db: Db, request: AuditRequest): number {
  const settings = {
    ...request.settings,
    sites: request.sites.map((s) => ({ code: s.code, name: s.name, pages: s.urls.length, access: redactAccess(s.access) })),
  };
  return db.transaction(() => {
    const runId = createRun(db, { label: request.label, settings, toolVersion: TOOL_VERSION, methodVersion: ECOINDEX_METHOD_VERSION });
    for (const site of request.sites) {
      const { id } = ensureSite(db, site.code, { name: site.name, kind: 'web' });
      planPages(db, runId, site.urls.map((url) => ({ url, siteId: id })));
    }
    return runId;
  })();
}

/** Stored settings of a run, for --resume (access secrets are never stored: they come from the resume command). */
export function settingsOfRun(db: Db, runId: number): AuditSettings {
  const run = getRun(db, runId);
  if (!run) throw new UserError(`run ${runId} does not exist; see numresp runs`);
  if (run.kind !== 'audit') throw new UserError(`run ${runId} is not an audit run`);
  const s = run.settings as Partial<AuditSettings>;
  return {
    protocol: ProtocolSchema.parse(s.protocol ?? {}),
    concurrency: s.concurrency ?? 1,
    retries: s.retries ?? 1,
    lighthouse: s.lighthouse ?? false,
  };
}

/**
 * Measures the pending pages of a run: bounded concurrency in one browser, retries, browser relaunch, one
 * transaction per page. On abort (SIGINT) in-flight pages are dropped back to 'pending' and the run is
 * marked interrupted, so `--resume` measures each page exactly once.
 */
export async function executeRun(
  db: Db,
  runId: number,
  settings: AuditSettings,
  accessBySite: ReadonlyMap<number | null, Access | undefined>,
  options: RunAuditOptions = {},
): Promise<AuditOutcome> {
  const { signal, events = {} } = options;
  reopenRun(db, runId);
  const pending = listPendingPages(db, runId);
  const total = (db.prepare('SELECT COUNT(*) AS n FROM pages WHERE run_id = ?').get(runId) as { n: number }).n;
  events.onPlanned?.({ runId, total, pending: pending.length });
  const outcome: AuditOutcome = { runId, interrupted: false, measured: 0, failed: 0 };
  if (!pending.length || signal?.aborted) {
    outcome.interrupted = !!signal?.aborted;
    endRun(db, runId, outcome.interrupted ? 'interrupted' : 'finished');
    return outcome;
  }

  let browser: ManagedBrowser | null = null;
  let launching: Promise<ManagedBrowser> | null = null;
  let relaunches = 0;
  const getBrowser = async (): Promise<ManagedBrowser> => {
    if (browser?.connected) return browser;
    if (!launching) {
      const previous = browser;
      launching = (async () => {
        if (previous) {
          if (++relaunches > MAX_BROWSER_RELAUNCHES) {
            throw new UserError(`Chromium died ${relaunches} times during run ${runId}; check memory, then numresp audit --resume ${runId}`);
          }
          events.onBrowserRelaunch?.('the browser stopped; starting a new one');
          await previous.close();
        }
        const b = await launchBrowser({ args: options.browserArgs });
        setRunBrowserVersion(db, runId, b.version);
        browser = b;
        return b;
      })().finally(() => {
        launching = null;
      });
    }
    return launching;
  };

  const measureWithRetries = async (page: PlannedPage): Promise<void> => {
    let result: PageMeasurement | null = null;
    let attempts = 0;
    const access = accessBySite.get(page.siteId);
    for (let attempt = 0; attempt <= settings.retries; attempt++) {
      if (signal?.aborted) return;
      const b = await getBrowser();
      markPageStarted(db, page.id);
      attempts++;
      result = await measurePage(b, { url: page.url, access }, settings.protocol, { signal });
      if (!result.ok && !b.connected && result.errorCode !== 'interrupted') {
        result = { ...result, errorCode: 'browser-died', error: 'the browser stopped while measuring this page' };
      }
      if (result.ok || !RETRYABLE.has(result.errorCode)) break;
    }
    if (!result || (!result.ok && result.errorCode === 'interrupted')) return; // stays pending for --resume
    let lighthouse: unknown;
    if (result.ok && settings.lighthouse && !signal?.aborted) {
      // One Lighthouse at a time: concurrent runs would skew each other's performance metrics.
      const b = await getBrowser();
      const turn = lighthouseQueue.then(() => runLighthouse(b, result!.finalUrl, settings.protocol.device, settings.protocol.timeoutMs));
      lighthouseQueue = turn.then(() => undefined, () => undefined);
      lighthouse = await turn;
    }
    // Saved first, then reported (an optional call would skip evaluating its argument).
    const saved = save(db, page, result, attempts, browser?.version ?? null, lighthouse);
    events.onPageDone?.(saved);
    if (result.ok) outcome.measured++;
    else outcome.failed++;
  };

  let lighthouseQueue: Promise<void> = Promise.resolve();
  const queue = [...pending];
  const worker = async () => {
    for (let page = queue.shift(); page && !signal?.aborted; page = queue.shift()) {
      events.onPageStart?.(page.url);
      await measureWithRetries(page);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(settings.concurrency, pending.length) }, worker));
  } finally {
    // `browser` is reassigned inside closures; read it through a cast-free local.
    const b = browser as ManagedBrowser | null;
    if (b) await b.close();
    // Pages left pending (abort, or a browser that could not start) make the run resumable, not finished.
    outcome.interrupted = !!signal?.aborted || listPendingPages(db, runId).length > 0;
    endRun(db, runId, outcome.interrupted ? 'interrupted' : 'finished');
  }
  return outcome;
}

function judge(artifacts: Parameters<typeof judgePage>[0]): RuleResult[] {
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

function save(
  db: Db,
  page: PlannedPage,
  result: PageMeasurement,
  attempts: number,
  browserVersion: string | null,
  lighthouse?: unknown,
): PageOutcome {
  if (!result.ok) {
    savePageFailure(db, page.id, {
      error: result.error,
      errorCode: result.errorCode,
      httpStatus: result.httpStatus,
      finalUrl: result.finalUrl,
      browserVersion,
    });
    return { pageId: page.id, url: page.url, status: 'failed', error: result.error, errorCode: result.errorCode, ecoindex: null, attempts };
  }
  const m = result.metrics;
  const eco = computeEcoIndex({ dom: m.dom, requests: m.requests, sizeKb: m.sizeKb });
  savePageResult(
    db,
    page.id,
    {
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
      browserVersion: browserVersion ?? '',
      lighthouse,
    },
    result.artifacts,
    judge(result.artifacts),
  );
  return { pageId: page.id, url: page.url, status: 'ok', error: null, errorCode: null, ecoindex: eco, attempts };
}
