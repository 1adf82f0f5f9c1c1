import type { ManagedBrowser } from '../../collectors/browser/index.js';
import { findBrowserExecutable, runLighthouse } from '../../collectors/browser/index.js';
import type { Access, Protocol } from '../model/audit.js';
import { ProtocolSchema } from '../model/audit.js';
import { UserError } from '../model/errors.js';
import { JourneySchema, type Journey } from '../model/journey.js';
import { ECOINDEX_METHOD_VERSION } from '../scoring/ecoindex.js';
import type { Db } from '../store/database.js';
import { countRunPages, listJourneySteps, listPages, listPendingPages, listRunSiteIds, markPageStarted, type PlannedPage } from '../store/pages.js';
import { createRunWithPages, endRun, getRun, reopenRun, setRunBrowserVersion } from '../store/runs.js';
import { getSiteByCode } from '../store/sites.js';
import { TOOL_VERSION } from '../version.js';
import { isRetryable, measurementRow, measureTarget, representativeResult, storeTargetResult, type PageOutcome, type TargetResult } from './page-result.js';
import { AutoConcurrency, FixedConcurrency, MachineLoad, type ConcurrencyChange, type ConcurrencyLimit } from './concurrency.js';
import { redactAccess, type SitePlan } from './plan.js';
import { resultLabel } from './results.js';
import { measureJourneyTarget, planJourneys } from './journey.js';
import { BrowserSession } from './browser-session.js';

export type { PageOutcome, TargetResult } from './page-result.js';
export { isRetryable, measureTarget, storeTargetResult } from './page-result.js';


export interface AuditSettings {
  protocol: Protocol;
  /** Pages measured at once in the one browser, or 'auto' (as many as CPU and memory allow, see concurrency.ts). */
  concurrency: number | 'auto';
  retries: number;
  /** Measurements per page (`--repeat`, default 1), interleaved; the median one stands for the page. */
  repeat?: number;
  lighthouse: boolean;
  /** User journeys of the run (issue 13.3), kept with the run so a resume can play them again; measured once each. */
  journeys?: Journey[];
}

/** Progress of a run as data: the CLI draws it, a queue forwards it, a test asserts on it. */
export type AuditEvent =
  | { type: 'planned'; runId: number; total: number; pending: number }
  | { type: 'page-start'; pageId: number; url: string; /** Which of the page's --repeat measurements (0-based). */ repeat?: number }
  | { type: 'page-done'; outcome: PageOutcome }
  | { type: 'browser-relaunch'; reason: string }
  /** The number of tabs changed (auto) or was set (fixed), with why. */
  | { type: 'concurrency'; tabs: number; reason: string }
  /** Something the person running the audit should know (e.g. from a queue coordinator: no worker connected). */
  | { type: 'note'; message: string };

/** A new run: its label, its sites (pages already resolved) and how to measure. */
export interface NewAuditRequest {
  label: string;
  sites: SitePlan[];
  settings: AuditSettings;
  /** The site the journeys are stored under when they name none (default: one per host of their first goto). */
  journeySite?: { code: string; name: string };
  /** How to reach the journeys' sites (command-line access options); a site listed in `sites` keeps its own. */
  journeyAccess?: Access;
}

/**
 * Finishing an earlier run: its stored settings are used. Access secrets are never stored, so they come again:
 * `access` for every site of the run, `sites` (by code) for per-site access that overrides it.
 */
export interface ResumeAuditRequest {
  resume: number;
  access?: Access;
  sites?: ReadonlyArray<{ code: string; access?: Access }>;
}

export type AuditRequest = NewAuditRequest | ResumeAuditRequest;

export interface AuditOutcome {
  runId: number;
  interrupted: boolean;
  measured: number;
  failed: number;
}

export interface RunAuditOptions {
  signal?: AbortSignal;
  onEvent?: (event: AuditEvent) => void;
  /** Called once the run exists (before any page is measured): the CLI names it in its interrupt message. */
  onRun?: (runId: number) => void;
  /** For tests and benchmarks: Chromium arguments. */
  browserArgs?: string[];
  /** A browser already running, used first and left open (a warm browser for benchmarks, a long-lived worker). */
  browser?: ManagedBrowser;
  /** Measures the planned run elsewhere instead of in this process (`audit --queue`: src/queue/coordinator.ts). */
  executor?: RunExecutor;
}

