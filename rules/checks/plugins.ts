import { type Check, verdict } from '../check.js';

const check: Check<'dom'> = {
  id: 'plugins',
  version: '1.0.0',
  title: 'No plugin content',
  // No current RWEB sheet covers plugins (the Flash practice left in v4); <object>/<embed> today mostly embed
  // documents, which RWEB_4039 asks not to display inside pages.
  practices: ['RWEB_4039'],
  requiredArtifacts: ['dom'],
  description: 'Counts <object> and <embed> elements.',
  advice: 'Replace embedded objects with native HTML (video, img) or a plain link to the document.',
  source: 'GreenIT-Analysis Plugins (A = 0, C ≥ 1; no referential threshold)',
  judge(a) {
    const n = a.dom.pluginCount;
    return verdict(check, 'A = 0, C ≥ 1 <object>/<embed>', {
      grade: n === 0 ? 'A' : 'C',
      value: n,
      evidence: n > 0 ? [{ element: 'object, embed', detail: `${n} plugin element(s)`, value: n }] : [],
    });
  },
};
export default check;
