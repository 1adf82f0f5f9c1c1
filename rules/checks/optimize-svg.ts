import { type Check, kb, notApplicable, verdict } from '../check.js';
import { isSvg, responses } from '../http.js';

/** GreenIT-Analysis OptimizeSvg looks at SVG files of 1 KB or more. */
const MIN_CHARS = 1000;

const check: Check<'requests'> = {
  id: 'optimize-svg',
  version: '1.0.0',
  title: 'SVG files are optimised',
  practices: ['RWEB_0036'],
  requiredArtifacts: ['requests'],
  description: 'Finds SVG files of 1 KB or more whose source is still pretty-printed (a space before a tag) and sums their size.',
  advice: 'Run SVGO (or an equivalent) on SVG files before publishing.',
  source: 'GreenIT-Analysis OptimizeSvg, extension scale (A none, B < 20 KB, C ≥ 20 KB); no referential threshold',
  judge(a) {
    const svgs = responses(a.requests).filter((r) => isSvg(r) && r.text);
    if (svgs.length === 0) return notApplicable(check, 'no SVG file body was captured');
    const plain = svgs.filter((r) => r.text!.chars >= MIN_CHARS && r.text!.spaceBeforeTag > 0);
    const total = plain.reduce((s, r) => s + r.text!.chars, 0);
    return verdict(check, 'A = none, B < 20 KB, C ≥ 20 KB of unoptimised SVG', {
      grade: plain.length === 0 ? 'A' : total < 20_000 ? 'B' : 'C',
      value: total,
      evidence: plain.map((r) => ({ url: r.url, detail: `${kb(r.text!.chars)} with formatting whitespace`, value: r.text!.chars })),
    });
  },
};
export default check;
