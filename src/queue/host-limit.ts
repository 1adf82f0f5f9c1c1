import type { Redis } from 'ioredis';

/**
 * Per-host limit across all workers (`--per-host N`). Open-source BullMQ limits a whole queue (global concurrency,
 * rate limiter); per-group limits are a BullMQ Pro feature. So this is a small Redis semaphore: one sorted set per
 * host whose members are the jobs holding a slot, scored by their lease's expiry. A worker that dies (SIGKILL)
 * stops renewing and its slot frees itself when the lease runs out.
 */
const KEY_PREFIX = 'numresp:host-slots:';

/** Lease of a slot; renewed every third of it while the page is measured. */
export const HOST_SLOT_LEASE_MS = 30000;

// Redis's own clock (TIME) so that machines with skewed clocks agree on expiry.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local lease = tonumber(ARGV[3])
if redis.call('ZSCORE', KEYS[1], ARGV[1]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], lease)
  return 1
end
return 0`;

const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[2])
local renewed = redis.call('ZADD', KEYS[1], 'XX', 'CH', now + lease, ARGV[1])
redis.call('PEXPIRE', KEYS[1], lease)
return renewed`;

export function hostKey(url: string): string {
  return KEY_PREFIX + new URL(url).host.toLowerCase();
}

export interface HostSlot {
  release(): Promise<void>;
}

/** Takes one of `limit` slots of the URL's host for `holder`, or returns null when all are taken. */
export async function acquireHostSlot(redis: Redis, url: string, holder: string, limit: number, leaseMs = HOST_SLOT_LEASE_MS): Promise<HostSlot | null> {
  const key = hostKey(url);
  const got = (await redis.eval(ACQUIRE, 1, key, holder, String(limit), String(leaseMs))) as number;
  if (got !== 1) return null;
  const timer = setInterval(() => {
    redis.eval(RENEW, 1, key, holder, String(leaseMs)).catch(() => undefined);
  }, Math.floor(leaseMs / 3));
  timer.unref();
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      await redis.zrem(key, holder).catch(() => undefined);
    },
  };
}

/** Slots held now per host (for `queue status`). */
export async function hostSlotsInUse(redis: Redis): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${KEY_PREFIX}*`, 'COUNT', 200);
    cursor = next;
    for (const key of keys) {
      const now = Date.now();
      const n = await redis.zcount(key, now, '+inf');
      if (n > 0) out.set(key.slice(KEY_PREFIX.length), n);
    }
  } while (cursor !== '0');
  return out;
}
