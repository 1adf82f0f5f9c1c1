/**
 * The agent's side of a push (`inventory collect --push`): retries with backoff while the server is unreachable,
 * busy (503) or rate-limiting (429), and keeps the report in a local spool file when it still cannot be delivered,
 * so that no report is lost; the next run sends the spooled reports first.
 *
 * One spool file per machine identity: a newer report of the same machine replaces the older one (the server keeps
 * only a machine's latest state anyway), so the spool cannot grow without bound.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pushReport, type PushAnswer } from './server.js';

export interface RetryOptions {
  /** Tries in all (default 6). */
  attempts?: number;
  /** First pause; doubled after each failure, with jitter (default 1 s). */
  baseDelayMs?: number;
  /** Longest pause, also the cap on a server's Retry-After (default 60 s). */
  maxDelayMs?: number;
  timeoutMs?: number;
  /** Told before each pause, e.g. "server busy (503); retrying in 4 s". */
  onRetry?: (message: string) => void;
}

export type PushOutcome =
  | { kind: 'stored'; answer: PushAnswer }
  /** The server refused this report for what it is (400, 403, 409, 413, 415): sending it again cannot help. */
  | { kind: 'refused'; answer: PushAnswer }
  /** Not delivered after every attempt (unreachable, busy, rate-limited, unknown token): worth keeping. */
  | { kind: 'undelivered'; reason: string };

/** Statuses after which the same report may succeed later. 401: the operator may fix the token. */
const TRANSIENT = new Set([401, 408, 429, 500, 502, 503, 504]);

export async function pushWithRetry(url: string, token: string, report: unknown, options: RetryOptions = {}): Promise<PushOutcome> {
  const attempts = options.attempts ?? 6;
  const base = options.baseDelayMs ?? 1000;
  const max = options.maxDelayMs ?? 60_000;
  let reason = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let waitMs: number | null = null;
    try {
      const answer = await pushReport(url, token, report, options.timeoutMs);
      if (answer.status < 400) return { kind: 'stored', answer };
      if (!TRANSIENT.has(answer.status)) return { kind: 'refused', answer };
      reason = `${answer.status} ${answer.body.error ?? ''}`.trim();
      if (answer.retryAfterS !== undefined) waitMs = Math.min(answer.retryAfterS * 1000, max);
      if (answer.status === 401) return { kind: 'undelivered', reason };
    } catch (err) {
      reason = `cannot reach ${url}: ${(err as Error).message}`;
    }
    if (attempt === attempts) break;
    // Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015): agents that failed together
    // do not all come back at the same instant.
    const backoff = Math.min(base * 2 ** (attempt - 1), max);
    const pause = waitMs ?? Math.round(backoff / 2 + (Math.random() * backoff) / 2);
    options.onRetry?.(`${reason}; retrying in ${Math.max(1, Math.round(pause / 1000))} s (attempt ${attempt + 1}/${attempts})`);
    await new Promise((r) => setTimeout(r, pause));
  }
  return { kind: 'undelivered', reason };
}

/** Where reports wait when they could not be sent: $XDG_STATE_HOME/numresp/spool (~/.local/state/numresp/spool). */
export function defaultSpoolDir(): string {
  return join(process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'numresp', 'spool');
}

function identityKey(report: unknown): string {
  const id = (report as { identity?: { serial?: unknown; uuid?: unknown; hostname?: unknown } }).identity ?? {};
  return createHash('sha256').update(JSON.stringify([id.serial ?? null, id.uuid ?? null, id.hostname ?? null])).digest('hex').slice(0, 16);
}

/** Writes a report to the spool (atomically, readable by its owner only); returns the file. */
export function spoolReport(dir: string, report: unknown): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `report-${identityKey(report)}.json`);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(report) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
  return file;
}

/** Spooled reports, oldest first. */
export function spooledReports(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^report-[0-9a-f]{16}\.json$/.test(n));
  } catch {
    return [];
  }
  return names.map((n) => join(dir, n)).sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
}

export interface DrainResult {
  sent: number;
  refused: { file: string; error: string }[];
  left: number;
}

/**
 * Sends the spooled reports, oldest first. A delivered or refused report leaves the spool; on the first one that
 * cannot be delivered the rest wait for the next run.
 */
export async function drainSpool(dir: string, url: string, token: string, options: RetryOptions = {}): Promise<DrainResult> {
  const files = spooledReports(dir);
  const result: DrainResult = { sent: 0, refused: [], left: 0 };
  for (let i = 0; i < files.length; i++) {
    let report: unknown;
    try {
      report = JSON.parse(readFileSync(files[i], 'utf8'));
    } catch {
      result.refused.push({ file: files[i], error: 'spool file is not JSON' });
      rmSync(files[i], { force: true });
      continue;
    }
    const outcome = await pushWithRetry(url, token, report, options);
    if (outcome.kind === 'undelivered') {
      result.left = files.length - i;
      break;
    }
    if (outcome.kind === 'stored') result.sent++;
    else result.refused.push({ file: files[i], error: `${outcome.answer.status} ${outcome.answer.body.error ?? ''}`.trim() });
    rmSync(files[i], { force: true });
  }
  return result;
}
