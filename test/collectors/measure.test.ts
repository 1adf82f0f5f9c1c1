import { readFileSync, readdirSync, statSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, measurePage, type ManagedBrowser } from '../../collectors/browser/index.js';
import { PageArtifactsSchema } from '../../src/model/artifacts.js';
import { startStaticServer, type StaticServer } from '../../src/util/static-server.js';

// Integration: the real Chromium against fixture pages on 127.0.0.1. One browser for the whole file; short waits.
const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'sites');
const FAST = { waitBeforeScrollMs: 200, waitAfterScrollMs: 200, timeoutMs: 15000 };

/** Elements in static HTML counted from its tags (every opening tag, minus those inside <svg>), no browser involved. */
function countElements(html: string): number {
  const withoutSvgInside = html.replace(/<svg\b[^>]*>[\s\S]*?<\/svg>/gi, '<svg>');
  return [...withoutSvgInside.matchAll(/<([a-zA-Z][\w-]*)[\s>/]/g)].length;
}

let browser: ManagedBrowser;
let site: StaticServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  site = await startStaticServer({
    root: join(fixtures, 'basic'),
    routes: {
      '/download.pdf': (_q, res) => {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.end('%PDF-1.4\n%%EOF\n');
      },
      '/loop': (_q, res) => {
        res.writeHead(302, { location: '/loop' });
        res.end();
      },
      '/never': () => undefined,
      '/mobile': (_q, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><meta name="viewport" content="width=device-width"><title>m</title><link rel="icon" href="data:,"><p>m</p>');
      },
      '/dialogs': (_q, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<!doctype html><title>d</title><link rel="icon" href="data:,"><p>x</p>
          <script>alert('hi'); confirm('sure?'); window.open('/'); window.onbeforeunload = () => 'stay';</script>`);
      },
    },
  });
  site.server.on('connection', (s) => sockets.push(s));
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

test('counts DOM, requests and bytes as the fixture holds them', async () => {
  sockets.length = 0;
  const r = await measurePage(browser, { url: `${site.origin}/` }, FAST);
  if (!r.ok) throw new Error(r.error);
  const html = readFileSync(join(fixtures, 'basic', 'index.html'), 'utf8');
  // 16 tags written in index.html, the 3 inside <svg> excluded.
  expect(countElements(html)).toBe(13 + 3);
  expect(r.metrics.dom).toBe(countElements(html));
  // document + style.css + app.js + pixel.png (the icon is a data: URL, not a request).
  expect(r.metrics.requests).toBe(4);
  // Bytes: what the server wrote on its sockets (headers + bodies), counted on the server side.
  const written = sockets.reduce((n, s) => n + s.bytesWritten, 0);
  expect(r.metrics.transferBytes).toBe(written);
  expect(r.metrics.sizeKb).toBeCloseTo(written / 1000, 9);
  // Bodies equal the files on disk.
  const bodies = Object.fromEntries(r.artifacts.requests.map((q) => [new URL(q.url).pathname, q.bodyBytes]));
  for (const f of readdirSync(join(fixtures, 'basic'))) {
    expect(bodies[f === 'index.html' ? '/' : `/${f}`]).toBe(statSync(join(fixtures, 'basic', f)).size);
  }
  expect(r.metrics.byType.image).toEqual({ requests: 1, transferBytes: expect.any(Number) });
  expect(r.artifacts.requestCountBeforeScroll).toBe(4);
  expect(r.artifacts.dom.elementCountBeforeScroll).toBe(r.metrics.dom);
  expect(() => PageArtifactsSchema.parse(r.artifacts)).not.toThrow();
});

test('fills text facts, image pixels and DOM facts', async () => {
  const r = await measurePage(browser, { url: `${site.origin}/` }, FAST);
  if (!r.ok) throw new Error(r.error);
  const byPath = (p: string) => r.artifacts.requests.find((q) => new URL(q.url).pathname === p)!;
  const css = readFileSync(join(fixtures, 'basic', 'style.css'), 'utf8');
  expect(byPath('/style.css').text).toEqual({ chars: css.length, lineBreaks: 2, semicolons: 2, spaceBeforeTag: 0 });
  expect(byPath('/app.js').text?.syntaxError).toBeNull();
  expect(byPath('/pixel.png').imagePixels).toEqual({ width: 40, height: 30 });
  expect(byPath('/style.css').protocol).toBe('http/1.1');
  expect(byPath('/style.css').responseHeaders['content-type']).toMatch(/text\/css/);
  const dom = r.artifacts.dom;
  expect(dom.title).toBe('Fixture basic');
  expect(dom.lang).toBe('fr');
  expect(dom.viewportWidth).toBe(1920);
  expect(dom.images).toHaveLength(1);
  expect(dom.images[0]).toMatchObject({ naturalWidth: 40, naturalHeight: 30, displayedWidth: 10, displayedHeight: 10, loading: '' });
  expect(r.artifacts.coverage?.some((c) => c.kind === 'css' && c.url.endsWith('/style.css'))).toBe(true);
});

test('mobile device uses a phone viewport', async () => {
  const r = await measurePage(browser, { url: `${site.origin}/mobile` }, { ...FAST, device: 'mobile', coverage: false });
  if (!r.ok) throw new Error(r.error);
  expect(r.artifacts.dom.viewportWidth).toBe(412);
  expect(r.artifacts.coverage).toBeNull();
});

test.each([
  ['/missing', 'http-status', /HTTP 404/],
  ['/style.css', 'not-html', /not HTML \(text\/css/],
  ['/download.pdf', 'not-html', /not HTML/],
  ['/loop', 'redirect-loop', /redirects in a loop/],
])('%s is a clear error result (%s)', async (path, code, message) => {
  const r = await measurePage(browser, { url: `${site.origin}${path}` }, FAST);
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.errorCode).toBe(code);
  expect(r.error).toMatch(message);
});

test('an unreachable port and a page that never answers are error results', async () => {
  const closed = await startStaticServer({});
  const port = closed.port;
  await closed.close();
  const r = await measurePage(browser, { url: `http://127.0.0.1:${port}/` }, FAST);
  expect(r).toMatchObject({ ok: false, errorCode: 'unreachable' });
  const t = await measurePage(browser, { url: `${site.origin}/never` }, { ...FAST, timeoutMs: 1500 });
  expect(t).toMatchObject({ ok: false, errorCode: 'timeout' });
});

test('dialogs are dismissed and popups closed', async () => {
  const r = await measurePage(browser, { url: `${site.origin}/dialogs` }, FAST);
  expect(r.ok).toBe(true);
  const pages = await browser.browser.pages();
  // Only the default blank page is left: the measured context and its popup are closed.
  expect(pages.length).toBeLessThanOrEqual(1);
});

test('sends extra headers, cookies and the user agent', async () => {
  const seen: Record<string, string | undefined> = {};
  const echo = await startStaticServer({
    routes: {
      '/': (q, res) => {
        seen.header = q.headers['x-numresp-test'] as string | undefined;
        seen.cookie = q.headers.cookie;
        seen.ua = q.headers['user-agent'];
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>echo</title><link rel="icon" href="data:,">');
      },
    },
  });
  try {
    const r = await measurePage(
      browser,
      {
        url: `${echo.origin}/`,
        access: { headers: { 'X-Numresp-Test': 'yes' }, cookies: [{ name: 'session', value: 'abc' }], userAgent: 'numresp-test/1' },
      },
      FAST,
    );
    expect(r.ok).toBe(true);
    expect(seen).toEqual({ header: 'yes', cookie: 'session=abc', ua: 'numresp-test/1' });
  } finally {
    await echo.close();
  }
});

test('a scripted login opens the protected page; its requests are not counted', async () => {
  const login = await startStaticServer({
    routes: {
      '/login': (_q, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<!doctype html><title>login</title><link rel="icon" href="data:,">
          <form action="/session" method="get"><input name="user" id="user"><button id="go">OK</button></form>`);
      },
      '/session': (q, res) => {
        const ok = new URL(q.url!, 'http://x').searchParams.get('user') === 'marie';
        res.writeHead(302, { location: '/private', ...(ok ? { 'set-cookie': 'auth=1; Path=/' } : {}) });
        res.end();
      },
      '/private': (q, res) => {
        const ok = /auth=1/.test(q.headers.cookie ?? '');
        res.writeHead(ok ? 200 : 401, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>private</title><link rel="icon" href="data:,"><p>secret</p>');
      },
    },
  });
  try {
    const url = `${login.origin}/private`;
    const denied = await measurePage(browser, { url }, FAST);
    expect(denied).toMatchObject({ ok: false, errorCode: 'http-status', httpStatus: 401 });
    const steps = [
      { action: 'goto' as const, url: `${login.origin}/login` },
      { action: 'fill' as const, selector: '#user', value: 'marie' },
      { action: 'click' as const, selector: '#go' },
      { action: 'waitFor' as const, navigation: true },
    ];
    const r = await measurePage(browser, { url, access: { login: steps } }, FAST);
    if (!r.ok) throw new Error(r.error);
    expect(r.title).toBe('private');
    expect(r.metrics.requests).toBe(1);
  } finally {
    await login.close();
  }
});

