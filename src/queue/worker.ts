import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Access } from '../model/audit.js';
import { runLighthouse } from '../../collectors/browser/index.js';
import { isRetryable, measureTarget, type TargetResult } from '../pipeline/page-result.js';
import { AutoConcurrency, FixedConcurrency, MachineLoad, type ConcurrencyChange } from '../pipeline/concurrency.js';
import type { BrowserSession } from '../pipeline/browser-session.js';
import { bullConnection, redisOptions } from './connection.js';
import { acquireHostSlot } from './host-limit.js';
import { AUDIT_QUEUE_NAME, encodeResult, JobRefused, NUMRESP_JOB_SCHEMA_VERSION, parseJobData, type JobData } from './job.js';
import type { QueueAddress } from './url.js';

/** How long a job waits before another try when its host has no free slot (plus jitter, so workers interleave). */
const HOST_BUSY_RETRY_MS = 300;

export interface WorkerEvents {
  onJobStart?(info: { jobId: string; url: string; run: number }): void;
  onJobDone?(info: { jobId: string; url: string; run: number; ok: boolean; detail: string; ms: number }): void;
  /** A job this worker will not run (unknown schema version, missing access): it fails with this reason. */
  onRefused?(info: { jobId: string; reason: string }): void;
  onError?(message: string): void;
  onConcurrency?(change: ConcurrencyChange): void;
}

export interface QueueWorkerOptions {
  address: QueueAddress;
  /** Pages measured at once (tabs of the one Chromium), or 'auto' (the local run's adaptive limit, pipeline/concurrency.ts). */
  concurrency: number | 'auto';
  /** Access per site code, from the worker's own --config: secrets never travel through Redis. */
  accessBySite: ReadonlyMap<string, Access>;
  /** Shown in `queue status` and stored with each job: host:pid by default. */
  name: string;
  /** BullMQ job lock; a worker that stops renewing it (killed) has its job taken again after about this long. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  events?: WorkerEvents;
  browser: BrowserSession;
}

export interface RunningWorker {
  /** Stops taking jobs, lets the pages in progress finish, closes Chromium and the connections. */
  close(): Promise<void>;
}

/**
 * A BullMQ worker that measures the pages of `numresp audit --queue` runs with its own Chromium, the same protocol
 * and retries as a local run, and returns the raw measurement for the coordinator to judge, score and store.
 * Failures of a page are results; only a job this worker cannot run (or a crashing worker) fails the job.
 */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<RunningWorker> {
  const { events = {}, name } = options;
  const redis = new Redis(redisOptions(options.address));
  redis.on('error', () => undefined);
  let lighthouseTurn: Promise<void> = Promise.resolve();
  let running = 0;
  /** Host slots being given back: not awaited before the result is returned (one round trip less per page). */
  const releasing = new Set<Promise<void>>();
  const limiter = options.concurrency === 'auto' ? new AutoConcurrency() : new FixedConcurrency(options.concurrency);
  let worker: Worker | null = null;
  const changed = (change: ConcurrencyChange | null) => {
    if (!change) return;
    if (worker) worker.concurrency = limiter.limit;
    events.onConcurrency?.(change);
  };

  const processJob = async (job: Job, token?: string): Promise<string> => {
    let data: JobData;
    try {
      data = parseJobData(job.data, name);
    } catch (err) {
      if (!(err instanceof JobRefused)) throw err;
      events.onRefused?.({ jobId: String(job.id), reason: err.message });
      throw new UnrecoverableError(err.message);
    }
    const access = data.site.code === null ? undefined : options.accessBySite.get(data.site.code);
    if (data.site.accessRequired && !access) {
      const reason = `worker ${name} has no access for site "${data.site.code}" in its --config (a job never carries secrets)`;
      events.onRefused?.({ jobId: String(job.id), reason });
      throw new UnrecoverableError(reason);
    }
    const slot = await acquireHostSlot(redis, data.url, `${name}/${job.id}`, data.perHost);
    if (!slot) {
      // Back to the delayed set without counting an attempt: another page (another host) can go first.
      await job.moveToDelayed(Date.now() + HOST_BUSY_RETRY_MS + Math.floor(Math.random() * HOST_BUSY_RETRY_MS), token);
      throw new DelayedError();
    }
    const startedAt = Date.now();
    running++;
    events.onJobStart?.({ jobId: String(job.id), url: data.url, run: data.run });
    try {
      // The same unit and retry rule as a local run: one attempt = collect → judge → score (pipeline/page-result.ts).
      let result: TargetResult | null = null;
      let attempts = 0;
      for (let attempt = 0; attempt <= data.retries; attempt++) {
        attempts++;
        result = await measureTarget(await options.browser.get(), { url: data.url, access }, data.protocol);
        if (!isRetryable(result)) break;
      }
      const r = result!;
      let lighthouse: unknown;
      if (r.ok && data.lighthouse) {
        // One Lighthouse at a time per worker, as locally: concurrent runs skew each other's metrics.
        const b = await options.browser.get();
        const turn = lighthouseTurn.then(() => runLighthouse(b, r.finalUrl, data.protocol.device, data.protocol.timeoutMs));
        lighthouseTurn = turn.then(() => undefined, () => undefined);
        lighthouse = await turn;
      }
      const ms = Date.now() - startedAt;
      changed(limiter.onPageDone(ms - data.protocol.waitBeforeScrollMs - data.protocol.waitAfterScrollMs, !r.ok && r.errorCode === 'timeout'));
      events.onJobDone?.({
        jobId: String(job.id),
        url: data.url,
        run: data.run,
        ok: r.ok,
        detail: r.ok ? `EcoIndex ${r.ecoindex.score} ${r.ecoindex.grade}, dom ${r.metrics.dom}, ${r.metrics.requests} requests, ${r.metrics.sizeKb.toFixed(1)} KB` : r.error,
        ms,
      });
      return encodeResult({
        v: NUMRESP_JOB_SCHEMA_VERSION,
        worker: name,
        attempts,
        browserVersion: options.browser.version,
        measuredMs: ms,
        ...(lighthouse === undefined ? {} : { lighthouse }),
        result: r,
      });
    } finally {
      running--;
      const release = slot.release();
      releasing.add(release);
      void release.finally(() => releasing.delete(release));
    }
  };

  worker = new Worker(AUDIT_QUEUE_NAME, processJob, {
    connection: bullConnection(options.address),
    name,
    concurrency: limiter.limit,
    lockDuration: options.lockDurationMs ?? 30000,
    stalledInterval: options.stalledIntervalMs ?? 30000,
    // A page whose worker was killed is taken again once; killed twice, it is stored as failed with the reason.
    maxStalledCount: 2,
    // Completed jobs stay until the coordinator has stored them and removes them itself.
    removeOnComplete: { count: 1_000_000 },
    removeOnFail: { count: 1_000_000 },
  });
  worker.on('error', (err) => events.onError?.(err.message));
  await worker.waitUntilReady();
  const load = options.concurrency === 'auto' ? new MachineLoad() : null;
  // Every half second, as a local run: the adaptive limit follows CPU and memory (BullMQ takes the new value live).
  const sampler = load ? setInterval(() => changed(limiter.onSample(load.sample(), running)), 500) : undefined;
  const started = worker;
  return {
    async close() {
      clearInterval(sampler);
      await started.close();
      await Promise.all(releasing);
      await options.browser.close();
      redis.disconnect();
    },
  };
}
