import { type Check, verdict } from '../check.js';

const check: Check<'dom'> = {
  id: 'externalize-css',
  version: '1.0.0',
  title: 'CSS lives in cacheable files',
  practices: ['RWEB_0032'],
  requiredArtifacts: ['dom'],
  description:
    'Counts inline styles as the collector reports them (<style> blocks and style attributes), which are downloaded ' +
    'again with every page instead of being cached.',
  advice: 'Move inline styles into an external stylesheet shared by the pages.',
  source:
    'GreenIT-Analysis-cli ExternalizeCss (A = 0); RWEB v4 #0041 tolerates 2 (validation ≤ 2, also the extension’s limit)',
  judge(a) {
    const n = a.dom.inlineStyleCount;
    return verdict(check, 'A = 0, B ≤ 2 (RWEB v4 #0041), C ≥ 3 inline <style>', {
      grade: n === 0 ? 'A' : n <= 2 ? 'B' : 'C',
      value: n,
      evidence: n > 0 ? [{ element: 'style', detail: `${n} inline <style> block(s)`, value: n }] : [],
    });
  },
};
export default check;
