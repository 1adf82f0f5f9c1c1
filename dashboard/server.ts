import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { storeContents } from '../src/store/insights.js';
import { UserError } from '../src/model/errors.js';
import { decodeComponent } from '../src/util/decode.js';
import { storeProblem } from '../src/store/store-errors.js';
import { assertStoreSound } from '../src/store/maintenance.js';
import { listSites } from '../src/store/sites.js';
import { ApiNotFound, routeApi } from './api.js';
import { loadAssets, type Assets } from './assets.js';
import type { ViewContext } from './context.js';
import { parseFilters, scopeFromFilters, type Filters } from './filters.js';
import { CACHE, encode, send, sendText, type Reply } from './http.js';
import { html } from './html.js';
import { layout, type LayoutContext, type PageView } from './layout.js';
import { routePage, routeCsv } from './routes.js';
import { startView } from './pages/start.js';
import { DashboardStore } from './store-handle.js';

/**
 * The dashboard server: read-only, GET/HEAD only, loopback by default. On another interface a token is required
 * (checked on every request in constant time). Every response carries the security headers of ./http.ts.
 */
export interface DashboardOptions {
  dbFile: string;
  host?: string;
  port?: number;
  token?: string;
  /** Compute the main pages in the background right after start (default true). */
  warm?: boolean;
  /** Where request errors are reported (the CLI prints them); defaults to nowhere. */
  onError?: (err: unknown) => void;
}

export interface Dashboard {
  server: Server;
  url: string;
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;
export const TOKEN_COOKIE = 'numresp_token';

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host.replace(/^\[|\]$/g, ''));
}

/** Bits of randomness a dashboard token must be worth: 128, as NIST SP 800-63B asks of a memorised secret's
 * verifier-generated equivalent and as `--token generate` gives (256). */
export const MIN_TOKEN_BITS = 128;

/**
 * A rough upper bound on a token's randomness: length × log2(the alphabet its characters come from: hex, digits,
 * letters, base64, printable). Repeated characters (fewer than 10 distinct) are refused outright: a random 22+
 * character token essentially never has so few.
 */
export function tokenStrength(token: string): { bits: number; problem: string | null } {
  if (token.trim() === '') return { bits: 0, problem: 'is blank' };
  if (/[\s\u0000-\u001f\u007f-\u009f]/.test(token)) return { bits: 0, problem: 'contains spaces or control characters' };
  const distinct = new Set(token).size;
  let alphabet = 0;
  if (/^[0-9a-f]+$/.test(token) || /^[0-9A-F]+$/.test(token)) alphabet = 16;
  else {
    if (/[a-z]/.test(token)) alphabet += 26;
    if (/[A-Z]/.test(token)) alphabet += 26;
    if (/[0-9]/.test(token)) alphabet += 10;
    if (/[^a-zA-Z0-9]/.test(token)) alphabet += 33;
  }
  const bits = Math.floor(token.length * Math.log2(alphabet));
  if (distinct < 10) return { bits, problem: `repeats characters (${distinct} distinct)` };
  if (bits < MIN_TOKEN_BITS) return { bits, problem: `is worth about ${bits} bits, fewer than ${MIN_TOKEN_BITS}` };
  return { bits, problem: null };
}

/** A dashboard token from the system's CSPRNG: 256 bits, base64url. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Refuses to serve another interface without a token, and any token that could be guessed. */
export function checkExposure(host: string, token: string | undefined): void {
  if (!isLoopback(host) && !token) {
    throw new UserError(
      `--host ${host} exposes the dashboard beyond this machine: pass --token generate (or your own --token, or set NUMRESP_DASHBOARD_TOKEN), or use --host 127.0.0.1`,
    );
  }
  if (token !== undefined) {
    const { problem } = tokenStrength(token);
    if (problem) throw new UserError(`--token ${problem}: use --token generate, or at least 32 random hex characters (openssl rand -hex 16)`);
  }
}

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const host = options.host ?? '127.0.0.1';
  checkExposure(host, options.token);
  const store = new DashboardStore(options.dbFile);
  // Fail at start, with one line, on a foreign, outdated or damaged store rather than on the first request (a
  // damaged data page is otherwise met only by the page that reads it: 503 then).
  const db = store.handle();
  if (db) assertStoreSound(db, options.dbFile);
  const assets = loadAssets();
  const deps: HandlerDeps = { store, assets, token: options.token, dbLabel: options.dbFile, onError: options.onError };
  const handler = createHandler(deps);
  const server = createServer(handler);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new UserError(`port ${options.port} is in use on ${host}; pass another --port (0 picks a free one)`) : err),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  let closed = false;
  if (options.warm ?? true) setImmediate(() => warmUp(deps, () => closed));
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost}:${address.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        server.closeAllConnections();
        server.close(() => {
          store.close();
          resolve();
        });
      }),
  };
}

