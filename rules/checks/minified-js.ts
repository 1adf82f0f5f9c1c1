import { type Check, kb, notApplicable, verdict } from '../check.js';
import { isJs, responses } from '../http.js';
import { looksMinified } from '../minified.js';

const check: Check<'requests'> = {
  id: 'minified-js',
  version: '1.0.0',
  title: 'Scripts are minified',
  practices: ['RWEB_0077'],
  requiredArtifacts: ['requests'],
  description: 'Counts scripts that look hand-formatted: many short lines rather than a few long ones.',
  advice: 'Minify JavaScript in the build (e.g. with terser or the bundler’s minifier).',
  source: 'GreenIT-Analysis MinifiedJs (heuristic); RWEB v4 #0077 validation: 0 non-minified files',
  judge(a) {
    const files = responses(a.requests).filter((r) => isJs(r) && r.text);
    if (files.length === 0) return notApplicable(check, 'no script body was captured');
    const plain = files.filter((r) => !looksMinified(r.text!));
    return verdict(check, 'A = 0, C ≥ 1 non-minified scripts (RWEB v4 #0077: 0)', {
      grade: plain.length === 0 ? 'A' : 'C',
      value: plain.length,
      evidence: plain.map((r) => ({ url: r.url, detail: `${r.text!.lineBreaks} lines for ${kb(r.text!.chars)}` })),
    });
  },
};
export default check;
