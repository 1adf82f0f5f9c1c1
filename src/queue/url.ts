import { z } from 'zod';
import { UserError } from '../model/errors.js';

/**
 * The queue address given by `--queue`: redis://[user:password@]host[:port][/db] or rediss:// (TLS).
 * Credentials are kept for the connection only; everything printed goes through `redactedUrl`.
 */
export interface QueueAddress {
  tls: boolean;
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  /** The URL without its credentials, safe to print: rediss://host:6380/0. */
  redactedUrl: string;
}

/** Redis's default port (redis.io/docs/management/config: `port 6379`). */
const DEFAULT_REDIS_PORT = 6379;

const QueueUrlSchema = z.object({
  protocol: z.enum(['redis:', 'rediss:'], { message: 'must start with redis:// or rediss:// (TLS)' }),
  hostname: z.string().min(1, 'has no host'),
  port: z.number().int().min(1).max(65535),
  db: z.number().int().min(0).max(15, 'database must be 0…15 (Redis default: 16 databases)'),
});

/** Parses and checks a queue URL; a bad one is a one-line UserError that never repeats the password. */
export function parseQueueUrl(text: string): QueueAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(`--queue ${redactText(text)}: not a URL; give redis://HOST:PORT or rediss://HOST:PORT`);
  }
  const dbText = url.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : /^\d+$/.test(dbText) ? Number(dbText) : NaN;
  const parsed = QueueUrlSchema.safeParse({
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port === '' ? DEFAULT_REDIS_PORT : Number(url.port),
    db,
  });
  const redacted = redactUrl(url);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const what = issue.path[0] === 'db' && Number.isNaN(db) ? `database "${dbText}" must be a number 0…15` : issue.message;
    throw new UserError(`--queue ${redacted}: ${what}; give redis://HOST:PORT or rediss://HOST:PORT`);
  }
  if (url.search || url.hash) throw new UserError(`--queue ${redacted}: query and fragment are not supported`);
  return {
    tls: parsed.data.protocol === 'rediss:',
    // IPv6 literals come bracketed from URL; the socket wants them bare.
    host: parsed.data.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.data.port,
    db: parsed.data.db,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    redactedUrl: redacted,
  };
}

function redactUrl(url: URL): string {
  const copy = new URL(url.href);
  const hadCredentials = copy.username !== '' || copy.password !== '';
  copy.username = '';
  copy.password = '';
  const text = copy.href.replace(/\/$/, '');
  return hadCredentials ? text.replace('//', '//***@') : text;
}

/** Best effort for text that is not even a URL: drop anything between "//" and "@". */
function redactText(text: string): string {
  return text.replace(/\/\/[^/@]*@/, '//***@').slice(0, 200);
}

/** Removes every occurrence of the address's password from a message (driver errors may quote their input). */
export function scrubSecrets(message: string, address: QueueAddress): string {
  let out = message;
  for (const secret of [address.password, address.password && encodeURIComponent(address.password)]) {
    if (secret) out = out.split(secret).join('***');
  }
  return out;
}
