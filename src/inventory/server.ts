/**
 * The collection server behind `numresp serve`: agents POST a MachineReport to /api/v1/inventory with a site's
 * bearer token. 127.0.0.1 by default. Every failure is a JSON 4xx/503 and the server keeps running:
 * 400 bad JSON / schema / no identifier / formula-like name, 401 no, unknown, revoked or expired token, 403 report
 * for another site, 404, 405, 409 identity of a device of another site, 413 body over the limit, 415 not JSON,
 * 429 over the per-client rate or the failed-authentication budget, 503 store busy (with Retry-After).
 *
 * Trust boundary (docs/security.md): a token speaks for its site only. A push creates or updates devices of that
 * site; a serial or uuid already stored under another site (or under none) is refused with 409 and nothing changes:
 * moving a device is an operator's act (`inventory move`, import). Fields naming people are dropped, names are
 * stripped of control characters and trimmed.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatZodIssue } from '../model/errors.js';
import type { Db } from '../store/database.js';
import { nowIso, StoreBusy, writeTransactionWithin } from '../store/database.js';
import { markPushTokenUsed, siteOfPushToken } from '../store/push-tokens.js';
import { devicesWithIdentity } from '../store/device-identity.js';
import { MachineReportSchema, type MachineReport } from '../model/machine-report.js';
import { cleanIdentifier, cleanName } from '../model/text.js';
import { dropPersonalFields } from '../model/personal-fields.js';
import { machineToDevice } from './machine-device.js';
import { looksLikeFormula } from './import/values.js';
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
  /**
   * Failed authentications per client address per window (default 20): counted apart from the request rate, so a
   * flood of bad tokens from a NAT address does not lock out the valid agents behind it.
   */
  failureLimit?: number;
  /** Failed authentications from all addresses together per window (default 200): guesses spread over many addresses. */
  globalFailureLimit?: number;
  /** How long a push waits for the store's write lock (another process importing) before answering 503 (default 20 s). */
  busyWaitMs?: number;
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
    // A client that hangs up mid-body is its own problem: a 4xx nobody reads, never an internal error in the log.
    req.on('error', () => reject(new HttpError(400, 'request aborted')));
  });
}

/** Text fields of a report that become stored names: control characters are stripped, ends trimmed. */
function cleanReport(r: MachineReport): MachineReport {
  const id = r.identity;
  return {
    ...r,
    identity: {
      ...id,
      manufacturer: cleanIdentifier(id.manufacturer),
      model: cleanIdentifier(id.model),
      serial: cleanIdentifier(id.serial),
      uuid: cleanIdentifier(id.uuid),
      hostname: cleanIdentifier(id.hostname),
      chassisType: cleanIdentifier(id.chassisType),
    },
    cpu: r.cpu ? { ...r.cpu, brand: cleanIdentifier(r.cpu.brand) } : null,
    disks: r.disks.map((d) => ({ ...d, type: cleanIdentifier(d.type), name: cleanIdentifier(d.name) })),
    gpus: r.gpus.map((g) => ({ vendor: cleanIdentifier(g.vendor), model: cleanIdentifier(g.model) })),
    displays: r.displays.map((d) => ({ ...d, model: cleanIdentifier(d.model), resolution: cleanIdentifier(d.resolution) })),
    os: r.os ? { platform: cleanIdentifier(r.os.platform), distro: cleanIdentifier(r.os.distro), release: cleanIdentifier(r.os.release) } : null,
  };
}

/** Names a spreadsheet would run as a formula are refused, as `inventory import` refuses such cells. */
function formulaField(r: MachineReport): string | undefined {
  const fields: [string, string | null][] = [
    ['identity.manufacturer', r.identity.manufacturer],
    ['identity.model', r.identity.model],
    ['identity.serial', r.identity.serial],
    ['identity.uuid', r.identity.uuid],
    ['identity.hostname', r.identity.hostname],
    ['cpu.brand', r.cpu?.brand ?? null],
  ];
  return fields.find(([, v]) => v !== null && looksLikeFormula(v))?.[0];
}