/** What measures the pending pages of a planned run; executeRun (local) by default. */
export type RunExecutor = (
  db: Db,
  runId: number,
  settings: AuditSettings,
  accessBySite: ReadonlyMap<number | null, Access | undefined>,
  options: RunAuditOptions,
) => Promise<AuditOutcome>;

/**
 * The audit of a new run or the resume of an interrupted one: plans the run (new), builds the per-site access
 * map, then measures the pending pages. What the CLI, `sample`, the benchmarks and a queue coordinator call.
 */
export async function runAudit(db: Db, request: AuditRequest, options: RunAuditOptions = {}): Promise<AuditOutcome> {
  let runId: number;
  let settings: AuditSettings;
  const accessBySite = new Map<number | null, Access | undefined>();
  let sites: ReadonlyArray<{ code: string; access?: Access }>;
  if ('resume' in request) {
    runId = request.resume;
    settings = settingsOfRun(db, runId);
    for (const id of listRunSiteIds(db, runId)) accessBySite.set(id, request.access);
    sites = request.sites ?? [];
  } else {
    settings = request.settings;
    runId = planRun(db, request);
    const journeySites = planJourneys(settings.journeys ?? [], request.journeySite).map((j) => ({ code: j.site.code, access: request.journeyAccess }));
    sites = [...journeySites, ...request.sites];
  }
  for (const s of sites) {
    const site = getSiteByCode(db, s.code);
    if (site && s.access) accessBySite.set(site.id, s.access);
  }
  options.onRun?.(runId);
  return (options.executor ?? executeRun)(db, runId, settings, accessBySite, options);
}

/** Fails early, before a run is planned, when no browser can be found (one line with the install command). */
export function checkBrowserAvailable(): void {
  findBrowserExecutable();
}

/** Creates a run with its planned pages ('pending'), so an interruption at any point leaves a resumable run. */
export function planRun(db: Db, request: NewAuditRequest): number {
  const settings = {
    ...request.settings,
    sites: request.sites.map((s) => ({ code: s.code, name: s.name, pages: s.urls.length, access: redactAccess(s.access) })),
  };
  const journeys = planJourneys(request.settings.journeys ?? [], request.journeySite);
  return createRunWithPages(db, { label: request.label, settings, toolVersion: TOOL_VERSION, methodVersion: ECOINDEX_METHOD_VERSION }, request.sites, journeys);
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
    repeat: s.repeat ?? 1,
    lighthouse: s.lighthouse ?? false,
    journeys: s.journeys ? JourneySchema.array().parse(s.journeys) : undefined,
  };
}

type Unit = { page: PlannedPage; repeat: number } | { journey: string; page?: undefined };

/** Pages taken in windows of this many; each window's pages are measured once per round, `repeat` rounds. */
const REPEAT_WINDOW = 16;

/**
 * The order of measurements: with `--repeat N`, a window of pages is measured once each, then again, N rounds, so a
 * transient load on the machine or the site does not fall on all N measurements of one page; windows keep the
 * measurements waiting for their page's last round (held in memory) bounded.
 */
export function interleave<T>(pages: readonly T[], repeat: number): Array<{ page: T; repeat: number }> {
  const units: Array<{ page: T; repeat: number }> = [];
  for (let w = 0; w < pages.length; w += REPEAT_WINDOW) {
    const window = pages.slice(w, w + REPEAT_WINDOW);
    for (let r = 0; r < repeat; r++) for (const page of window) units.push({ page, repeat: r });
  }
  return units;
}

function concurrencyLimit(concurrency: AuditSettings['concurrency']): ConcurrencyLimit {
  return concurrency === 'auto' ? new AutoConcurrency() : new FixedConcurrency(concurrency);
}

/**
 * Measures the pending pages of a run: bounded concurrency in one browser, retries, browser relaunch, one
 * transaction per page. On abort (SIGINT) in-flight pages are dropped back to 'pending' and the run is
 * marked interrupted, so `--resume` measures each page exactly once.
 */
