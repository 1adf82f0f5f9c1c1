/**
 * How long judging takes next to reading the stored artifacts, per page (the two costs of `practices rerun`).
 * Run by hand: npx tsc -p . && node dist/bench/rules/judge.js [pages]
 * Baseline = inflate + JSON.parse + zod validation of one page's stored artifacts; reported as ratios to it.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { judgePage } from '../../rules/index.js';
import { ARTIFACTS_SCHEMA_VERSION, type NetworkRequest, type PageArtifacts, PageArtifactsSchema } from '../../src/model/artifacts.js';

const pages = Number(process.argv[2] ?? 300);
const origin = 'https://www.example.test';

/** A heavy but plausible page: 150 requests on 6 hosts, 80 images, 30 coverage entries, 40 console lines. */
function artifacts(seed: number): PageArtifacts {
  const requests: NetworkRequest[] = Array.from({ length: 150 }, (_, i) => {
    const kind = ['image', 'script', 'stylesheet', 'font', 'fetch'][i % 5];
    const mime = { image: 'image/jpeg', script: 'application/javascript', stylesheet: 'text/css', font: 'font/woff2', fetch: 'application/json' }[kind]!;
    return {
      url: `https://h${i % 6}.example.test/${kind}/${seed}-${i}`,
      method: 'GET',
      resourceType: kind,
      status: i % 37 === 0 ? 404 : 200,
      mimeType: mime,
      protocol: i % 2 ? 'h2' : 'http/1.1',
      requestHeaders: { cookie: 'sid=' + 'x'.repeat(i % 700) },
      responseHeaders: { 'content-type': mime, ...(i % 3 ? { 'cache-control': 'max-age=600', etag: '"e"' } : {}) },
      transferBytes: 1000 + i * 300,
      bodyBytes: 2000 + i * 500,
      fromCache: false,
      failed: false,
      failureText: null,
      text: kind === 'script' || kind === 'stylesheet' ? { chars: 40000, lineBreaks: i * 10, semicolons: 900, spaceBeforeTag: 0, syntaxError: null } : null,
      imagePixels: kind === 'image' ? { width: 800, height: 600 } : null,
    };
  });
  requests.unshift({ ...requests[1], url: origin + '/', resourceType: 'document', mimeType: 'text/html', responseHeaders: { 'content-type': 'text/html' } });
  return {
    schemaVersion: ARTIFACTS_SCHEMA_VERSION,
    url: origin + '/',
    finalUrl: origin + '/',
    requestCountBeforeScroll: 120,
    requests,
    requestsOmitted: 0,
    dom: {
      elementCount: 1500, elementCountBeforeScroll: 1400, title: 't', lang: 'fr', viewportWidth: 1920, viewportHeight: 1080, documentHeight: 9000,
      images: Array.from({ length: 80 }, (_, i) => ({ src: `https://h${i % 6}.example.test/image/${seed}-${i * 5}`, currentSrc: `https://h${i % 6}.example.test/image/${seed}-${i * 5}`, naturalWidth: 800, naturalHeight: 600, displayedWidth: i % 4 ? 400 : 0, displayedHeight: i % 4 ? 300 : 0, loading: i % 2 ? 'lazy' : '', top: i * 200, isSvg: false })),
      imagesOmitted: 0, emptySrcElements: [], inlineStyleCount: 4, inlineScriptCount: 5, pluginCount: 0, printStylesheetCount: 0,
      iframes: [{ src: origin + '/f', loading: '' }], media: [], carousels: [{ selector: '.carousel', autoplay: true }],
    },
    coverage: Array.from({ length: 30 }, (_, i) => ({ url: `${origin}/c${i}`, kind: i % 2 ? 'js' : 'css', totalBytes: 80000, usedBytes: 20000 })),
    cookies: [],
    console: Array.from({ length: 40 }, (_, i) => ({ type: i % 2 ? 'error' : 'log', text: 'message ' + i, url: null })),
  };
}

const stored = Array.from({ length: pages }, (_, i) => deflateSync(JSON.stringify(artifacts(i))));

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

// Warm-up so JIT and zod schema compilation do not land in the first measurement.
for (const b of stored.slice(0, 20)) judgePage(PageArtifactsSchema.parse(JSON.parse(inflateSync(b).toString('utf8'))));

const parsed: PageArtifacts[] = [];
const readMs = time(() => {
  for (const b of stored) parsed.push(PageArtifactsSchema.parse(JSON.parse(inflateSync(b).toString('utf8'))));
});
let results = 0;
const judgeMs = time(() => {
  for (const a of parsed) results += judgePage(a).length;
});

console.log(`pages: ${pages}, stored KB/page: ${(stored.reduce((n, b) => n + b.length, 0) / pages / 1000).toFixed(1)}, results: ${results}`);
console.log(`baseline read (inflate+parse+validate): ${(readMs / pages).toFixed(3)} ms/page`);
console.log(`judgePage (42 checks):                  ${(judgeMs / pages).toFixed(3)} ms/page = ${(judgeMs / readMs).toFixed(2)} × baseline`);
