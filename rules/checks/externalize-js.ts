import { type Check, verdict } from '../check.js';

const check: Check<'dom'> = {
  id: 'externalize-js',
  version: '1.0.0',
  title: 'JavaScript lives in cacheable files',
  practices: ['RWEB_0032'],
  requiredArtifacts: ['dom'],
  description: 'Counts <script> elements with inline code (JSON-LD data excluded), which cannot be cached across pages.',
  advice: 'Move inline scripts into external files shared by the pages.',
  source:
    'GreenIT-Analysis-cli ExternalizeJs (A ≤ 1); RWEB v4 #0041 tolerates 2 (validation ≤ 2, also the extension’s limit)',
  judge(a) {
    const n = a.dom.inlineScriptCount;
    return verdict(check, 'A ≤ 1, B = 2 (RWEB v4 #0041), C ≥ 3 inline scripts', {
      grade: n <= 1 ? 'A' : n <= 2 ? 'B' : 'C',
      value: n,
      evidence: n > 0 ? [{ element: 'script', detail: `${n} inline script(s)`, value: n }] : [],
    });
  },
};
export default check;
