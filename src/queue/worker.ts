import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Access } from '../model/audit.js';
import { measureTarget, type BrowserSession } from './measure.js';
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
}

export interface QueueWorkerOptions {
  address: QueueAddress;
  /** Pages measured at once (tabs of the one Chromium). */
  concurrency: number;
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
    events.onJobStart?.({ jobId: String(job.id), url: data.url, run: data.run });
    try {
      const outcome = await measureTarget(options.browser, { url: data.url, access }, {
        protocol: data.protocol,
        retries: data.retries,
        lighthouse: data.lighthouse,
        // One Lighthouse at a time per worker, as locally: concurrent runs skew each other's metrics.
        serializeLighthouse: (run) => {
          const turn = lighthouseTurn.then(run);
          lighthouseTurn = turn.then(() => undefined, () => undefined);
          return turn;
        },
      });
      const ms = Date.now() - startedAt;
      const m = outcome.measurement;
      events.onJobDone?.({
        jobId: String(job.id),
        url: data.url,
        run: data.run,
        ok: m.ok,
        detail: m.ok ? `dom ${m.metrics.dom}, ${m.metrics.requests} requests, ${m.metrics.sizeKb.toFixed(1)} KB` : m.error,
        ms,
      });
      return encodeResult({
        v: NUMRESP_JOB_SCHEMA_VERSION,
        worker: name,
        attempts: outcome.attempts,
        browserVersion: outcome.browserVersion,
        measuredMs: ms,
        ...(outcome.lighthouse === undefined ? {} : { lighthouse: outcome.lighthouse }),
        measurement: m,
      });
    } finally {
      await slot.release();
    }
  };

  const worker = new Worker(AUDIT_QUEUE_NAME, processJob, {
    connection: bullConnection(options.address),
    name,
    concurrency: options.concurrency,
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
  return {
    async close() {
      await worker.close();
      await options.browser.close();
      redis.disconnect();
    },
  };
}
