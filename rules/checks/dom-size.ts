import { type Check, gradeAtMost, verdict } from '../check.js';

const check: Check<'dom'> = {
  id: 'dom-size',
  version: '1.0.0',
  title: 'Small DOM',
  practices: ['RWEB_0005'],
  requiredArtifacts: ['dom'],
  description: 'Counts the page’s elements (outside <svg>, as EcoIndex counts them): a large DOM costs memory and CPU on every device.',
  advice: 'Simplify templates, paginate long lists, avoid wrapper elements.',
  source: 'Lighthouse 12 dom-size scoring curve (p10 818, median 1400 elements)',
  judge(a) {
    const n = a.dom.elementCount;
    return verdict(check, 'A ≤ 818, B ≤ 1400, C > 1400 elements', { grade: gradeAtMost(n, 818, 1400), value: n });
  },
};
export default check;
