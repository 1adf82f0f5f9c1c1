import { Queue, type JobType } from 'bullmq';
import { Redis } from 'ioredis';
import { bullConnection, redisOptions } from './connection.js';
import { hostSlotsInUse } from './host-limit.js';
import { AUDIT_QUEUE_NAME, parseJobId } from './job.js';
import type { QueueAddress } from './url.js';

const STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;
type State = (typeof STATES)[number];
export type StateCounts = Record<State, number>;

export interface QueueStatus {
  /** Per run: the coordinator's store identity, its run id, and its jobs by state. */
  runs: Array<{ store: string; run: number; counts: StateCounts }>;
  /** Per worker: connected now, and the jobs it is measuring / has finished (not yet stored) / failed. */
  workers: Array<{ name: string; connected: boolean; active: number; completed: number; failed: number }>;
  /** Jobs whose id is not a numresp page job (another tool's, or a damaged key). */
  foreignJobs: number;
  hostSlots: Array<{ host: string; inUse: number }>;
}

const zero = (): StateCounts => ({ waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 });

/** Reads the queue: jobs by run and state, workers connected (CLIENT LIST names) and the jobs each holds. */
export async function readQueueStatus(address: QueueAddress): Promise<QueueStatus> {
  const queue = new Queue(AUDIT_QUEUE_NAME, { connection: bullConnection(address) });
  const redis = new Redis(redisOptions(address));
  redis.on('error', () => undefined);
  try {
    const runs = new Map<string, { store: string; run: number; counts: StateCounts }>();
    const workers = new Map<string, { name: string; connected: boolean; active: number; completed: number; failed: number }>();
    const worker = (name: string) => {
      let w = workers.get(name);
      if (!w) workers.set(name, (w = { name, connected: false, active: 0, completed: 0, failed: 0 }));
      return w;
    };
    let foreignJobs = 0;
    for (const state of STATES) {
      // 'waiting' includes prioritized jobs in BullMQ's getters; pages are read a thousand at a time.
      const types: JobType[] = state === 'waiting' ? ['waiting', 'prioritized'] : [state];
      for (let start = 0; ; start += 1000) {
        const jobs = await queue.getJobs(types, start, start + 999, true);
        for (const job of jobs) {
          const id = job?.id ? parseJobId(job.id) : null;
          if (!id) {
            foreignJobs++;
            continue;
          }
          const key = `${id.store}.${id.run}`;
          const entry = runs.get(key) ?? { store: id.store, run: id.run, counts: zero() };
          entry.counts[state]++;
          runs.set(key, entry);
          if (job.processedBy && (state === 'active' || state === 'completed' || state === 'failed')) worker(job.processedBy)[state]++;
        }
        if (jobs.length < 1000) break;
      }
    }
    // BullMQ names a worker's connections "<queue client name>:w:<worker name>" (rawname of CLIENT LIST).
    for (const w of await queue.getWorkers()) {
      const raw = w.rawname ?? '';
      const at = raw.indexOf(':w:');
      worker(at >= 0 ? raw.slice(at + 3) : '(unnamed)').connected = true;
    }
    const slots = await hostSlotsInUse(redis);
    return {
      runs: [...runs.values()].sort((a, b) => a.store.localeCompare(b.store) || a.run - b.run),
      workers: [...workers.values()].sort((a, b) => a.name.localeCompare(b.name)),
      foreignJobs,
      hostSlots: [...slots.entries()].map(([host, inUse]) => ({ host, inUse })),
    };
  } finally {
    await queue.close();
    redis.disconnect();
  }
}
