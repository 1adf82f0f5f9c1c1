import type { ConnectionOptions } from 'bullmq';
import { isIP } from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';
import { UserError } from '../model/errors.js';
import { scrubSecrets, type QueueAddress } from './url.js';

/** The bound: a malformed or unreachable queue URL is reported within 10 s. */
export const QUEUE_CHECK_TIMEOUT_MS = 8000;

/**
 * ioredis options for BullMQ's connections. `maxRetriesPerRequest: null` is what BullMQ requires of workers'
 * blocking connections (docs.bullmq.io/guide/going-to-production#maxretriesperrequest); after start-up a lost
 * Redis is waited for, not fatal.
 */
export function redisOptions(address: QueueAddress): RedisOptions {
  return {
    host: address.host,
    port: address.port,
    db: address.db,
    username: address.username,
    password: address.password,
    // rediss://: Node's TLS with the system CAs (add a private CA with NODE_EXTRA_CA_CERTS). SNI takes a host
    // name only (RFC 6066 §3; Node warns on an IP); the certificate is checked against the IP all the same.
    tls: address.tls ? (isIP(address.host) ? {} : { servername: address.host }) : undefined,
    connectTimeout: 5000,
    maxRetriesPerRequest: null,
  };
}

/** The same options typed for BullMQ (its option type is its own copy of ioredis's). */
export function bullConnection(address: QueueAddress): ConnectionOptions {
  return redisOptions(address) as ConnectionOptions;
}

/**
 * Connects once, PINGs and reads the server version, all within QUEUE_CHECK_TIMEOUT_MS, so a wrong --queue is
 * one line (exit 2) instead of an endless reconnect loop. Returns the Redis version.
 */
export async function checkQueueReachable(address: QueueAddress, timeoutMs = QUEUE_CHECK_TIMEOUT_MS): Promise<string> {
  const client = new Redis({
    ...redisOptions(address),
    lazyConnect: true,
    connectTimeout: Math.min(5000, timeoutMs),
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  } as RedisOptions);
  // The socket's own error (ECONNREFUSED…) arrives as an event; connect() only says "Connection is closed".
  let socketError: (Error & { code?: string }) | undefined;
  client.on('error', (err) => (socketError ??= err));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  });
  try {
    return await Promise.race([
      (async () => {
        await client.connect();
        await client.ping();
        const info = await client.info('server');
        return /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? 'unknown';
      })(),
      deadline,
    ]);
  } catch (err) {
    const cause = socketError && /Connection is closed/.test((err as Error).message) ? socketError : (err as Error);
    throw new UserError(`--queue ${address.redactedUrl}: ${explain(cause, address)}`);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

function explain(err: Error & { code?: string }, address: QueueAddress): string {
  const message = scrubSecrets(err.message.split('\n')[0], address);
  if (err.code === 'ECONNREFUSED') return 'connection refused; is redis-server running there? (check host and port)';
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return `host ${address.host} not found; check the host name`;
  if (/WRONGPASS|NOAUTH|invalid username-password/i.test(message)) {
    return 'Redis refused the credentials; check the user and password in the URL';
  }
  if (/certificate|SSL|TLS|EPROTO/i.test(message) || err.code?.startsWith('ERR_TLS') || err.code?.startsWith('ERR_SSL')) {
    return `TLS failed (${message}); for a private CA set NODE_EXTRA_CA_CERTS`;
  }
  return `cannot reach Redis: ${message}`;
}
