/**
 * The collection server behind `numresp serve`: agents POST a MachineReport to /api/v1/inventory with a site's
 * bearer token. 127.0.0.1 by default. Every failure is a JSON 4xx and the server keeps running:
 * 400 bad JSON / schema / no identifier, 401 no or unknown token, 403 report for another site, 404, 405,
 * 413 body over the limit, 415 not JSON, 429 over the per-client rate.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '../store/database.js';
import { nowIso } from '../store/database.js';
import { siteOfPushToken } from '../store/push-tokens.js';
import { MachineReportSchema } from '../../collectors/hardware/machine.js';
import { machineToDevice } from './machine-device.js';
import { saveContext, saveDevice } from './save.js';

export interface ServeOptions {
  host?: string;
  port?: number;
  /** Largest accepted body, bytes (default 256 KiB: a report is a few KiB). */
  maxBodyBytes?: number;
  /** Requests per client per window (default 60 per 60 s). */
  rateLimit?: number;
  rateWindowMs?: number;
  /** Clients tracked at once; the oldest is forgotten beyond it, so memory stays bounded. */
  maxClients?: number;
  log?: (line: string) => void;
}

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

class RateLimiter {
  private readonly hits = new Map<string, { start: number; count: number }>();
  constructor(private readonly limit: number, private readonly windowMs: number, private readonly maxClients: number) {}

  allow(key: string, now = Date.now()): boolean {
    let entry = this.hits.get(key);
    if (!entry || now - entry.start >= this.windowMs) {
      this.hits.delete(key);
      entry = { start: now, count: 0 };
      // Map keeps insertion order: the first key is the oldest window.
      if (this.hits.size >= this.maxClients) this.hits.delete(this.hits.keys().next().value as string);
      this.hits.set(key, entry);
    }
    entry.count++;
    return entry.count <= this.limit;
  }
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      reject(new HttpError(413, `body over ${maxBytes} bytes`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new HttpError(413, `body over ${maxBytes} bytes`));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function createInventoryServer(db: Db, options: ServeOptions = {}): Server {
  const maxBody = options.maxBodyBytes ?? 256 * 1024;
  const limiter = new RateLimiter(options.rateLimit ?? 60, options.rateWindowMs ?? 60_000, options.maxClients ?? 10_000);
  const log = options.log ?? (() => undefined);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health' && req.method === 'GET') return send(res, 200, { ok: true });
    if (path !== '/api/v1/inventory') throw new HttpError(404, 'not found; POST /api/v1/inventory');
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      throw new HttpError(405, 'use POST');
    }
    const client = req.socket.remoteAddress ?? 'unknown';
    if (!limiter.allow(client)) {
      res.setHeader('retry-after', String(Math.ceil((options.rateWindowMs ?? 60_000) / 1000)));
      throw new HttpError(429, 'too many requests; retry later');
    }
    const auth = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]{16,200})$/.exec(auth);
    if (!match) throw new HttpError(401, 'missing bearer token (Authorization: Bearer TOKEN from numresp serve token add SITE)');
    const site = siteOfPushToken(db, sha256Hex(match[1]));
    if (!site) throw new HttpError(401, 'unknown token');
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw new HttpError(415, 'send Content-Type: application/json');
    const body = await readBody(req, maxBody);
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw new HttpError(400, 'body is not JSON');
    }
    const parsed = MachineReportSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HttpError(400, `invalid report at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    const report = parsed.data;
    if (report.site !== null && report.site !== site.code) throw new HttpError(403, `this token is for site ${site.code}, not ${report.site}`);
    if (!report.identity.serial && !report.identity.uuid) throw new HttpError(400, 'report has no serial or uuid: the device could not be found again');
    const device = machineToDevice(report, site.siteId, `push:${site.code}`);
    let result;
    try {
      result = db.transaction(() => saveDevice(saveContext(db, {}, nowIso()), device, `push from ${client}`))();
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new HttpError(409, 'serial and uuid belong to two different stored devices');
      throw err;
    }
    log(`${site.code} ${report.identity.serial ?? report.identity.uuid} ${result.outcome}`);
    send(res, result.outcome === 'inserted' ? 201 : 200, { id: result.id, outcome: result.outcome, site: site.code });
  }

  return createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof HttpError) return send(res, err.status, { error: err.message });
      log(`internal error: ${(err as Error).stack ?? String(err)}`);
      send(res, 500, { error: 'internal error' });
    });
  });
}

export function startInventoryServer(db: Db, options: ServeOptions = {}): Promise<RunningServer> {
  const server = createInventoryServer(db, options);
  // Malformed HTTP never reaches the handler: answer 400 and drop the socket instead of logging noise.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, options.host ?? '127.0.0.1', () => {
      const addr = server.address() as AddressInfo;
      const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      resolve({
        server,
        url: `http://${host}:${addr.port}`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}

/** Sends a report to a numresp server; returns the server's answer or throws with its error message. */
export async function pushReport(url: string, token: string, report: unknown): Promise<{ status: number; body: { id?: number; outcome?: string; error?: string } }> {
  const target = new URL('/api/v1/inventory', url);
  const res = await fetch(target, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(report),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json().catch(() => ({ error: `HTTP ${res.status}` }))) as { id?: number; outcome?: string; error?: string };
  return { status: res.status, body };
}
