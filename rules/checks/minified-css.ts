import { type Check, kb, notApplicable, verdict } from '../check.js';
import { isCss, responses } from '../http.js';
import { looksMinified } from '../minified.js';

const check: Check<'requests'> = {
  id: 'minified-css',
  version: '1.0.0',
  title: 'Stylesheets are minified',
  practices: ['RWEB_0077'],
  requiredArtifacts: ['requests'],
  description: 'Counts stylesheets that look hand-formatted: many short lines rather than a few long ones.',
  advice: 'Minify CSS in the build (e.g. with the bundler’s CSS minifier).',
  source: 'GreenIT-Analysis MinifiedCss (heuristic); RWEB v4 #0077 validation: 0 non-minified files',
  judge(a) {
    const files = responses(a.requests).filter((r) => isCss(r) && r.text);
    if (files.length === 0) return notApplicable(check, 'no stylesheet body was captured');
    const plain = files.filter((r) => !looksMinified(r.text!));
    return verdict(check, 'A = 0, C ≥ 1 non-minified stylesheets (RWEB v4 #0077: 0)', {
      grade: plain.length === 0 ? 'A' : 'C',
      value: plain.length,
      evidence: plain.map((r) => ({ url: r.url, detail: `${r.text!.lineBreaks} lines for ${kb(r.text!.chars)}` })),
    });
  },
};
export default check;
