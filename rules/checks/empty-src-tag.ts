import { type Check, verdict } from '../check.js';

const check: Check<'dom'> = {
  id: 'empty-src-tag',
  version: '1.0.0',
  title: 'No element with an empty src or href',
  practices: ['RWEB_0009'],
  requiredArtifacts: ['dom'],
  description: 'Counts <img>, <script> and stylesheet <link> elements whose src/href is empty: browsers may request the page itself again.',
  advice: 'Remove the attribute or the element, or fill it with the intended URL.',
  source: 'GreenIT-Analysis-cli EmptySrcTag (A = 0, C ≥ 1; the extension has no such rule, the referential no threshold)',
  judge(a) {
    const found = a.dom.emptySrcElements;
    return verdict(check, 'A = 0, C ≥ 1 empty src/href', {
      grade: found.length === 0 ? 'A' : 'C',
      value: found.length,
      evidence: found.map((element) => ({ element, detail: 'empty src/href' })),
    });
  },
};
export default check;
