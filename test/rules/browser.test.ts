import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchBrowser, measurePage, type ManagedBrowser } from '../../collectors/browser/index.js';
import { judgePage } from '../../rules/index.js';
import type { RuleResult } from '../../src/model/rules.js';
import { png } from './png.js';

// Integration: two fixture pages on 127.0.0.1 through the real Chromium, each judged by every check.
// One browser for the file; short waits.
const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'rules');
const FAST = { waitBeforeScrollMs: 300, waitAfterScrollMs: 300, timeoutMs: 20000 };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
};

type Body = { type: string; body: Buffer };

/** Files of a fixture folder plus generated ones; `good` adds cache headers, ETags and gzip, `bad` a big cookie. */
function serve(profile: 'good' | 'bad', extra: Record<string, Body>): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (profile === 'bad' && path === '/r1') return void res.writeHead(302, { location: '/r2' }).end();
    if (profile === 'bad' && path === '/r2') return void res.writeHead(302, { location: '/small.png' }).end();
    let file: Body | undefined = extra[path];
    if (!file) {
      const name = path === '/' ? 'index.html' : path.slice(1);
      try {
        if (name.includes('..') || name.includes('/')) throw new Error('outside');
        file = { type: TYPES[extname(name)] ?? 'application/octet-stream', body: readFileSync(join(fixtures, profile, name)) };
      } catch {
        return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      }
    }
    const headers: Record<string, string> = { 'content-type': file.type };
    let body = file.body;
    if (profile === 'good') {
      headers['cache-control'] = path === '/' ? 'max-age=60' : 'public, max-age=31536000';
      headers.etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
      if (/^(text\/|image\/svg)/.test(file.type)) {
        body = gzipSync(body);
        headers['content-encoding'] = 'gzip';
      }
    } else if (path === '/') {
      headers['set-cookie'] = `session=${'x'.repeat(600)}; Path=/`;
    }
    headers['content-length'] = String(body.length);
    res.writeHead(200, headers).end(body);
  });
  server.keepAliveTimeout = 1000;
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => ok({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })),
  );
}

const pngFile = (w: number, h: number, noise = false): Body => ({ type: 'image/png', body: png(w, h, noise) });
const font: Body = { type: 'font/ttf', body: Buffer.alloc(3000, 1) };
// Rules never used by the page: over 10 KiB of unused, pretty-printed CSS.
const unusedRules = Array.from({ length: 600 }, (_, i) => `.unused-${i} {\n  color: red;\n}\n`).join('');

// 30 KB of functions that never run: over Lighthouse's 20 KiB unused-JavaScript threshold.
const unusedCode = Array.from({ length: 500 }, (_, i) => `function never${i}(a) {\n  return a * ${i} + 1;\n}\n`).join('');

let browser: ManagedBrowser;
const servers: Server[] = [];

async function judge(profile: 'good' | 'bad', extra: Record<string, Body>): Promise<Map<string, RuleResult>> {
  const { server, origin } = await serve(profile, extra);
  servers.push(server);
  const m = await measurePage(browser, { url: `${origin}/` }, FAST);
  if (!m.ok) throw new Error(`${profile}: ${m.error}`);
  return new Map(judgePage(m.artifacts).map((r) => [r.id, r]));
}

let good: Map<string, RuleResult>;
let bad: Map<string, RuleResult>;

beforeAll(async () => {
  browser = await launchBrowser();
  good = await judge('good', { '/logo.png': pngFile(100, 50), '/photo.png': pngFile(100, 50) });
  bad = await judge('bad', {
    '/pretty.css': { type: 'text/css', body: Buffer.concat([readFileSync(join(fixtures, 'bad', 'pretty.css')), Buffer.from(unusedRules)]) },
    '/big.png': pngFile(400, 400, true),
    '/hidden.png': pngFile(200, 200, true),
    '/below.png': pngFile(50, 50),
    '/small.png': pngFile(10, 10),
    '/f1.ttf': font,
    '/f2.ttf': font,
    '/f3.ttf': font,
    ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`/s${i + 1}.css`, { type: 'text/css', body: Buffer.from(`.s${i}{color:red}`) }])),
    '/unused.js': { type: 'text/javascript', body: Buffer.from(unusedCode) },
    ...Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`/i${i + 1}.png`, pngFile(20, 20)])),
  });
}, 60000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => new Promise((ok) => { s.close(ok); s.closeAllConnections(); })));
});

const status = (m: Map<string, RuleResult>, id: string) => m.get(id)?.status;

test('the clean page passes every check it can (HTTP/2 on 127.0.0.1 over http:// is not applicable)', () => {
  const notPassing = [...good.values()].filter((r) => r.status !== 'pass' && r.status !== 'not-applicable').map((r) => `${r.id}: ${r.status} ${r.message ?? ''}`);
  expect(notPassing).toEqual([]);
  expect(status(good, 'use-http2')).toBe('not-applicable');
  expect(status(good, 'lazy-loading')).toBe('pass');
  expect(status(good, 'add-expires-or-cache-control-headers')).toBe('pass');
  expect(status(good, 'compress-http')).toBe('pass');
});

test('the faulty page fails the checks its elements were written to trigger', () => {
  const expected: Record<string, string> = {
    // server: no Cache-Control, no ETag, no gzip
    'add-expires-or-cache-control-headers': 'fail',
    'compress-http': 'fail',
    'use-etags': 'fail',
    'html-cache-policy': 'fail',
    // markup
    'page-title': 'fail',
    'externalize-css': 'fail',
    'externalize-js': 'fail',
    'empty-src-tag': 'fail',
    plugins: 'fail',
    'print-stylesheet': 'fail',
    'autoplay-media': 'fail',
    iframes: 'fail',
    carousels: 'fail',
    'infinite-scroll': 'warn',
    // images: a 400×400 noise PNG shown at 100×100, a hidden one, one below the fold without lazy loading
    'dont-resize-image-in-browser': 'fail',
    'image-downloaded-not-displayed': 'fail',
    'lazy-loading': 'fail',
    'optimize-bitmap-images': 'fail',
    'image-formats': 'fail',
    // network: a 404 and two chained redirects
    'http-error': 'fail',
    'no-redirect': 'fail',
    // pretty-printed CSS with 18 KB of unused rules, a script that does not parse, console errors
    'minified-css': 'fail',
    'unused-css': 'fail',
    'js-validate': 'fail',
    'console-errors': 'fail',
    // 11 stylesheets, 2 scripts, 19 bitmaps: over 40 requests; 1,500 extra elements, 30 KB of never-run JS
    'style-sheets': 'fail',
    'http-requests': 'fail',
    'raster-images': 'fail',
    'dom-size': 'fail',
    'unused-js': 'fail',
    'minified-js': 'fail',
    // three TTF fonts
    'use-standard-typefaces': 'fail',
    'web-font-format': 'fail',
  };
  const got = Object.fromEntries(Object.keys(expected).map((id) => [id, status(bad, id)]));
  expect(got).toEqual(expected);
  // Evidence points at the resources, with URLs.
  expect(bad.get('dont-resize-image-in-browser')!.evidence[0].url).toMatch(/\/big\.png$/);
  expect(bad.get('no-redirect')!.value).toBe(2);
  // below.png and i4…i15 are eager below the fold; i1…i3 are lazy; hidden.png is not displayed.
  expect(bad.get('lazy-loading')!.value).toBe(13);
  expect(bad.get('lazy-loading')!.evidence[0].url).toMatch(/\/below\.png$/);
});
