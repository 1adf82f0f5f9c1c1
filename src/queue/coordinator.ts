import { Job, Queue, QueueEvents, type JobType } from 'bullmq';
import type { AuditEvent, AuditOutcome, AuditSettings, PageOutcome, TargetResult } from '../pipeline/audit.js';
import { storeTargetResult } from '../pipeline/audit.js';
import type { Db } from '../store/database.js';
import { getStoreId } from '../store/meta.js';
import { countRunPages, listPendingPages, type PlannedPage } from '../store/pages.js';
import { endRun, getRun, reopenRun } from '../store/runs.js';
import { getSiteByCode } from '../store/sites.js';
import { UserError } from '../model/errors.js';
import { bullConnection } from './connection.js';
import { AUDIT_QUEUE_NAME, decodeResult, jobIdOf, NUMRESP_JOB_SCHEMA_VERSION, parseJobId, type JobData } from './job.js';
import type { QueueAddress } from './url.js';

/** Attempts of a job whose worker crashed or could not start Chromium; a page's own failures are results, not retries. */
const JOB_ATTEMPTS = 3;
/**
 * BullMQ writes every job event (added, waiting, active, completed with the return value, removed: about five per
 * page) into one stream capped at this length. A coordinator that falls further behind than the cap loses events
 * (bench/scale-out/memory.ts lost 799 of 2,000 'completed' events at 2,000); a lost one is found by the periodic
 * check, seconds later. 10,000 leaves twice the events of a full window (QUEUE_WINDOW_AUTO × 5); results are
 * deflated (a few KB each), so the stream holds tens of MB at most.
 */
const EVENT_STREAM_MAX_LEN = 10000;
/** Pages of one run in Redis at once when --concurrency is auto: enough for 125 workers of 8 tabs. */
export const QUEUE_WINDOW_AUTO = 1000;
const ENQUEUE_BATCH = 500;

/** Every state a job of a running page can be in (BullMQ's lists and sorted sets). */
const LIVE_STATES: JobType[] = ['waiting', 'prioritized', 'delayed', 'active', 'waiting-children', 'completed', 'failed'];

/**
 * Per page, for bench/scale-out: when it was enqueued (null for a job enqueued by an earlier coordinator), taken,
 * finished by the worker, heard of and stored. Taken and finished come from the events' stream ids (Redis's clock).
 */
export interface StoredTiming {
  pageId: number;
  enqueuedAt: number | null;
  processedOn: number | null;
  finishedOn: number | null;
  /** When the coordinator heard of the job's end, and how: its 'completed' event, or its own check of Redis. */
  heardAt: number;
  heardFrom: 'event' | 'check';
  storedAt: number;
  measuredMs: number | null;
  worker: string | null;
}

export interface QueueRunOptions {
  address: QueueAddress;
  /** Concurrent pages per host across all workers. */
  perHost: number;
  signal?: AbortSignal;
  /** The run's progress, as a local run reports it (plus 'note' events: no worker, jobs of unknown runs, Redis lost…). */
  onEvent?: (event: AuditEvent) => void;
  onStored?: (timing: StoredTiming) => void;
  /** How often the coordinator compares the store's pending pages with Redis (missed events, lost jobs). */
  reconcileIntervalMs?: number;
}

/**
 * `numresp audit --queue`: the run is planned in the SQLite store as for a local run; each pending page becomes one
 * BullMQ job; workers measure; this coordinator — the store's single writer — judges, scores and stores each result
 * in one transaction as it completes, then removes the job. Results completed while no coordinator listened (it was
 * killed) are taken on `--resume`; only pages with no job at all are enqueued again.
 */
