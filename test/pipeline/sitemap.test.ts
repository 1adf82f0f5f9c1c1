import { gzipSync } from 'node:zlib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSitemap, parseSitemapXml } from '../../src/pipeline/sitemap.js';
import { startStaticServer, type StaticServer } from '../../src/util/static-server.js';

const urlset = (locs: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs
    .map((l) => `<url><loc>${l}</loc></url>`)
    .join('')}</urlset>`;

let server: StaticServer;
const bodies: Record<string, string | Buffer> = {};

beforeAll(async () => {
  server = await startStaticServer({
    routes: new Proxy(
      {},
      {
        get: (_t, path: string) =>
          bodies[path] === undefined
            ? undefined
            : (_q: unknown, res: import('node:http').ServerResponse) => {
                res.writeHead(200, { 'content-type': 'application/xml' });
                res.end(bodies[path]);
              },
      },
    ),
  });
  const o = server.origin;
  bodies['/a.xml'] = urlset([`${o}/1`, `${o}/2?x=1&amp;y=2`, `<![CDATA[${o}/3]]>`, 'javascript:alert(1)']);
  bodies['/b.xml.gz'] = gzipSync(urlset([`${o}/4`, `${o}/1`]));
  bodies['/index.xml'] = `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${o}/a.xml</loc></sitemap><sitemap><loc>${o}/b.xml.gz</loc></sitemap><sitemap><loc>${o}/missing.xml</loc></sitemap></sitemapindex>`;
  bodies['/html'] = '<!doctype html><html><body>not a sitemap</body></html>';
  // 1 KB of gzip that inflates to 60 MB: refused past the 50 MB sitemap limit.
  bodies['/bomb.xml.gz'] = gzipSync(Buffer.alloc(60 * 1024 * 1024, 0x20));
});
afterAll(() => server.close());

test('parses <loc> entries with entities and CDATA', () => {
  const p = parseSitemapXml(urlset(['https://e.fr/a?b=1&amp;c=2', '<![CDATA[https://e.fr/c]]>']), 'x');
  expect(p).toEqual({ kind: 'urlset', locs: ['https://e.fr/a?b=1&c=2', 'https://e.fr/c'] });
});

test('follows a sitemap index, gunzips, deduplicates, and survives a broken child', async () => {
  const o = server.origin;
  const r = await loadSitemap(`${o}/index.xml`);
  expect(r.urls).toEqual([`${o}/1`, `${o}/2?x=1&y=2`, `${o}/3`, `${o}/4`]);
  expect(r.warnings.join('\n')).toMatch(/javascript:alert\(1\)" is not an http\(s\) URL/);
  expect(r.warnings.join('\n')).toMatch(/missing\.xml answered HTTP 404/);
});

test('reads a sitemap file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'numresp-sitemap-'));
  writeFileSync(join(dir, 's.xml'), urlset(['https://e.fr/x']));
  expect((await loadSitemap(join(dir, 's.xml'))).urls).toEqual(['https://e.fr/x']);
});

test('refuses what is not a sitemap, and a zip bomb', async () => {
  await expect(loadSitemap(`${server.origin}/html`)).rejects.toThrow(/is not a sitemap/);
  await expect(loadSitemap(`${server.origin}/bomb.xml.gz`)).rejects.toThrow(/inflates to more than/);
  await expect(loadSitemap('/nonexistent/sitemap.xml')).rejects.toThrow(/cannot read sitemap .*ENOENT/);
});