async function executeRun(
  db: Db,
  runId: number,
  settings: AuditSettings,
  accessBySite: ReadonlyMap<number | null, Access | undefined>,
  options: RunAuditOptions = {},
): Promise<AuditOutcome> {
  const { signal } = options;
  const emit = options.onEvent ?? (() => undefined);
  reopenRun(db, runId);
  const pending = listPendingPages(db, runId);
  emit({ type: 'planned', runId, total: countRunPages(db, runId), pending: pending.length });
  const outcome: AuditOutcome = { runId, interrupted: false, measured: 0, failed: 0 };
  if (!pending.length || signal?.aborted) {
    outcome.interrupted = !!signal?.aborted;
    endRun(db, runId, outcome.interrupted ? 'interrupted' : 'finished');
    return outcome;
  }

  if (options.browser) setRunBrowserVersion(db, runId, options.browser.version);
  const session = new BrowserSession({
    args: options.browserArgs,
    borrowed: options.browser,
    onLaunch: (b) => setRunBrowserVersion(db, runId, b.version),
    onRelaunch: (reason) => emit({ type: 'browser-relaunch', reason }),
    tooManyRelaunches: (n) => `Chromium died ${n} times during run ${runId}; check memory, then numresp audit --resume ${runId}`,
  });
  const getBrowser = () => session.get();

  /** One measurement of a page, with retries; undefined when interrupted (the page stays pending). */
  const measureWithRetries = async (page: PlannedPage): Promise<{ result: TargetResult; attempts: number } | undefined> => {
    let result: TargetResult | null = null;
    let attempts = 0;
    const access = accessBySite.get(page.siteId);
    for (let attempt = 0; attempt <= settings.retries; attempt++) {
      if (signal?.aborted) return undefined;
      const b = await getBrowser();
      markPageStarted(db, page.id);
      attempts++;
      result = await measureTarget(b, { url: page.url, access }, settings.protocol, { signal });
      if (!isRetryable(result)) break;
    }
    if (!result || (!result.ok && result.errorCode === 'interrupted')) return undefined;
    return { result, attempts };
  };

  /** Stores a page once all its measurements are in: the median one stands for the page, every one is kept. */
  const finishPage = async (page: PlannedPage, measured: ReadonlyArray<{ result: TargetResult; attempts: number; at: string }>) => {
    const result = repeat > 1 ? representativeResult(measured.map((m) => m.result)) : measured[0].result;
    const attempts = measured.reduce((n, m) => n + m.attempts, 0);
    let lighthouse: unknown;
    if (result.ok && settings.lighthouse && !signal?.aborted) {
      // One Lighthouse at a time: concurrent runs would skew each other's performance metrics.
      const b = await getBrowser();
      const url = result.finalUrl;
      const turn = lighthouseQueue.then(() => runLighthouse(b, url, settings.protocol.device, settings.protocol.timeoutMs));
      lighthouseQueue = turn.then(() => undefined, () => undefined);
      lighthouse = await turn;
    }
    const measurements = repeat > 1 ? measured.map((m, i) => measurementRow(m.result, i, m.at)) : undefined;
    // Saved first, then reported.
    const saved = storeTargetResult(db, page.id, result, { attempts, browserVersion: session.version, lighthouse, measurements });
    emit({ type: 'page-done', outcome: saved });
    if (result.ok) outcome.measured++;
    else outcome.failed++;
  };

  const repeat = settings.repeat ?? 1;
  const collected = new Map<number, Array<{ result: TargetResult; attempts: number; at: string }>>();
  /**
   * A journey, played whole (its steps depend on each other): each step is stored as it ends, so a failing step
   * keeps the earlier ones; a crash or timeout replays the journey (retries) and re-stores its steps.
   */
  const measureJourneyUnit = async (name: string): Promise<void> => {
    const steps = listJourneySteps(db, runId, name);
    const journey = settings.journeys?.find((j) => j.name === name);
    const access = accessBySite.get(steps[0]?.siteId ?? null);
    const reported = new Set<number>();
    if (!journey) {
      for (const page of steps.filter((p) => p.journey === name)) {
        const result: TargetResult = { ok: false, url: page.url, finalUrl: null, httpStatus: null, errorCode: 'internal', error: `journey "${name}" is not in run ${runId}'s settings` };
        emit({ type: 'page-done', outcome: storeTargetResult(db, page.id, result, { attempts: 0, browserVersion: null }) });
        reported.add(page.id);
      }
    }
    for (let attempt = 0; attempt <= settings.retries; attempt++) {
      if (signal?.aborted || !journey) break;
      const b = await getBrowser();
      for (const step of steps) markPageStarted(db, step.id);
      let retry = false;
      await measureJourneyTarget(b, journey, settings.protocol, access, {
        signal,
        onStep: (stepIndex, result) => {
          const page = steps[stepIndex];
          if (!page || retry || (!result.ok && result.errorCode === 'interrupted')) return;
          if (isRetryable(result) && attempt < settings.retries) {
            retry = true;
            return;
          }
          const saved = storeTargetResult(db, page.id, result, { attempts: attempt + 1, browserVersion: b.version });
          // Progress names the step as the gate does: URL (journey, step n name).
          if (!reported.has(page.id)) emit({ type: 'page-done', outcome: { ...saved, url: resultLabel(saved.url, { journey: name, index: stepIndex, name: page.stepName ?? '' }) } });
          reported.add(page.id);
        },
      });
      if (!retry) break;
    }
    // Counted from what is stored: a replayed journey's steps are counted once.
    for (const p of listPages(db, runId)) {
      if (p.journey !== name || !reported.has(p.id)) continue;
      if (p.status === 'ok') outcome.measured++;
      else if (p.status === 'failed') outcome.failed++;
    }
  };

  const measureUnit = async (unit: Unit): Promise<TargetResult | undefined> => {
    if (unit.page === undefined) {
      await measureJourneyUnit(unit.journey);
      return undefined;
    }
    const { page } = unit;
    const one = await measureWithRetries(page);
    if (!one) return undefined;
    const list = collected.get(page.id) ?? [];
    list.push({ ...one, at: new Date().toISOString() });
    collected.set(page.id, list);
    if (list.length === repeat) {
      collected.delete(page.id);
      await finishPage(page, list);
    }
    return one.result;
  };

  let lighthouseQueue: Promise<void> = Promise.resolve();
  const limiter = concurrencyLimit(settings.concurrency);
  const load = settings.concurrency === 'auto' ? new MachineLoad() : null;
  const waitsMs = settings.protocol.waitBeforeScrollMs + settings.protocol.waitAfterScrollMs;
  const queue: Unit[] = interleave(pending.filter((p) => p.journey === null), repeat);
  // Journeys after the pages, one unit (one tab) each; a journey with any step pending is played again whole.
  for (const name of new Set(pending.flatMap((p) => (p.journey === null ? [] : [p.journey])))) queue.push({ journey: name });
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  const changed = (change: ConcurrencyChange | null) => change && emit({ type: 'concurrency', ...change });
  const start = (unit: Unit) => {
    if (unit.page) emit({ type: 'page-start', pageId: unit.page.id, url: unit.page.url, repeat: unit.repeat });
    const startedAt = Date.now();
    const task = measureUnit(unit)
      .then((result) => {
        if (result) changed(limiter.onPageDone(Date.now() - startedAt - waitsMs, !result.ok && result.errorCode === 'timeout'));
      })
      .catch((err) => {
        failure ??= err;
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  };
  // Load samples every half second: short enough to ramp up within a few pages, long enough to see a page's load.
  let tick = 0;
  const sampler = load ? setInterval(() => changed(limiter.onSample(load.sample(), inFlight.size)), 500) : undefined;
  sampler?.unref();
  emit({ type: 'concurrency', tabs: limiter.limit, reason: settings.concurrency === 'auto' ? 'auto: starting' : 'fixed' });
  try {
    while ((queue.length || inFlight.size) && failure === null) {
      while (queue.length && inFlight.size < limiter.limit && !signal?.aborted) start(queue.shift()!);
      if (signal?.aborted && !inFlight.size) break;
      // Wake when a page ends, or on the next load sample (the limit may have grown).
      const wake = new Promise<void>((r) => (tick = setTimeout(r, 250) as unknown as number));
      await Promise.race([...inFlight, wake]);
      clearTimeout(tick);
    }
    if (failure !== null) {
      await Promise.all(inFlight);
      throw failure;
    }
  } finally {
    clearInterval(sampler);
    await session.close();
    // Pages left pending (abort, or a browser that could not start) make the run resumable, not finished.
    outcome.interrupted = !!signal?.aborted || listPendingPages(db, runId).length > 0;
    endRun(db, runId, outcome.interrupted ? 'interrupted' : 'finished');
  }
  return outcome;
}
