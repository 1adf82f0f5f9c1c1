import { checkById, judgePage, type Check } from '../../rules/index.js';
import { verdict } from '../../rules/check.js';
import type { RuleResult } from '../../src/model/rules.js';
import { PAGE, css, doc, image, img, js, many, page, req } from './factory.js';

function run(id: string, a = page()): RuleResult {
  // Through judgePage, as the pipeline judges: the check sees only the artifacts it declared.
  return judgePage(a, [checkById(id)!])[0];
}

describe('checks beyond GreenIT-Analysis, on artifact objects', () => {
  test('unused-css / unused-js report files over 10 / 20 KiB unused; missing coverage is an error', () => {
    const coverage = [
      { url: PAGE + 'big.css', kind: 'css' as const, totalBytes: 50_000, usedBytes: 10_000 },
      { url: PAGE + 'ok.css', kind: 'css' as const, totalBytes: 20_000, usedBytes: 10_000 },
      { url: PAGE + 'app.js', kind: 'js' as const, totalBytes: 30_000, usedBytes: 10_000 },
    ];
    const css = run('unused-css', page({ coverage }));
    // 40,000 B unused > 10,240; 10,000 B ≤ 10,240 is ignored.
    expect(css).toMatchObject({ grade: 'C', value: 40_000 });
    expect(css.evidence).toHaveLength(1);
    // 20,000 B unused ≤ 20,480 → ignored.
    expect(run('unused-js', page({ coverage }))).toMatchObject({ grade: 'A', value: 0 });
    expect(run('unused-js', page({ coverage: null }))).toMatchObject({ status: 'error' });
  });

  test('lazy-loading flags eager images below the first screen', () => {
    const below = img({ src: PAGE + 'low.jpg', currentSrc: PAGE + 'low.jpg', top: 1080 });
    const r = run('lazy-loading', page({ dom: { images: [img(), below, img({ top: 3000, loading: 'lazy' })] } }));
    expect(r).toMatchObject({ grade: 'C', value: 1 });
    expect(r.evidence[0].url).toBe(PAGE + 'low.jpg');
    expect(run('lazy-loading', page({ dom: { images: [img()] } })).status).toBe('not-applicable');
  });

  test('image-formats flags JPEG/PNG of 8 KiB or more', () => {
    const a = page({ requests: [doc(), image('a.jpg', 'image/jpeg', 8192), image('b.png', 'image/png', 8191), image('c.webp', 'image/webp', 90_000)] });
    expect(run('image-formats', a)).toMatchObject({ grade: 'C', value: 1 });
  });

  test('autoplay-media', () => {
    const media = [{ tag: 'video', src: PAGE + 'v.mp4', autoplay: true, muted: true, preload: 'auto' }, { tag: 'audio', src: '', autoplay: false, muted: false, preload: 'none' }];
    expect(run('autoplay-media', page({ dom: { media } }))).toMatchObject({ grade: 'C', value: 1 });
    expect(run('autoplay-media', page({ dom: { media: media.slice(1) } }))).toMatchObject({ grade: 'A' });
  });

  test('third-party: B for third-party images or fonts, C for third-party scripts; own subdomains are first party', () => {
    const own = req({ url: 'https://static.example.test/a.png', transferBytes: 5000 });
    const font = req({ url: 'https://fonts.cdn.test/f.woff2', resourceType: 'font', transferBytes: 20_000 });
    expect(run('third-party', page({ requests: [doc(), own] }))).toMatchObject({ grade: 'A', value: 0 });
    expect(run('third-party', page({ requests: [doc(), own, font] }))).toMatchObject({ grade: 'B', value: 1 });
    const r = run('third-party', page({ requests: [doc(), font, js('x', { url: 'https://cdn.other.test/lib.js', transferBytes: 30_000 })] }));
    expect(r).toMatchObject({ grade: 'C', value: 2 });
    expect(r.evidence[0].value).toBe(30_000);
  });

  test('web-font-format flags fonts that are not WOFF2', () => {
    const a = page({ requests: [doc(), req({ url: PAGE + 'a.woff2', resourceType: 'font' }), req({ url: PAGE + 'b.ttf', resourceType: 'font', mimeType: 'font/ttf' })] });
    expect(run('web-font-format', a)).toMatchObject({ grade: 'C', value: 1 });
  });

  test('dom-size: A ≤ 818, B ≤ 1400, C above', () => {
    expect(run('dom-size', page({ dom: { elementCount: 818 } })).grade).toBe('A');
    expect(run('dom-size', page({ dom: { elementCount: 1400 } })).grade).toBe('B');
    expect(run('dom-size', page({ dom: { elementCount: 1401 } })).grade).toBe('C');
  });

  test('page-weight: A ≤ 2667 KiB, B ≤ 4000 KiB', () => {
    const weigh = (bytes: number) => page({ requests: [doc({ transferBytes: bytes })] });
    expect(run('page-weight', weigh(2667 * 1024))).toMatchObject({ grade: 'A', value: 2_731_008 });
    expect(run('page-weight', weigh(2667 * 1024 + 1)).grade).toBe('B');
    expect(run('page-weight', weigh(4000 * 1024 + 1)).grade).toBe('C');
  });

  test('iframes: B when all lazy, C when one is eager', () => {
    expect(run('iframes', page({ dom: { iframes: [{ src: PAGE + 'f', loading: 'lazy' }] } })).grade).toBe('B');
    expect(run('iframes', page({ dom: { iframes: [{ src: PAGE + 'f', loading: 'lazy' }, { src: PAGE + 'g', loading: '' }] } }))).toMatchObject({ grade: 'C', value: 2 });
  });

  test('console-errors counts errors, warnings and uncaught exceptions, not logs', () => {
    const console = [
      { type: 'log', text: 'hello', url: null },
      { type: 'error', text: 'Failed to load resource', url: PAGE + 'x' },
      { type: 'pageerror', text: 'ReferenceError: foo is not defined', url: null },
    ];
    expect(run('console-errors', page({ console }))).toMatchObject({ grade: 'C', value: 2 });
  });

  test('html-cache-policy needs reuse and a validator on the HTML', () => {
    expect(run('html-cache-policy').grade).toBe('A');
    expect(run('html-cache-policy', page({ requests: [doc({ responseHeaders: { 'cache-control': 'no-store', etag: '"x"' } })] })).grade).toBe('B');
    expect(run('html-cache-policy', page({ requests: [doc({ responseHeaders: { 'cache-control': 'private, max-age=0' } })] }))).toMatchObject({ grade: 'C', value: 0 });
  });

  test('carousels: B for one manual carousel, C for an automatic one', () => {
    expect(run('carousels', page({ dom: { carousels: [{ selector: '.slider', autoplay: false }] } })).grade).toBe('B');
    expect(run('carousels', page({ dom: { carousels: [{ selector: '.slider', autoplay: true }] } })).grade).toBe('C');
  });

  test('infinite-scroll warns when the DOM grows by ≥ 50 elements and ≥ 10 % on scroll', () => {
    expect(run('infinite-scroll', page({ dom: { elementCountBeforeScroll: 400, elementCount: 449 } })).grade).toBe('A');
    expect(run('infinite-scroll', page({ dom: { elementCountBeforeScroll: 400, elementCount: 450 } }))).toMatchObject({ grade: 'B', status: 'warn', value: 50 });
    expect(run('infinite-scroll', page({ dom: { elementCountBeforeScroll: 1000, elementCount: 1099 } })).grade).toBe('A');
  });

  test('raster-images: ≤ 5 bitmap images per URL', () => {
    const imgs = (n: number) => page({ requests: [doc(), ...many(n, (i) => image(`i${i}.webp`, 'image/webp', 100))] });
    expect(run('raster-images', imgs(5))).toMatchObject({ grade: 'A', value: 5 });
    expect(run('raster-images', imgs(6))).toMatchObject({ grade: 'C', value: 6 });
  });

  test('page-title and analytics-tools', () => {
    expect(run('page-title', page({ dom: { title: '  ' } })).grade).toBe('C');
    const tools = [req({ url: 'https://www.googletagmanager.com/gtm.js?id=GTM-1' }), req({ url: 'https://stats.example.test/matomo.js' })];
    expect(run('analytics-tools', page({ requests: [doc(), tools[1]] }))).toMatchObject({ grade: 'B', value: 1 });
    expect(run('analytics-tools', page({ requests: [doc(), ...tools] }))).toMatchObject({ grade: 'C', value: 2 });
  });
});

describe('a check sees exactly the artifacts it declares (Check<K>)', () => {
  const sneaky: Check<'dom'> = {
    id: 'sneaky',
    version: '0.0.0',
    title: 'reads what it did not declare',
    practices: [],
    requiredArtifacts: ['dom'],
    description: '',
    advice: '',
    source: 'test',
    judge(a) {
      // @ts-expect-error requests were not declared: the type of a has no such key
      const requests: unknown[] = a.requests;
      return verdict(sneaky, 'test', { grade: 'A', value: requests.length + a.dom.elementCount });
    },
  };

  test('an undeclared artifact is absent at run time too: the result is an error, never a silent read', () => {
    const [r] = judgePage(page(), [sneaky]);
    expect(r).toMatchObject({ id: 'sneaky', status: 'error', message: expect.stringMatching(/^check failed: .*length/) });
  });

  test('every shipped check judges the full factory page without error once given only what it declares', () => {
    const errors = judgePage(page()).filter((r) => r.status === 'error');
    expect(errors).toEqual([]);
  });
});