interface HandlerDeps {
  store: DashboardStore;
  assets: Assets;
  token?: string;
  dbLabel: string;
  onError?: (err: unknown) => void;
}

function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    // A malformed cookie is no token at all (401), not an error.
    if (k === name) return decodeComponent(v.join('=')) ?? undefined;
  }
  return undefined;
}

export function createHandler(deps: HandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const expected = deps.token ? tokenDigest(deps.token) : null;
  const matches = (candidate: string | undefined) => !!candidate && timingSafeEqual(tokenDigest(candidate), expected!);
  return (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return sendText(req, res, 405, 'The dashboard is read-only: only GET and HEAD are allowed.', { allow: 'GET, HEAD' });
      }
      const url = parseRequestUrl(req.url);
      if (!url) return sendText(req, res, 400, 'Malformed request address.');
      if (expected) {
        const queryToken = url.searchParams.get('token') ?? undefined;
        if (queryToken !== undefined && matches(queryToken)) {
          // Trade the URL token for a cookie so it leaves the address bar, history and shared links.
          url.searchParams.delete('token');
          res.writeHead(303, {
            location: url.pathname + url.search,
            'set-cookie': `${TOKEN_COOKIE}=${encodeURIComponent(queryToken)}; HttpOnly; SameSite=Strict; Path=/`,
            'cache-control': CACHE.none,
          });
          return res.end();
        }
        const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
        if (!matches(bearer) && !matches(readCookie(req, TOKEN_COOKIE))) {
          return sendText(req, res, 401, 'A token is required: open the URL printed at start (…/?token=…) or send Authorization: Bearer <token>.', {
            'www-authenticate': 'Bearer',
          });
        }
      }
      handle(deps, req, res, url);
    } catch (err) {
      fail(deps, req, res, err);
    }
  };
}

function parseRequestUrl(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://dashboard.invalid');
  } catch {
    return null;
  }
}

function fail(deps: HandlerDeps, req: IncomingMessage, res: ServerResponse, err: unknown): void {
  if (res.headersSent) return void res.destroy();
  // A damaged or unreadable store is the store's state, not a bug of this request: 503 with what to do.
  const problem = storeProblem(err, deps.dbLabel);
  if (problem) {
    deps.store.close();
    return sendText(req, res, 503, problem.message, { 'retry-after': '60' });
  }
  if (err instanceof UserError) {
    const path = parseRequestUrl(req.url)?.pathname ?? '/';
    if (path.startsWith('/api/')) return send(req, res, jsonReply({ error: err.message }, 400));
    if (path.startsWith('/csv/')) return sendText(req, res, 400, err.message);
    // A bad filter in a bookmarked URL: say what is wrong on a page that keeps the navigation.
    const view: PageView = { title: 'Cannot show this view', section: 'start', main: html`<p class="lead">${err.message}.</p><p><a href="/">Back to the overview</a>.</p>`, charts: false, status: 400 };
    return send(req, res, { ...pageReply(deps, view, {}, path, []), cache: CACHE.none });
  }
  deps.onError?.(err);
  sendText(req, res, 500, 'Internal error; the details are printed where the dashboard runs.');
}

function handle(deps: HandlerDeps, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const path = url.pathname;
  if (path.startsWith('/static/')) return serveStatic(deps.assets, req, res, path);
  if (path === '/robots.txt') return sendText(req, res, 200, 'User-agent: *\nDisallow: /');
  const filters = parseFilters(url.searchParams);
  const db = deps.store.handle();
  if (!db) {
    if (path.startsWith('/api/')) return send(req, res, jsonReply({ error: `no store at ${deps.dbLabel} yet` }, 404));
    return send(req, res, pageReply(deps, startView(deps.dbLabel, null), filters, path, []));
  }
  send(req, res, cachedReply(deps, db, filters, url));
}