export async function executeRunOnQueue(db: Db, runId: number, settings: AuditSettings, options: QueueRunOptions): Promise<AuditOutcome> {
  const { signal } = options;
  const emit = options.onEvent ?? (() => undefined);
  const note = (message: string) => emit({ type: 'note', message });
  if ((settings.repeat ?? 1) > 1) {
    throw new UserError(`run ${runId} measures each page ${settings.repeat} times (--repeat): not supported through the queue; run it without --queue`);
  }
  const storeId = getStoreId(db);
  const sites = sitesOfRun(db, runId);
  const pending = new Map<number, PlannedPage>(listPendingPages(db, runId).map((p) => [p.id, p]));
  if ([...pending.values()].some((p) => p.journey !== null)) {
    throw new UserError(`run ${runId} has user journeys, which are played in one process: resume it without --queue`);
  }
  reopenRun(db, runId);
  emit({ type: 'planned', runId, total: countRunPages(db, runId), pending: pending.size });
  const outcome: AuditOutcome = { runId, interrupted: false, measured: 0, failed: 0 };
  if (!pending.size || signal?.aborted) {
    outcome.interrupted = !!signal?.aborted;
    endRun(db, runId, outcome.interrupted ? 'interrupted' : 'finished');
    return outcome;
  }

  const connection = bullConnection(options.address);
  const queue = new Queue(AUDIT_QUEUE_NAME, { connection, streams: { events: { maxLen: EVENT_STREAM_MAX_LEN } } });
  const queueEvents = new QueueEvents(AUDIT_QUEUE_NAME, { connection, autorun: false });
  queue.on('error', () => undefined);
  let redisLost = false;
  queueEvents.on('error', (err) => {
    if (!redisLost) note(`queue connection lost (${err.message}); waiting for Redis to come back`);
    redisLost = true;
  });
  const enqueuedAt = new Map<number, number>();
  /**
   * Pages of this run in Redis at once (queued or being measured, across all workers); the coordinator adds one as
   * one is stored. `audit --concurrency N` with --queue sets it (a cap on the run); auto: QUEUE_WINDOW_AUTO.
   */
  const window = typeof settings.concurrency === 'number' ? settings.concurrency : QUEUE_WINDOW_AUTO;
  /** Pending pages that have a job (enqueued here, or found in Redis at start). */
  const inQueue = new Set<number>();
  /** Pending pages waiting for room in the window. */
  const toEnqueue: PlannedPage[] = [];
  /** Page → when its job became active (from the 'active' event), for StoredTiming. */
  const activeAt = new Map<number, number>();
  /** Jobs being removed from Redis once their page is stored (awaited before the connections close). */
  const removing = new Set<Promise<unknown>>();
  let saidNoWorker = false;
  const handling = new Set<number>();
  /** Runs of this store's identity, other than this one, whose jobs were seen: each is reported once. */
  const reportedRuns = new Set<number>();
  let finish!: () => void;
  const allDone = new Promise<void>((resolve) => (finish = resolve));
  const checkDone = () => {
    if (!pending.size) finish();
  };

  const jobData = (page: PlannedPage): JobData => {
    const site = sites.get(page.siteId) ?? { code: null, accessRequired: false };
    return {
      v: NUMRESP_JOB_SCHEMA_VERSION,
      store: storeId,
      run: runId,
      page: page.id,
      url: page.url,
      site,
      protocol: settings.protocol,
      retries: settings.retries,
      lighthouse: settings.lighthouse,
      perHost: options.perHost,
      enqueuedAt: Date.now(),
    };
  };

  const enqueue = async (pages: PlannedPage[]) => {
    for (let i = 0; i < pages.length; i += ENQUEUE_BATCH) {
      const batch = pages.slice(i, i + ENQUEUE_BATCH).map((page) => {
        const data = jobData(page);
        enqueuedAt.set(page.id, data.enqueuedAt);
        return {
          name: 'page',
          data,
          opts: {
            jobId: jobIdOf(storeId, runId, page.id),
            attempts: JOB_ATTEMPTS,
            backoff: { type: 'exponential', delay: 2000 },
            removeOnComplete: false,
            removeOnFail: false,
          },
        };
      });
      await queue.addBulk(batch);
    }
  };

  /** Enqueues waiting pages while the window has room (synchronous take, so concurrent calls never overlap). */
  const fill = async () => {
    const batch: PlannedPage[] = [];
    while (toEnqueue.length && inQueue.size < window) {
      const page = toEnqueue.shift()!;
      if (!pending.has(page.id)) continue;
      inQueue.add(page.id);
      batch.push(page);
    }
    if (batch.length) await enqueue(batch);
  };

  /** Stores a finished job's page once (the `pending` map is the guard), then removes the job from Redis. */
  const collect = async (jobId: string, completed?: { returnvalue: unknown; finishedOn: number }): Promise<void> => {
    const heardAt = Date.now();
    const id = parseJobId(jobId);
    if (!id || id.store !== storeId) return; // another store's coordinator owns it
    if (id.run !== runId) {
      noteForeignRun(id.run, 1);
      return;
    }
    if (handling.has(id.page)) return;
    const page = pending.get(id.page);
    if (!page) {
      // Stored already (a duplicate event, or a job redone after its lock expired): only the job goes.
      removeJob(jobId);
      return;
    }
    handling.add(id.page);
    try {
      let finished: FinishedJob;
      if (completed) {
        // A 'completed' event is final and carries the return value: reading the job back would cost two round
        // trips to Redis on every page (the main share of the queue's overhead, bench/scale-out).
        finished = { state: 'completed', returnvalue: completed.returnvalue, failedReason: '', attemptsMade: 1, processedOn: activeAt.get(id.page) ?? null, finishedOn: completed.finishedOn };
      } else {
        const job = await Job.fromId(queue, jobId);
        if (!job) return;
        const state = await job.getState();
        if (state !== 'completed' && state !== 'failed') return; // a failed attempt that will be retried
        finished = { state, returnvalue: job.returnvalue, failedReason: job.failedReason, attemptsMade: job.attemptsMade, processedOn: job.processedOn ?? null, finishedOn: job.finishedOn ?? null };
      }
      // One transaction per page: its attempts and its result (or failure) together.
      const saved = store(page, finished);
      pending.delete(id.page);
      if (saved.status === 'ok') outcome.measured++;
      else outcome.failed++;
      emit({ type: 'page-done', outcome: saved });
      options.onStored?.({
        pageId: page.id,
        enqueuedAt: enqueuedAt.get(page.id) ?? null,
        processedOn: finished.processedOn,
        finishedOn: finished.finishedOn,
        heardAt,
        heardFrom: completed ? 'event' : 'check',
        storedAt: Date.now(),
        measuredMs: saved.measuredMs,
        worker: saved.worker,
      });
      enqueuedAt.delete(page.id);
      activeAt.delete(page.id);
      inQueue.delete(page.id);
      removeJob(jobId);
      // A failed enqueue (Redis away) leaves the pages in inQueue without a job: reconcile() enqueues them again.
      if (toEnqueue.length) void fill().catch(() => undefined);
      checkDone();
    } finally {
      handling.delete(id.page);
    }
  };

  const removeJob = (jobId: string) => {
    const removal = queue.remove(jobId).catch(() => 0);
    removing.add(removal);
    void removal.finally(() => removing.delete(removal));
  };

  const store = (page: PlannedPage, job: FinishedJob): PageOutcome & { measuredMs: number | null; worker: string | null } => {
    const decoded = job.state === 'completed' ? decodeResult(job.returnvalue) : null;
    if (!decoded?.ok) {
      // A job that exhausted its attempts (or an unreadable result) is a failed page with the reason, as locally.
      const error = decoded ? decoded.error : `worker: ${job.failedReason || 'the job failed'}`;
      const failure: TargetResult = { ok: false, url: page.url, finalUrl: null, httpStatus: null, errorCode: 'internal', error };
      const saved = storeTargetResult(db, page.id, failure, { attempts: Math.max(1, job.attemptsMade), browserVersion: null, setAttempts: true });
      return { ...saved, measuredMs: null, worker: null };
    }
    const r = decoded.result;
    const saved = storeTargetResult(db, page.id, r.result, { attempts: r.attempts, browserVersion: r.browserVersion, lighthouse: r.lighthouse, setAttempts: true });
    return { ...saved, measuredMs: r.measuredMs, worker: r.worker };
  };

  /** Ids of the jobs in one state, a thousand at a time (ids only: cheap even for a long waiting list). */
  const jobIdsIn = async (type: JobType): Promise<string[]> => {
    const out: string[] = [];
    for (let start = 0; ; start += 1000) {
      const ids = await queue.getRanges([type], start, start + 999, true);
      out.push(...ids);
      if (ids.length < 1000) return out;
    }
  };

  /**
   * Jobs of another run of this store wait for `--resume`; jobs of a run this store does not have (a restored copy
   * of the store, a deleted run) are left in Redis and reported with their count: never silently dropped.
   */
  const noteForeignRun = (run: number, jobs: number) => {
    if (reportedRuns.has(run)) return;
    reportedRuns.add(run);
    if (getRun(db, run)) {
      note(`${jobs} job(s) of run ${run} of this store are in the queue: numresp audit --resume ${run} --queue ${options.address.redactedUrl} stores their results`);
    } else {
      note(`${jobs} job(s) of run ${run} are in the queue but run ${run} is not in this store (a restored or other copy of the store?); left in Redis, see numresp queue status --db`);
    }
  };

  /** At start: every job naming this store but another run, counted per run. */
  const scanForeignJobs = async () => {
    const perRun = new Map<number, number>();
    for (const type of LIVE_STATES) {
      for (const jobId of await jobIdsIn(type)) {
        const id = parseJobId(jobId);
        if (id && id.store === storeId && id.run !== runId) perRun.set(id.run, (perRun.get(id.run) ?? 0) + 1);
      }
    }
    for (const [run, jobs] of [...perRun.entries()].sort((x, y) => x[0] - y[0])) noteForeignRun(run, jobs);
  };

  /**
   * Compares the pending pages with Redis: finished jobs whose event was missed are stored, lost jobs enqueued
   * again. By id lists (one range read per state), not one state query per page: a 100,000-page run stays cheap.
   */
  const reconcile = async (first: boolean) => {
    const ours = (jobId: string) => {
      const id = parseJobId(jobId);
      return id && id.store === storeId && id.run === runId && pending.has(id.page) ? id.page : null;
    };
    for (const type of ['completed', 'failed'] as const) {
      for (const jobId of await jobIdsIn(type)) if (ours(jobId) !== null) await collect(jobId);
    }
    const present = new Set<number>();
    for (const type of LIVE_STATES) {
      for (const jobId of await jobIdsIn(type)) {
        const page = ours(jobId);
        if (page !== null) present.add(page);
      }
    }
    if (first) {
      // Jobs already in Redis (an earlier coordinator of this run, killed) count in the window; the rest wait for
      // their turn. (Adding a job whose id exists is a no-op in BullMQ, so no page can be queued twice.)
      for (const page of pending.values()) {
        if (present.has(page.id)) inQueue.add(page.id);
        else toEnqueue.push(page);
      }
      await fill();
    } else {
      // A job may move between two range reads (waiting → active): confirm each absent one with its own state.
      const missing: PlannedPage[] = [];
      for (const pageId of [...inQueue]) {
        const page = pending.get(pageId);
        if (!page || present.has(pageId) || handling.has(pageId)) continue;
        const state = await queue.getJobState(jobIdOf(storeId, runId, pageId));
        if (state === 'completed' || state === 'failed') await collect(jobIdOf(storeId, runId, pageId));
        else if (state === 'unknown' && pending.has(pageId) && !handling.has(pageId)) missing.push(page);
      }
      if (missing.length) {
        note(`${missing.length} page(s) had no job in Redis (Redis restarted without its data?); enqueued again`);
        await enqueue(missing);
      }
    }
    const workers = await queue.getWorkersCount();
    if (workers > 0) saidNoWorker = false;
    else if (!saidNoWorker) {
      saidNoWorker = true;
      note(`no worker is connected to ${options.address.redactedUrl}; start numresp worker --queue ${options.address.redactedUrl}`);
    }
  };

  queueEvents.on('completed', ({ jobId, returnvalue }, eventId) =>
    void collect(jobId, { returnvalue, finishedOn: streamIdMs(eventId) }).catch((err) => note(`storing ${jobId}: ${(err as Error).message}`)));
  queueEvents.on('failed', ({ jobId }) => void collect(jobId).catch((err) => note(`storing ${jobId}: ${(err as Error).message}`)));
  queueEvents.on('active', ({ jobId }, eventId) => {
    const id = parseJobId(jobId);
    const page = id && id.store === storeId && id.run === runId ? pending.get(id.page) : undefined;
    if (!page) return;
    activeAt.set(page.id, streamIdMs(eventId));
    emit({ type: 'page-start', pageId: page.id, url: page.url });
  });

  const onAbort = () => finish();
  signal?.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    // Listen before enqueueing so that no completion is missed; reconcile() also catches any that were.
    void queueEvents.run().catch(() => undefined);
    await queueEvents.waitUntilReady();
    await scanForeignJobs();
    await reconcile(true);
    checkDone();
    const every = options.reconcileIntervalMs ?? 10000;
    const tick = async () => {
      if (!pending.size || signal?.aborted) return;
      try {
        await reconcile(false);
        if (redisLost) note('queue connection back');
        redisLost = false;
      } catch {
        // Redis unreachable: the error listener said so once; try again at the next tick.
      }
      timer = setTimeout(tick, every);
    };
    timer = setTimeout(tick, every);
    await allDone;
    // Let results being stored at the moment of an interruption finish their transaction.
    while (handling.size) await new Promise((r) => setTimeout(r, 20));
    await Promise.all(removing);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    if (signal?.aborted && pending.size) {
      // As a local run: pages not started are dropped (their jobs removed); those being measured finish on their
      // worker and wait in Redis for --resume, which stores them without measuring again.
      await Promise.all([...inQueue].filter((p) => pending.has(p)).map((p) => queue.remove(jobIdOf(storeId, runId, p)).catch(() => 0)));
    }
    outcome.interrupted = !!signal?.aborted || pending.size > 0;
    endRun(db, runId, outcome.interrupted ? 'interrupted' : 'finished');
    await queueEvents.close().catch(() => undefined);
    await queue.close().catch(() => undefined);
  }
  return outcome;
}

interface FinishedJob {
  state: 'completed' | 'failed';
  returnvalue: unknown;
  failedReason: string;
  attemptsMade: number;
  processedOn: number | null;
  finishedOn: number | null;
}

/** A Redis stream entry id is "<ms>-<seq>", the ms on Redis's clock when the event was written. */
function streamIdMs(eventId: string): number {
  return Number(eventId.split('-')[0]);
}

/** Site id → code and whether the site was planned with access (its redacted access is in the run's settings). */
function sitesOfRun(db: Db, runId: number): Map<number | null, { code: string | null; accessRequired: boolean }> {
  const out = new Map<number | null, { code: string | null; accessRequired: boolean }>();
  const stored = (getRun(db, runId)?.settings as { sites?: Array<{ code: string; access: unknown }> } | undefined)?.sites ?? [];
  for (const s of stored) {
    const site = getSiteByCode(db, s.code);
    if (site) out.set(site.id, { code: s.code, accessRequired: s.access !== null && s.access !== undefined });
  }
  return out;
}
