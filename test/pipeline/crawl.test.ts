import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crawl, extractLinks } from '../../src/pipeline/crawl.js';
import { startStaticServer, type StaticServer } from '../../src/util/static-server.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'sites', 'multi');
let site: StaticServer;
beforeAll(async () => {
  site = await startStaticServer({ root });
});
afterAll(() => site.close());

test('extractLinks resolves hrefs against the page and <base>', () => {
  const html = `<base href="/docs/"><a href="a.html">a</a><a class=x href='b.html#top'>b</a><area href=c.html><a href="mailto:x@y">m</a>`;
  expect(extractLinks(html, 'https://e.fr/index.html')).toEqual(['https://e.fr/docs/a.html', 'https://e.fr/docs/b.html', 'https://e.fr/docs/c.html']);
});

test('crawls same-origin links breadth first and respects robots.txt', async () => {
  const r = await crawl([`${site.origin}/index.html`], { depth: 1, maxPages: 10, respectRobots: true });
  expect(r.urls).toEqual(['index', 'p1', 'p2', 'p3'].map((p) => `${site.origin}/${p}.html`));
  const all = await crawl([`${site.origin}/index.html`], { depth: 1, maxPages: 10, respectRobots: false });
  expect(all.urls).toContain(`${site.origin}/private/secret.html`);
});

test('depth 0 keeps the start pages; maxPages caps the crawl', async () => {
  expect((await crawl([`${site.origin}/p2.html`], { depth: 0, maxPages: 10, respectRobots: true })).urls).toEqual([`${site.origin}/p2.html`]);
  expect((await crawl([`${site.origin}/index.html`], { depth: 3, maxPages: 2, respectRobots: true })).urls).toHaveLength(2);
});
