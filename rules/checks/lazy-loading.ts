import { type Check, notApplicable, verdict } from '../check.js';

const check: Check<'dom'> = {
  id: 'lazy-loading',
  version: '1.0.0',
  title: 'Images below the fold load lazily',
  practices: ['RWEB_0037'],
  requiredArtifacts: ['dom'],
  description: 'Finds displayed <img> whose top lies below the first screen (viewport height) without loading="lazy".',
  advice: 'Add loading="lazy" (and width/height) to images below the first screen.',
  source: 'RWEB v4 #0050 validation: 0 images, iframes or videos below the fold without lazy loading',
  judge(a) {
    // Images rendered at 0×0 have no meaningful position (and are image-downloaded-not-displayed's concern).
    const below = a.dom.images.filter((i) => (i.displayedWidth > 0 || i.displayedHeight > 0) && i.top >= a.dom.viewportHeight);
    if (below.length === 0) return notApplicable(check, 'no image below the first screen');
    const eager = below.filter((i) => i.loading.toLowerCase() !== 'lazy');
    return verdict(check, 'A = 0, C ≥ 1 eager images below the fold (RWEB v4 #0050: 0)', {
      grade: eager.length === 0 ? 'A' : 'C',
      value: eager.length,
      evidence: eager.map((i) => ({ url: i.currentSrc || i.src, detail: `top at ${Math.round(i.top)} px, viewport ${a.dom.viewportHeight} px, loading="${i.loading}"` })),
    });
  },
};
export default check;