export function createInventoryServer(db: Db, options: ServeOptions = {}): Server {
  const maxBody = options.maxBodyBytes ?? 256 * 1024;
  const windowMs = options.rateWindowMs ?? 60_000;
  const maxClients = options.maxClients ?? 10_000;
  const limiter = new RateLimiter(options.rateLimit ?? 60, windowMs, maxClients);
  const failures = new RateLimiter(options.failureLimit ?? 20, windowMs, maxClients);
  const globalFailures = new RateLimiter(options.globalFailureLimit ?? 200, windowMs, 1);
  const busyWaitMs = options.busyWaitMs ?? 20_000;
  const log = options.log ?? (() => undefined);
  const retryAfter = String(Math.ceil(windowMs / 1000));
  // One log line per window when the failure budget is spent, not one per refused request.
  let failureLoggedAt = -Infinity;

  /** Counts a failed authentication; over either budget the answer is 429 rather than 401. */
  function authFailure(res: ServerResponse, client: string, message: string): HttpError {
    const withinClient = failures.allow(client);
    const withinGlobal = globalFailures.allow('all');
    if (withinClient && withinGlobal) return new HttpError(401, message);
    const now = Date.now();
    if (now - failureLoggedAt >= windowMs) {
      failureLoggedAt = now;
      log(`refused: failed-authentication budget spent (${withinClient ? 'all addresses' : client}); answering 429 for ${retryAfter} s`);
    }
    res.setHeader('retry-after', retryAfter);
    return new HttpError(429, 'too many failed authentications; retry later');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health' && req.method === 'GET') return send(res, 200, { ok: true });
    if (path !== '/api/v1/inventory') throw new HttpError(404, 'not found; POST /api/v1/inventory');
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      throw new HttpError(405, 'use POST');
    }
    const client = req.socket.remoteAddress ?? 'unknown';
    const auth = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]{16,200})$/.exec(auth);
    if (!match) throw authFailure(res, client, 'missing bearer token (Authorization: Bearer TOKEN from numresp serve token add SITE)');
    const site = siteOfPushToken(db, sha256Hex(match[1]));
    if (!site) throw authFailure(res, client, 'unknown, revoked or expired token');
    if (!limiter.allow(`${client}|${site.siteId}`)) {
      res.setHeader('retry-after', retryAfter);
      throw new HttpError(429, 'too many requests; retry later');
    }
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw new HttpError(415, 'send Content-Type: application/json');
    const body = await readBody(req, maxBody);
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw new HttpError(400, 'body is not JSON');
    }
    // People are not part of a fleet's footprint: fields naming them are dropped before anything else reads the body.
    const { value: withoutPeople, dropped, tooDeep } = dropPersonalFields(json);
    if (tooDeep) throw new HttpError(400, 'report nested too deep');
    const parsed = MachineReportSchema.safeParse(withoutPeople);
    if (!parsed.success) {
      throw new HttpError(400, `invalid report at ${formatZodIssue(parsed.error)}`);
    }
    const report = cleanReport(parsed.data);
    if (report.site !== null && report.site !== site.code) throw new HttpError(403, `this token is for site ${site.code}, not ${report.site}`);
    if (!report.identity.serial && !report.identity.uuid) throw new HttpError(400, 'report has no serial or uuid: the device could not be found again');
    const formula = formulaField(report);
    if (formula) throw new HttpError(400, `${formula} looks like a spreadsheet formula (starts with = + - @); fix the machine's name`);
    const identity = report.identity.serial ?? report.identity.uuid;
    const device = machineToDevice(report, site.siteId, `push:${site.code}`);
    let result;
    try {
      result = await writeTransactionWithin(
        db,
        () => {
          // Inside the write transaction: the owner cannot change between this check and the save.
          const owners = devicesWithIdentity(db, report.identity.serial, report.identity.uuid);
          if (owners.some((o) => o.siteId !== site.siteId)) return null;
          markPushTokenUsed(db, site.tokenId);
          return saveDevice(saveContext(db, {}, nowIso()), device, `push from ${client}`);
        },
        busyWaitMs,
      );
    } catch (err) {
      if (err instanceof StoreBusy) {
        log(`${site.code} ${identity} store busy for ${Math.round(err.waitedMs / 1000)} s; answered 503`);
        res.setHeader('retry-after', '5');
        throw new HttpError(503, 'the store is busy (another numresp process is writing); retry in a few seconds');
      }
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new HttpError(409, 'serial and uuid belong to two different stored devices');
      throw err;
    }
    if (result === null) {
      log(`refused: token of ${site.code} from ${client} pushed ${identity}, a device stored under another site; move it with numresp inventory move`);
      throw new HttpError(409, 'this serial or uuid belongs to a device of another site; an operator can move it (numresp inventory move)');
    }
    log(`${site.code} ${identity} ${result.outcome}${dropped.length ? ` (dropped personal fields: ${dropped.join(', ')})` : ''}`);
    send(res, result.outcome === 'inserted' ? 201 : 200, { id: result.id, outcome: result.outcome, site: site.code, ...(dropped.length ? { dropped } : {}) });
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

/** What a numresp server answered to one push. `retryAfterS` is its Retry-After header, in seconds, when given. */
export interface PushAnswer {
  status: number;
  body: { id?: number; outcome?: string; error?: string; dropped?: string[] };
  retryAfterS?: number;
}

/** Sends a report to a numresp server; returns the server's answer or throws when it cannot be reached. */
export async function pushReport(url: string, token: string, report: unknown, timeoutMs = 30_000): Promise<PushAnswer> {
  const target = new URL('/api/v1/inventory', url);
  const res = await fetch(target, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(report),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await res.json().catch(() => ({ error: `HTTP ${res.status}` }))) as PushAnswer['body'];
  const header = res.headers.get('retry-after');
  const retryAfter = header === null ? NaN : Number(header);
  return { status: res.status, body, ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterS: retryAfter } : {}) };
}
