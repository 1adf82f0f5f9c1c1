import { type Check, kb, notApplicable, verdict } from '../check.js';
import { bodyBytes, contentType, isFont } from '../http.js';

const check: Check<'requests'> = {
  id: 'web-font-format',
  version: '1.0.0',
  title: 'Web fonts use WOFF2',
  practices: ['RWEB_0029'],
  requiredArtifacts: ['requests'],
  description: 'Finds downloaded font files that are not WOFF2 (TTF, OTF, EOT, WOFF), which weigh more for the same glyphs.',
  advice: 'Convert fonts to WOFF2 and subset them to the characters used.',
  source: 'WOFF2 is the compressed web-font format (W3C WOFF 2.0 Recommendation); RWEB v4 #0032 asks to limit downloaded fonts',
  judge(a) {
    const fonts = a.requests.filter((r) => !r.failed && isFont(r));
    if (fonts.length === 0) return notApplicable(check, 'no web font');
    const old = fonts.filter((r) => !(/woff2/.test(contentType(r)) || /\.woff2(\?|#|$)/i.test(r.url)));
    return verdict(check, 'A = 0, C ≥ 1 fonts not in WOFF2', {
      grade: old.length === 0 ? 'A' : 'C',
      value: old.length,
      evidence: old.map((r) => ({ url: r.url.slice(0, 200), detail: `${contentType(r) || 'font'}, ${kb(bodyBytes(r))}`, value: bodyBytes(r) })),
    });
  },
};
export default check;