/**
 * The whole reply, compressed, is cached per URL: the store is read-only while served, and the cache is dropped as
 * soon as its file changes (DashboardStore), so a repeated view costs no computing at all.
 */
function cachedReply(deps: HandlerDeps, db: NonNullable<ReturnType<DashboardStore['handle']>>, filters: Filters, url: URL): Reply {
  const key = `reply|${url.pathname}|${[...url.searchParams].filter(([k]) => k !== 'token').sort().map(([k, v]) => `${k}=${v}`).join('&')}`;
  return deps.store.memo(key, () => buildReply(deps, db, filters, url.pathname, url));
}

/** Pages computed right after start, one per event-loop turn, so the first manager does not wait for them. */
const WARM_PATHS = ['/', '/web', '/practices', '/fleet'];

function warmUp(deps: HandlerDeps, isClosed: () => boolean, index = 0): void {
  if (index >= WARM_PATHS.length || isClosed()) return;
  try {
    const db = deps.store.handle();
    if (!db) return;
    cachedReply(deps, db, {}, new URL(WARM_PATHS[index], 'http://dashboard.invalid'));
  } catch {
    // A request for the same page will report the problem.
  }
  setImmediate(() => warmUp(deps, isClosed, index + 1));
}

function buildReply(deps: HandlerDeps, db: NonNullable<ReturnType<DashboardStore['handle']>>, filters: Filters, path: string, url: URL): Reply {
  const sites = deps.store.memo('sites', () => listSites(db));
  const ctx: ViewContext = { db, store: deps.store, filters, scope: scopeFromFilters(filters), sites, scopeKey: `${filters.site ?? ''}|${filters.period ?? ''}` };
  if (filters.site && !sites.some((s) => s.code === filters.site)) {
    throw new UserError(`query parameter "site": no site with code "${filters.site}"; pick one from the list`);
  }
  if (path.startsWith('/api/')) {
    const result = routeApi(ctx, path, url.searchParams);
    if (result === undefined) return jsonReply({ error: `no API endpoint ${path}; see the README "dashboard" section` }, 404);
    if (result instanceof ApiNotFound) return jsonReply({ error: result.error }, 404);
    return jsonReply(result);
  }
  if (path.startsWith('/csv/')) {
    const csv = routeCsv(ctx, path);
    if (!csv) return { status: 404, type: 'text/plain; charset=utf-8', body: encode(`No table at ${path}.\n`), cache: CACHE.none };
    return {
      type: 'text/csv; charset=utf-8',
      // A BOM lets spreadsheet software read the UTF-8 accents of French names.
      body: encode('\ufeff' + csv.text),
      cache: CACHE.page,
      headers: { 'content-disposition': `attachment; filename="${csv.name}.csv"` },
    };
  }
  const contents = deps.store.memo('contents', () => storeContents(db));
  if (contents.runs === 0 && contents.devices === 0 && contents.assessments === 0) {
    return pageReply(deps, startView(deps.dbLabel, contents), filters, path, sites);
  }
  const view = routePage(ctx, path) ?? { title: 'Not found', section: 'start', main: notFound(path), charts: false, status: 404 };
  return pageReply(deps, view, filters, path, sites);
}

function notFound(path: string) {
  return html`<p>Nothing at <code>${path}</code>. <a href="/">Back to the overview</a>.</p>`;
}

function pageReply(deps: HandlerDeps, view: PageView, filters: Filters, path: string, sites: LayoutContext['sites']): Reply {
  const body = layout(view, { assets: deps.assets, filters, sites, path, dbLabel: deps.dbLabel });
  return { status: view.status ?? 200, type: 'text/html; charset=utf-8', body: encode(body), cache: CACHE.page };
}

function jsonReply(value: unknown, status = 200): Reply {
  return { status, type: 'application/json; charset=utf-8', body: encode(JSON.stringify(value)), cache: status === 200 ? CACHE.api : CACHE.none };
}

function serveStatic(assets: Assets, req: IncomingMessage, res: ServerResponse, path: string): void {
  const asset = Object.values(assets).find((a) => a.url === path);
  if (!asset) return sendText(req, res, 404, `No asset at ${path}.`);
  send(req, res, { type: asset.type, body: asset.body, cache: CACHE.immutable });
}
