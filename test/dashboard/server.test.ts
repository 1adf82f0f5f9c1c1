import { request } from 'node:http';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Script } from 'node:vm';
import { parse } from 'csv-parse/sync';
import { startDashboard, checkExposure, type Dashboard } from '../../dashboard/server.js';
import { compact, loadAssets } from '../../dashboard/assets.js';
import { escapeHtml, html, safeHref } from '../../dashboard/html.js';
import { parseFilters } from '../../dashboard/filters.js';
import { pickEncoding } from '../../dashboard/http.js';
import { openStore } from '../../src/store/database.js';
import { upsertSite } from '../../src/store/sites.js';
import { UserError } from '../../src/model/errors.js';
import { projectRoot } from '../../src/util/project-root.js';
import { buildFixture, HOSTILE, type Fixture } from './fixture.js';

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

function get(base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const enc = res.headers['content-encoding'];
        const body = enc === 'br' ? brotliDecompressSync(raw) : enc === 'gzip' ? gunzipSync(raw) : raw;
        resolve({ status: res.statusCode!, headers: res.headers, body: raw, text: body.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('dashboard building blocks', () => {
  test('html escapes interpolations and passes nested fragments through', () => {
    const title = '<script>x</script>"\'&';
    expect(html`<td title="${title}">${title}</td>`.value).toBe(
      '<td title="&lt;script&gt;x&lt;/script&gt;&quot;&#39;&amp;">&lt;script&gt;x&lt;/script&gt;&quot;&#39;&amp;</td>',
    );
    expect(html`<p>${html`<b>${'<i>'}</b>`}</p>`.value).toBe('<p><b>&lt;i&gt;</b></p>');
    expect(escapeHtml(null)).toBe('');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('//evil.example/')).toBeNull();
    expect(safeHref('https://ok.example/')).toBe('https://ok.example/');
  });

  test('filters: bad values give one-line UserErrors naming the parameter', () => {
    expect(parseFilters(new URLSearchParams('site=WEB01&period=2026-01..2026-06&grade=B'))).toMatchObject({ site: 'WEB01', grade: 'B' });
    expect(() => parseFilters(new URLSearchParams('grade=Z'))).toThrow(/query parameter "grade"/);
    expect(() => parseFilters(new URLSearchParams('period=2026-13'))).toThrow(UserError);
    expect(() => parseFilters(new URLSearchParams('sort=x'))).toThrow(/"sort"/);
  });

  test('accept-encoding negotiation prefers br, honours q=0', () => {
    expect(pickEncoding('gzip, deflate, br')).toBe('br');
    expect(pickEncoding('br;q=0, gzip')).toBe('gzip');
    expect(pickEncoding(undefined)).toBe('identity');
  });

  test('compacted assets still compile and pass the GreenIT minification heuristic', () => {
    const assets = loadAssets();
    const js = assets['app.js'].body.identity.toString('utf8');
    expect(() => new Script(js)).not.toThrow();
    const lineBreaks = (js.match(/\n/g) ?? []).length;
    const semicolons = (js.match(/;/g) ?? []).length;
    // MinifiedJs: fewer than 2 line breaks, or >1 semicolon per line and line breaks < 1 % of characters.
    expect(lineBreaks < 2 || (semicolons / (lineBreaks + 1) > 1 && lineBreaks / js.length < 0.01)).toBe(true);
    const css = assets['app.css'].body.identity.toString('utf8');
    expect(css.split('\n').length).toBe(1);
    expect(compact('a {\n  color: red;\n}\n', 'css')).toBe('a{color:red}');
    expect(assets['chart.js'].url).toMatch(/^\/static\/chart\.[\w-]{8}\.js$/);
  });

  test('serving beyond loopback needs a strong token', () => {
    expect(() => checkExposure('0.0.0.0', undefined)).toThrow(/--token/);
    expect(() => checkExposure('192.168.1.10', 'short')).toThrow(/--token/);
    expect(() => checkExposure('0.0.0.0', '3f9c1a7be2d4058c6a91f0e3b7d2c485')).not.toThrow();
    expect(() => checkExposure('127.0.0.1', undefined)).not.toThrow();
    expect(() => checkExposure('::1', undefined)).not.toThrow();
  });
});

describe('dashboard server', () => {
  let fx: Fixture;
  let dash: Dashboard;
  beforeAll(async () => {
    fx = buildFixture();
    dash = await startDashboard({ dbFile: fx.file, port: 0 });
  });
  afterAll(async () => {
    await dash?.close();
    fx?.cleanup();
  });

  test('security headers on every response, strict CSP', async () => {
    for (const path of ['/', '/api/overview', '/csv/web-pages', '/nope', (await get(dash.url, '/')).text.match(/\/static\/app\.[\w-]+\.css/)![0]]) {
      const r = await get(dash.url, path);
      expect(r.headers['content-security-policy']).toContain("script-src 'self'");
      expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(r.headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  test('read-only: other methods get 405 with Allow', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const r = await get(dash.url, '/api/overview', {}, method);
      expect(r.status).toBe(405);
      expect(r.headers.allow).toBe('GET, HEAD');
    }
  });

  test('the store is opened read-only', () => {
    // A second read-only connection must not be able to write either; the server's is opened the same way.
    const db = openStore(fx.file, { readonly: true });
    expect(() => db.prepare("INSERT INTO sites (code, name, kind, created_at) VALUES ('X','X','web','x')").run()).toThrow(/readonly/i);
    db.close();
  });

  test('compression, ETag and 304, long cache on hashed assets', async () => {
    const page = await get(dash.url, '/web', { 'accept-encoding': 'br' });
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['cache-control']).toBe('private, max-age=30');
    const etag = page.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get(dash.url, '/web', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const gz = await get(dash.url, '/api/web/trend', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gz.text).campaigns.length).toBe(3);
    const chartUrl = page.text.match(/\/static\/chart\.[\w-]+\.js/)![0];
    const chart = await get(dash.url, chartUrl, { 'accept-encoding': 'br, gzip' });
    expect(chart.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(chart.headers['content-encoding']).toBe('br');
    expect(chart.body.length).toBeLessThan(80_000);
  });

  test('hostile stored values come back escaped in HTML and inert in JSON', async () => {
    const detail = await get(dash.url, `/web/pages/${fx.hostilePageId}`);
    expect(detail.status).toBe(200);
    expect(detail.text).not.toContain('<script>window.__pwned');
    expect(detail.text).not.toContain('<img src=x');
    expect(detail.text).not.toContain('<svg onload');
    expect(detail.text).not.toContain('href="javascript:');
    expect(detail.text).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    const list = await get(dash.url, `/web/pages?site=${fx.webSite}`);
    expect(list.text).toContain(escapeHtml(HOSTILE.siteName));
    expect(list.text).not.toContain('<b>bold</b>');
    // JSON keeps the exact value (for programs) under a JSON content type the browser will not render as HTML.
    const api = await get(dash.url, `/api/web/pages/${fx.hostilePageId}`);
    expect(api.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(JSON.parse(api.text).title).toBe(HOSTILE.title);
    // CSV neutralises the formula in the site name.
    const csv = await get(dash.url, '/csv/web-sites');
    const rows = parse(csv.text.replace(/^\ufeff/, ''), { columns: true }) as Record<string, string>[];
    expect(rows.some((r) => r.Site === `'${HOSTILE.siteName}`)).toBe(true);
  });

  test('filters: site and period change the figures; unknown site is a 400 naming the parameter', async () => {
    const all = JSON.parse((await get(dash.url, '/api/web/summary')).text);
    const one = JSON.parse((await get(dash.url, `/api/web/summary?site=${fx.webSite}`)).text);
    expect(one.overview.urls).toBeLessThan(all.overview.urls);
    expect(one.sites).toHaveLength(1);
    const trend = JSON.parse((await get(dash.url, '/api/web/trend')).text);
    const firstDay = trend.campaigns[0].startedAt.slice(0, 10);
    const early = JSON.parse((await get(dash.url, `/api/web/trend?period=${firstDay}..${firstDay}`)).text);
    expect(early.campaigns).toHaveLength(1);
    const bad = await get(dash.url, '/api/web/summary?site=NOPE');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatch(/query parameter "site"/);
    const badPage = await get(dash.url, '/web?period=2026-13');
    expect(badPage.status).toBe(400);
    expect(badPage.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(badPage.text).toMatch(/query parameter &quot;period&quot;/);
  });

  test('cached replies are recomputed once the store file changes', async () => {
    const before = JSON.parse((await get(dash.url, '/api/sites')).text).sites.length;
    const writer = openStore(fx.file);
    upsertSite(writer, { code: 'NEW-WEB', name: 'Added while serving', kind: 'web' });
    writer.close();
    const after = JSON.parse((await get(dash.url, '/api/sites')).text).sites;
    expect(after.length).toBe(before + 1);
    expect(after.some((s: { code: string }) => s.code === 'NEW-WEB')).toBe(true);
  });

  test('HEAD answers headers only', async () => {
    const r = await get(dash.url, '/web', {}, 'HEAD');
    expect(r.status).toBe(200);
    expect(r.body.length).toBe(0);
    expect(Number(r.headers['content-length'])).toBeGreaterThan(0);
  });

  test('every documented API endpoint answers JSON', async () => {
    const endpoints = ['/api/sites', '/api/overview', '/api/web/summary', '/api/web/trend', '/api/web/pages?limit=5', '/api/web/failures',
      `/api/web/pages/${fx.hostilePageId}`, '/api/practices', '/api/practices/chart', '/api/fleet', '/api/fleet/pyramid', '/api/fleet/footprint',
      `/api/fleet/sites/${fx.lycee}`];
    for (const path of endpoints) {
      const r = await get(dash.url, path);
      expect([path, r.status]).toEqual([path, 200]);
      expect(() => JSON.parse(r.text)).not.toThrow();
    }
    expect((await get(dash.url, '/api/nothing')).status).toBe(404);
    expect((await get(dash.url, '/api/web/pages/999999')).status).toBe(404);
    const pages = JSON.parse((await get(dash.url, '/api/web/pages?limit=5&sort=web-pages:score:asc')).text);
    expect(pages.pages).toHaveLength(5);
    const scores = pages.pages.map((p: { score: number }) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
  });
});

describe('dashboard token', () => {
  let fx: Fixture;
  let dash: Dashboard;
  const token = 'Zq4vN8xR2pL6tW0yK3mB7cF1hJ5sD9gA';
  beforeAll(async () => {
    fx = buildFixture();
    dash = await startDashboard({ dbFile: fx.file, port: 0, token });
  });
  afterAll(async () => {
    await dash?.close();
    fx?.cleanup();
  });

  test('requests without the token get 401; the URL token becomes an HttpOnly cookie', async () => {
    expect((await get(dash.url, '/')).status).toBe(401);
    expect((await get(dash.url, '/api/overview', { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await get(dash.url, '/api/overview', { authorization: `Bearer ${token}` })).status).toBe(200);
    const swap = await get(dash.url, `/web?site=${fx.webSite}&token=${token}`);
    expect(swap.status).toBe(303);
    expect(swap.headers.location).toBe(`/web?site=${fx.webSite}`);
    const cookie = String(swap.headers['set-cookie']).split(';')[0];
    expect(String(swap.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await get(dash.url, '/web', { cookie })).status).toBe(200);
  });
});

describe('numresp dashboard command', () => {
  const cli = join(projectRoot(), 'dist', 'bin', 'numresp.js');
  test('refuses another interface without a token, in one line with exit code 2', () => {
    // Spawned from the build: a missing build fails here, saying so, instead of skipping silently.
    if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (npx tsc -p . or bash .ci/setup)`);
    const r = spawnSync(process.execPath, [cli, 'dashboard', '--host', '0.0.0.0', '--db', join(tmpdir(), 'none.db')], {
      encoding: 'utf8',
      env: { ...process.env, NUMRESP_DASHBOARD_TOKEN: '' },
      timeout: 30_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--token/);
  });
});

describe('dashboard without a store', () => {
  test('shows the first-steps page, then the data once the store exists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'numresp-dash-empty-'));
    const file = join(dir, 'later.db');
    const dash = await startDashboard({ dbFile: file, port: 0 });
    try {
      const r = await get(dash.url, '/web');
      expect(r.status).toBe(200);
      expect(r.text).toContain('First steps');
      expect(r.text).toContain('numresp audit');
      openStore(file).close();
      const empty = await get(dash.url, '/');
      expect(empty.text).toContain('is empty for now');
    } finally {
      await dash.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
