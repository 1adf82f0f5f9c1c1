import { type Check, verdict } from '../check.js';

const check: Check<'dom'> = {
  id: 'print-stylesheet',
  version: '1.0.0',
  title: 'A print stylesheet exists',
  practices: ['RWEB_0027'],
  requiredArtifacts: ['dom'],
  description:
    'Counts print styles: stylesheet links or <style> with media="print", and @media print rules in readable ' +
    'stylesheets (as the collector counts them; GreenIT-Analysis sees only the first two).',
  advice: 'Add a print stylesheet that hides navigation, images and ads and uses a compact layout.',
  source: 'GreenIT-Analysis PrintStyleSheet (A ≥ 1, C none)',
  judge(a) {
    const n = a.dom.printStylesheetCount;
    return verdict(check, 'A ≥ 1 print stylesheet, C none', {
      grade: n >= 1 ? 'A' : 'C',
      value: n,
      evidence: n === 0 ? [{ element: 'link[media=print]', detail: 'no print stylesheet found' }] : [],
    });
  },
};
export default check;
