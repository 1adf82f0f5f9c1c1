import { checkById, judgePage } from '../../rules/index.js';
import type { RuleResult } from '../../src/model/rules.js';
import { PAGE, cached, css, doc, image, img, js, many, page, req } from './factory.js';

function run(id: string, a = page()): RuleResult {
  const check = checkById(id);
  if (!check) throw new Error(`no check ${id}`);
  // Through judgePage, as the pipeline judges: the check sees only the artifacts it declared.
  return judgePage(a, [check])[0];
}

describe('GreenIT-Analysis checks on artifact objects', () => {
  test('the clean page passes every check or finds it not applicable', () => {
    const bad = judgePage(page()).filter((r) => r.status !== 'pass' && r.status !== 'not-applicable');
    expect(bad).toEqual([]);
  });

  test('add-expires-or-cache-control-headers counts static files without a usable cache header', () => {
    const a = page({
      requests: [
        doc(),
        css('ok.css'),
        css('none.css', { responseHeaders: { 'content-type': 'text/css' } }),
        js('nostore.js', { responseHeaders: { 'cache-control': 'no-store' } }),
        image('old.png', 'image/png', 500, {
          responseHeaders: { 'cache-control': 'public', date: 'Sat, 28 Nov 2026 10:00:00 GMT', expires: 'Fri, 27 Nov 2026 10:00:00 GMT' },
        }),
        image('zero.png', 'image/png', 500, { responseHeaders: { 'cache-control': 'max-age=0' } }),
      ],
    });
    const r = run('add-expires-or-cache-control-headers', a);
    expect(r).toMatchObject({ status: 'fail', grade: 'C', value: 4, practices: ['RWEB_0101', 'RWEB_0099'] });
    expect(r.evidence.map((e) => e.url)).toEqual([PAGE + 'none.css', PAGE + 'nostore.js', PAGE + 'old.png', PAGE + 'zero.png']);
    expect(run('add-expires-or-cache-control-headers', page({ requests: [doc()] })).status).toBe('not-applicable');
  });

  test('compress-http counts text responses over 150 bytes sent without encoding', () => {
    const a = page({
      requests: [
        doc({ responseHeaders: { 'content-type': 'text/html' } }),
        css('a.css'),
        js('tiny.js', { bodyBytes: 150, responseHeaders: {} }),
        req({ url: PAGE + 'api', resourceType: 'fetch', mimeType: 'application/json', bodyBytes: 2000 }),
      ],
    });
    // The HTML and the 2000-byte JSON are uncompressed; the 150-byte script is at the limit and ignored.
    expect(run('compress-http', a)).toMatchObject({ status: 'fail', value: 2 });
  });

  test('domains-number: A ≤ 3, B 4-5, C ≥ 6 hosts', () => {
    const hosts = (n: number) => page({ requests: [doc(), ...many(n - 1, (i) => req({ url: `https://h${i}.test/x` }))] });
    expect(run('domains-number', hosts(3))).toMatchObject({ grade: 'A', value: 3 });
    expect(run('domains-number', hosts(5))).toMatchObject({ grade: 'B', status: 'warn', value: 5 });
    expect(run('domains-number', hosts(6))).toMatchObject({ grade: 'C', status: 'fail', value: 6 });
  });

  test('dont-resize-image-in-browser: B while wasted bytes ≤ 5 % of the page, C above', () => {
    // 400×400 image of 10,000 B shown at 200×200: 3/4 of its pixels are never shown → 7,500 B wasted.
    const shrunk = img({ src: PAGE + 'big.jpg', currentSrc: PAGE + 'big.jpg', naturalWidth: 400, naturalHeight: 400, displayedWidth: 200, displayedHeight: 200 });
    const heavyPage = page({
      requests: [doc({ transferBytes: 140_000 }), image('big.jpg', 'image/jpeg', 10_000)],
      dom: { images: [shrunk] },
    });
    // 7,500 / 150,000 = 5.0 % → still within the referential's 5 %.
    expect(run('dont-resize-image-in-browser', heavyPage)).toMatchObject({ grade: 'B', status: 'warn', value: 5 });
    const lightPage = page({ requests: [doc({ transferBytes: 40_000 }), image('big.jpg', 'image/jpeg', 10_000)], dom: { images: [shrunk] } });
    // 7,500 / 50,000 = 15 %.
    const r = run('dont-resize-image-in-browser', lightPage);
    expect(r).toMatchObject({ grade: 'C', value: 15 });
    expect(r.evidence[0]).toMatchObject({ url: PAGE + 'big.jpg', value: 7500 });
    // A 1 px difference is rounding, not resizing.
    expect(run('dont-resize-image-in-browser', page({ dom: { images: [img({ naturalWidth: 201, naturalHeight: 101 })] } })).grade).toBe('A');
  });

  test('empty-src-tag, plugins, print-stylesheet read DOM counts', () => {
    expect(run('empty-src-tag', page({ dom: { emptySrcElements: ['img', 'script'] } }))).toMatchObject({ grade: 'C', value: 2 });
    expect(run('plugins', page({ dom: { pluginCount: 1 } }))).toMatchObject({ grade: 'C', value: 1, practices: ['RWEB_4039'] });
    expect(run('print-stylesheet', page({ dom: { printStylesheetCount: 0 } }))).toMatchObject({ grade: 'C', value: 0 });
  });

  test('externalize-css and externalize-js tolerate up to 2 inline blocks as B', () => {
    expect(run('externalize-css', page({ dom: { inlineStyleCount: 2 } }))).toMatchObject({ grade: 'B', value: 2 });
    expect(run('externalize-css', page({ dom: { inlineStyleCount: 3 } }))).toMatchObject({ grade: 'C' });
    expect(run('externalize-js', page({ dom: { inlineScriptCount: 1 } }))).toMatchObject({ grade: 'A' });
    expect(run('externalize-js', page({ dom: { inlineScriptCount: 2 } }))).toMatchObject({ grade: 'B' });
    expect(run('externalize-js', page({ dom: { inlineScriptCount: 3 } }))).toMatchObject({ grade: 'C', value: 3 });
  });

  test('http-error counts responses ≥ 400', () => {
    const r = run('http-error', page({ requests: [doc(), req({ url: PAGE + 'gone', status: 404 }), req({ url: PAGE + 'x', status: 500 })] }));
    expect(r).toMatchObject({ grade: 'C', value: 2 });
    expect(r.evidence[0]).toEqual({ url: PAGE + 'gone', detail: 'HTTP 404', value: 404 });
  });

  test('http-requests: A ≤ 26, B ≤ 40, C > 40, data: URIs excluded, omitted requests counted', () => {
    const withN = (n: number, omitted = 0) =>
      page({ requests: [doc(), ...many(n - 1, (i) => req({ url: `${PAGE}r${i}` })), req({ url: 'data:image/png;base64,AA' })], requestsOmitted: omitted });
    expect(run('http-requests', withN(26))).toMatchObject({ grade: 'A', value: 26 });
    expect(run('http-requests', withN(27))).toMatchObject({ grade: 'B', value: 27 });
    expect(run('http-requests', withN(40))).toMatchObject({ grade: 'B', value: 40 });
    expect(run('http-requests', withN(30, 11))).toMatchObject({ grade: 'C', value: 41 });
  });

  test('image-downloaded-not-displayed: ≥ 10,000 px rendered 0×0', () => {
    const hidden = img({ src: PAGE + 'h.png', currentSrc: PAGE + 'h.png', naturalWidth: 100, naturalHeight: 100, displayedWidth: 0, displayedHeight: 0 });
    const icon = img({ naturalWidth: 99, naturalHeight: 100, displayedWidth: 0, displayedHeight: 0 });
    expect(run('image-downloaded-not-displayed', page({ dom: { images: [hidden, icon, hidden] } }))).toMatchObject({ grade: 'C', value: 1 });
    expect(run('image-downloaded-not-displayed', page({ dom: { images: [icon] } }))).toMatchObject({ grade: 'A', value: 0 });
  });

  test('js-validate counts scripts with a syntax error', () => {
    const broken = js('b.js', { text: { chars: 10, lineBreaks: 0, semicolons: 0, spaceBeforeTag: 0, syntaxError: 'Unexpected token )' } });
    const r = run('js-validate', page({ requests: [doc(), js('a.js'), broken] }));
    expect(r).toMatchObject({ grade: 'C', value: 1 });
    expect(r.evidence[0]).toEqual({ url: PAGE + 'b.js', detail: 'Unexpected token )' });
  });

  test('max-cookies-length: A ≤ 512, B ≤ 1024, C above', () => {
    const withCookie = (n: number) => page({ requests: [doc({ requestHeaders: { cookie: 'x'.repeat(n) } })] });
    expect(run('max-cookies-length', withCookie(512)).grade).toBe('A');
    expect(run('max-cookies-length', withCookie(1024))).toMatchObject({ grade: 'B', value: 1024 });
    expect(run('max-cookies-length', withCookie(1025)).grade).toBe('C');
  });

  test('minified-css / minified-js use the line heuristic', () => {
    // 3,000 chars on 100 lines with 100 semicolons: 1 semicolon per line → not minified.
    const pretty = { chars: 3000, lineBreaks: 100, semicolons: 100, spaceBeforeTag: 0 };
    // 30,000 chars on 10 lines with 500 semicolons: 50 per line, breaks 0.03 % of chars → minified.
    const dense = { chars: 30000, lineBreaks: 10, semicolons: 500, spaceBeforeTag: 0 };
    expect(run('minified-css', page({ requests: [doc(), css('p.css', { text: pretty }), css('d.css', { text: dense })] }))).toMatchObject({ grade: 'C', value: 1 });
    expect(run('minified-js', page({ requests: [doc(), js('d.js', { text: dense })] }))).toMatchObject({ grade: 'A', value: 0 });
    expect(run('minified-js', page({ requests: [doc(), js('p.js', { text: pretty })] }))).toMatchObject({ grade: 'C', value: 1 });
  });

  test('no-cookie-for-static-resources counts domains: B = 1 (RWEB ≤ 1), C ≥ 2', () => {
    const withCookie = (url: string) => image('', 'image/png', 100, { url, requestHeaders: { cookie: 'sid=123' } });
    const one = run('no-cookie-for-static-resources', page({ requests: [doc(), withCookie(PAGE + 'a.png'), withCookie(PAGE + 'b.png')] }));
    // 2 requests × (7 characters + 7 bytes of header overhead) = 28 B.
    expect(one).toMatchObject({ grade: 'B', value: 1 });
    expect(one.evidence[0].value).toBe(28);
    expect(run('no-cookie-for-static-resources', page({ requests: [doc(), withCookie(PAGE + 'a.png'), withCookie('https://cdn.test/b.png')] })).grade).toBe('C');
  });

  test('cookie checks rebuild the Cookie header from the page cookies when it was not captured', () => {
    const cookie = (name: string, domain: string, size: number, secure = false) => ({ name, domain, size, httpOnly: false, secure, sameSite: null, expires: -1 });
    // "session" + 600-character value: CDP size 607; header "session=…" = 608 characters.
    const cookies = [cookie('session', 'www.example.test', 607), cookie('other', 'elsewhere.test', 50), cookie('s', '.example.test', 20, true)];
    const a = page({ requests: [doc(), image('a.png', 'image/png', 100), image('b.png', 'image/png', 100)], cookies });
    // Over https the secure domain cookie travels too: "session=…; s=…" = 608 + 2 + 21 = 631 characters.
    expect(run('max-cookies-length', a)).toMatchObject({ grade: 'B', value: 631 });
    const r = run('no-cookie-for-static-resources', a);
    expect(r).toMatchObject({ grade: 'B', value: 1 });
    expect(r.evidence[0].value).toBe(2 * (631 + 7));
    // Over plain http the secure cookie stays home: 608.
    const plain = page({ url: 'http://www.example.test/', finalUrl: 'http://www.example.test/', requests: [doc({ url: 'http://www.example.test/' })], cookies });
    expect(run('max-cookies-length', plain).value).toBe(608);
  });

  test('no-redirect: A ≤ 1, C ≥ 2, 308 counted', () => {
    const hop = (i: number, status: number) => req({ url: `${PAGE}r${i}`, status, redirectTo: `${PAGE}t${i}` });
    expect(run('no-redirect', page({ requests: [hop(1, 301), doc()] }))).toMatchObject({ grade: 'A', value: 1 });
    expect(run('no-redirect', page({ requests: [hop(1, 301), hop(2, 308), doc()] }))).toMatchObject({ grade: 'C', value: 2 });
  });

  test('optimize-bitmap-images estimates savings against pixels/5 bytes', () => {
    // JPEG 1000×1000 px, 300,000 B: target 1,000,000/5 = 200,000 B → saving 100,000 B ≥ 50 KB → C.
    const big = image('p.jpg', 'image/jpeg', 300_000, { imagePixels: { width: 1000, height: 1000 } });
    // JPEG 200×200, 20,000 B: target max(8,000, 10,000) = 10,000 → saving 10,000 B < 50 KB → B.
    const mid = image('m.jpg', 'image/jpeg', 20_000, { imagePixels: { width: 200, height: 200 } });
    // PNG of 40,000 B: palette formats under 50 KB count as optimised.
    const png = image('s.png', 'image/png', 40_000, { imagePixels: { width: 1000, height: 1000 } });
    expect(run('optimize-bitmap-images', page({ requests: [doc(), big, mid, png] }))).toMatchObject({ grade: 'C', value: 110_000 });
    expect(run('optimize-bitmap-images', page({ requests: [doc(), mid, png] }))).toMatchObject({ grade: 'B', value: 10_000 });
    expect(run('optimize-bitmap-images', page({ requests: [doc(), png] }))).toMatchObject({ grade: 'A', value: 0 });
  });

  test('optimize-svg sums pretty-printed SVG of 1 KB or more', () => {
    const svg = (name: string, chars: number, spaces: number) =>
      req({ url: PAGE + name, resourceType: 'image', mimeType: 'image/svg+xml', text: { chars, lineBreaks: 10, semicolons: 0, spaceBeforeTag: spaces } });
    expect(run('optimize-svg', page({ requests: [doc(), svg('a.svg', 5000, 3), svg('b.svg', 999, 3), svg('c.svg', 9000, 0)] }))).toMatchObject({ grade: 'B', value: 5000 });
    expect(run('optimize-svg', page({ requests: [doc(), svg('a.svg', 12000, 3), svg('d.svg', 8000, 1)] }))).toMatchObject({ grade: 'C', value: 20000 });
  });

  test('social-network-button recognises official widgets', () => {
    const r = run('social-network-button', page({ requests: [doc(), req({ url: 'https://platform.twitter.com/widgets.js', resourceType: 'script' }), req({ url: 'https://connect.facebook.net/fr_FR/sdk.js' })] }));
    expect(r).toMatchObject({ grade: 'C', value: 2 });
  });

  test('style-sheets: A ≤ 7, B ≤ 10, C ≥ 11 distinct CSS URLs', () => {
    const sheets = (n: number) => page({ requests: [doc(), ...many(n, (i) => css(`s${i}.css`)), css('s0.css')] });
    expect(run('style-sheets', sheets(7))).toMatchObject({ grade: 'A', value: 7 });
    expect(run('style-sheets', sheets(10))).toMatchObject({ grade: 'B', value: 10 });
    expect(run('style-sheets', sheets(11))).toMatchObject({ grade: 'C', value: 11 });
  });

  test('use-etags measures the share of static bytes with an ETag', () => {
    const noEtag = (bytes: number) => image('n.png', 'image/png', bytes, { responseHeaders: { 'cache-control': 'max-age=9' } });
    const tagged = (bytes: number) => image('t.png', 'image/png', bytes);
    // 9,000 of 10,000 static bytes tagged → 90 % → B; 9,400 of 10,000 → 94 % → B; 95 % → A.
    expect(run('use-etags', page({ requests: [doc(), noEtag(1000), tagged(9000)] }))).toMatchObject({ grade: 'B', value: 90 });
    expect(run('use-etags', page({ requests: [doc(), noEtag(500), tagged(9500)] }))).toMatchObject({ grade: 'A', value: 95 });
    expect(run('use-etags', page({ requests: [doc(), noEtag(1100), tagged(8900)] }))).toMatchObject({ grade: 'C', value: 89 });
  });

  test('use-standard-typefaces: A ≤ 1, B = 2, C ≥ 3 font files', () => {
    const fonts = (n: number) => page({ requests: [doc(), ...many(n, (i) => req({ url: `${PAGE}f${i}.woff2`, resourceType: 'font', mimeType: 'font/woff2' }))] });
    expect(run('use-standard-typefaces', fonts(1)).grade).toBe('A');
    expect(run('use-standard-typefaces', fonts(2))).toMatchObject({ grade: 'B', value: 2 });
    expect(run('use-standard-typefaces', fonts(3)).grade).toBe('C');
  });

  test('use-http2 flags HTTP/1.x responses by host', () => {
    const r = run('use-http2', page({ requests: [doc({ protocol: 'http/1.1' }), css('a.css', { protocol: 'h3' }), js('a.js', { protocol: 'http/1.1' })] }));
    expect(r).toMatchObject({ grade: 'C', value: 2 });
    expect(r.evidence).toHaveLength(1);
  });

  test('use-http2 cannot judge http:// or loopback origins: not applicable with the reason', () => {
    for (const origin of ['http://example.org/', 'https://127.0.0.1:8443/', 'https://localhost/', 'https://[::1]/']) {
      const r = run('use-http2', page({ requests: [doc({ url: origin, protocol: 'http/1.1' }), js('a.js', { url: origin + 'a.js', protocol: 'http/1.1' })] }));
      expect(r.status).toBe('not-applicable');
      expect(r.message).toMatch(/http:\/\/ or loopback origin/);
    }
  });
});
