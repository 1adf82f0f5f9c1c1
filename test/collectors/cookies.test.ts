import { launchBrowser, measurePage, type ManagedBrowser } from '../../collectors/browser/index.js';
import { judgePage } from '../../rules/index.js';
import { ProtocolSchema } from '../../src/model/audit.js';
import { startStaticServer, type StaticServer } from '../../src/util/static-server.js';

// The Cookie header Chromium sends is reported by CDP apart from the request (requestWillBeSentExtraInfo): without
// it the cookie checks of GreenIT-Analysis could never fire on a real page.
const COOKIE_VALUE = 'v'.repeat(600);
const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let site: StaticServer;
let browser: ManagedBrowser;
beforeAll(async () => {
  site = await startStaticServer({
    root: process.cwd(),
    routes: {
      '/page': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': `session=${COOKIE_VALUE}; Path=/` });
        res.end('<!doctype html><html lang="fr"><head><title>c</title></head><body><img src="/pixel.png" alt=""></body></html>');
      },
      '/pixel.png': (_req, res) => {
        res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'max-age=86400' });
        res.end(PNG_1PX);
      },
    },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

test('the Cookie header sent with a static resource is recorded and judged', async () => {
  const protocol = ProtocolSchema.parse({ waitBeforeScrollMs: 100, waitAfterScrollMs: 100, timeoutMs: 30000, coverage: false });
  const r = await measurePage(browser, { url: `${site.origin}/page` }, protocol);
  if (!r.ok) throw new Error(r.error);
  const pixel = r.artifacts.requests.find((q) => q.url.endsWith('/pixel.png'))!;
  expect(pixel.requestHeaders.cookie).toBe(`session=${COOKIE_VALUE}`);
  const results = new Map(judgePage(r.artifacts).map((x) => [x.id, x]));
  // 'session=' + 600 characters = 608 > 512: grade B of the GreenIT thresholds (513–1024).
  expect(results.get('max-cookies-length')).toMatchObject({ grade: 'B', value: 608 });
  expect(results.get('no-cookie-for-static-resources')!.grade).not.toBe('A');
}, 60000);
