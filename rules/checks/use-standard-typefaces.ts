import { type Check, gradeAtMost, kb, verdict } from '../check.js';
import { bodyBytes, isFont } from '../http.js';

const check: Check<'requests'> = {
  id: 'use-standard-typefaces',
  version: '1.0.0',
  title: 'Few downloaded fonts',
  practices: ['RWEB_0029'],
  requiredArtifacts: ['requests'],
  description: 'Counts web-font files the page downloads (font types, or .woff/.woff2/.ttf/.otf/.eot URLs), data: URIs included.',
  advice: 'Prefer system font stacks; keep at most two font files, subset them.',
  source: 'GreenIT-Analysis UseStandardTypefaces, extension scale (A ≤ 1, B = 2, C ≥ 3 files); RWEB v4 #0032: ≤ 2',
  judge(a) {
    const fonts = a.requests.filter((r) => !r.failed && isFont(r));
    const urls = [...new Map(fonts.map((r) => [r.url, r])).values()];
    return verdict(check, 'A ≤ 1, B = 2 (RWEB v4 #0032: ≤ 2), C ≥ 3 font files', {
      grade: gradeAtMost(urls.length, 1, 2),
      value: urls.length,
      evidence: urls.map((r) => ({ url: r.url.slice(0, 200), detail: `font, ${kb(bodyBytes(r))}`, value: bodyBytes(r) })),
    });
  },
};
export default check;
