import { type Check, verdict } from '../check.js';

const check: Check<'dom'> = {
  id: 'iframes',
  version: '1.0.0',
  title: 'Iframes are few and lazy',
  practices: ['RWEB_0037'],
  requiredArtifacts: ['dom'],
  description: 'Counts <iframe> elements (each loads a whole document) and those without loading="lazy".',
  advice: 'Replace embeds with a link or a static preview that loads the iframe on click; otherwise add loading="lazy".',
  source: 'RWEB v4 #0050 validation: 0 iframes below the fold without lazy loading (position unknown: every eager iframe counts)',
  judge(a) {
    const frames = a.dom.iframes;
    const eager = frames.filter((f) => f.loading.toLowerCase() !== 'lazy');
    return verdict(check, 'A = no iframe, B = all lazy, C ≥ 1 eager iframe', {
      grade: frames.length === 0 ? 'A' : eager.length === 0 ? 'B' : 'C',
      value: frames.length,
      evidence: frames.map((f) => ({ url: f.src || undefined, element: 'iframe', detail: `iframe loading="${f.loading}"` })),
    });
  },
};
export default check;
