import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { PageArtifacts } from '../../src/model/artifacts.js';
import { redactValue, STORED_LIMITS, storableArtifacts, withoutUserInfo } from '../../src/model/artifact-privacy.js';
import { openStore } from '../../src/store/database.js';
import { startStaticServer, type StaticServer } from '../../src/util/static-server.js';
import { numresp } from '../reports/cli.js';

// Artifacts stored for re-judging keep no credentials: an audit through Chromium of a page that sets a session cookie
// and calls an API with a bearer token, then the stored artifacts are inflated and searched for both secrets.
const SESSION = 'sess-' + 'k'.repeat(40) + '-SECRET';
const BEARER = 'tok-SECRET-0123456789';
const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let site: StaticServer;
let work: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'numresp-artifacts-'));
  site = await startStaticServer({
    root: work,
    routes: {
      '/page': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': `session=${SESSION}; Path=/` });
        res.end(`<!doctype html><html lang="fr"><head><title>c</title></head><body><img src="/pixel.png" alt="">
          <script>fetch('/api', { headers: { Authorization: 'Bearer ${BEARER}' } });</script></body></html>`);
      },
      '/pixel.png': (_req, res) => {
        res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'max-age=86400' });
        res.end(PNG_1PX);
      },
      '/api': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      },
    },
  });
});
afterAll(async () => {
  await site?.close();
  rmSync(work, { recursive: true, force: true });
});

test('an audited page’s stored artifacts hold no Cookie, Set-Cookie or Authorization value, and re-judge the same', async () => {
  const dbFile = join(work, 'store.db');
  await numresp('audit', `${site.origin}/page`, '--site', 'web', '--wait-before-scroll', '100', '--wait-after-scroll', '100',
    '--timeout', '20', '--concurrency', '1', '--retries', '0', '--db', dbFile);
  const db = openStore(dbFile);
  try {
    const rows = db.prepare('SELECT page_id, artifacts FROM page_artifacts').all() as Array<{ page_id: number; artifacts: Buffer }>;
    expect(rows).toHaveLength(1);
    const text = inflateSync(rows[0].artifacts).toString('utf8');
    const stored = JSON.parse(text) as PageArtifacts;
    // The secrets were on the wire (the headers are there, with their length) but not in the store.
    const pixel = stored.requests.find((r) => r.url.endsWith('/pixel.png'))!;
    const api = stored.requests.find((r) => r.url.endsWith('/api'))!;
    const page = stored.requests.find((r) => r.url.endsWith('/page'))!;
    expect(pixel.requestHeaders.cookie).toBe('*'.repeat(`session=${SESSION}`.length));
    expect(api.requestHeaders.authorization).toBe('*'.repeat(`Bearer ${BEARER}`.length));
    // Chromium reports Set-Cookie apart from the response (responseReceivedExtraInfo): absent, or masked if present.
    expect(page.responseHeaders['set-cookie'] ?? '*').toMatch(/^\*+$/);
    expect(text).not.toContain('SECRET');
    const judged = () =>
      db.prepare("SELECT rule_id, status, grade, value FROM rule_results WHERE rule_id LIKE '%cookie%' ORDER BY rule_id").all();
    const before = judged();
    expect(before).toHaveLength(2);
    db.close();
    await numresp('practices', 'rerun', '1', '--db', dbFile);
    const again = openStore(dbFile);
    try {
      expect(again.prepare("SELECT rule_id, status, grade, value FROM rule_results WHERE rule_id LIKE '%cookie%' ORDER BY rule_id").all()).toEqual(before);
    } finally {
      again.close();
    }
  } finally {
    if (db.open) db.close();
  }
}, 90_000);

const request = (over: Partial<PageArtifacts['requests'][number]> = {}): PageArtifacts['requests'][number] => ({
  url: 'https://a.example/x.js',
  method: 'GET',
  resourceType: 'script',
  status: 200,
  mimeType: 'text/javascript',
  protocol: 'h2',
  requestHeaders: {},
  responseHeaders: {},
  transferBytes: 10,
  bodyBytes: 10,
  fromCache: false,
  failed: false,
  failureText: null,
  ...over,
});

function artifacts(requests: PageArtifacts['requests'], consoleCount = 0): PageArtifacts {
  return {
    schemaVersion: 1,
    url: 'https://jean:motdepasse@a.example/',
    finalUrl: 'https://a.example/',
    requestCountBeforeScroll: requests.length,
    requests,
    requestsOmitted: 3,
    dom: {
      elementCount: 1, elementCountBeforeScroll: 1, title: '', lang: 'fr', viewportWidth: 1, viewportHeight: 1, documentHeight: 1,
      images: [], imagesOmitted: 0, emptySrcElements: [], inlineStyleCount: 0, inlineScriptCount: 0, pluginCount: 0,
      printStylesheetCount: 0, iframes: [], media: [], carousels: [],
    },
    coverage: null,
    cookies: [],
    console: Array.from({ length: consoleCount }, (_, i) => ({ type: 'log', text: 'x'.repeat(2000) + i, url: null })),
  };
}

test('secret headers of any case are masked to their length; other headers are kept', () => {
  const basic = 'Basic YWxhZGRpbjpvcGVuc2VzYW1l';
  const out = storableArtifacts(artifacts([request({ requestHeaders: { Authorization: basic, 'x-api-key': 'k1', accept: '*/*' } })]));
  expect(out.requests[0].requestHeaders).toEqual({ Authorization: '*'.repeat(30), 'x-api-key': '**', accept: '*/*' });
  expect(basic).toHaveLength(30);
  expect(out.url).toBe('https://a.example/');
  expect(withoutUserInfo('http://a.example/p@q')).toBe('http://a.example/p@q');
  expect(redactValue('abc')).toBe('***');
});

test('stored artifacts are capped whatever produced them, and count what was cut', () => {
  const many = Array.from({ length: STORED_LIMITS.requests + 5 }, (_, i) =>
    request({ url: `https://a.example/${i}.js`, responseHeaders: Object.fromEntries(Array.from({ length: 100 }, (_, h) => [`h${h}`, 'v'.repeat(5000)])) }),
  );
  const out = storableArtifacts(artifacts(many, STORED_LIMITS.consoleMessages + 10));
  expect(out.requests).toHaveLength(STORED_LIMITS.requests);
  expect(out.requestsOmitted).toBe(3 + 5);
  expect(Object.keys(out.requests[0].responseHeaders)).toHaveLength(STORED_LIMITS.headersPerRequest);
  expect(out.requests[0].responseHeaders.h0).toHaveLength(STORED_LIMITS.headerChars + 1);
  expect(out.console).toHaveLength(STORED_LIMITS.consoleMessages);
  expect(out.console[0].text).toHaveLength(STORED_LIMITS.consoleChars + 1);
});
