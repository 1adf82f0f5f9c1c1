import { type Check, verdict } from '../check.js';

/** Images under 10,000 px (100×100) are icons/trackers, not counted (GreenIT-Analysis ImageDownloadedNotDisplayed). */
const MIN_AREA_PX = 10_000;

const check: Check<'dom'> = {
  id: 'image-downloaded-not-displayed',
  version: '1.0.0',
  title: 'No image is downloaded without being shown',
  practices: ['RWEB_4017', 'RWEB_0037'],
  requiredArtifacts: ['dom'],
  description: 'Finds <img> of at least 10,000 pixels that were downloaded (natural size known) but render at 0×0.',
  advice: 'Do not load hidden images; load them when they become visible (loading="lazy" or on demand).',
  source: 'GreenIT-Analysis ImageDownloadedNotDisplayed (A = 0, C ≥ 1; no referential threshold)',
  judge(a) {
    const hidden = new Map<string, string>();
    for (const img of a.dom.images) {
      const area = img.naturalWidth * img.naturalHeight;
      if (area >= MIN_AREA_PX && img.displayedWidth === 0 && img.displayedHeight === 0) {
        hidden.set(img.currentSrc || img.src, `${img.naturalWidth}×${img.naturalHeight} downloaded, rendered 0×0`);
      }
    }
    return verdict(check, 'A = 0, C ≥ 1 hidden images', {
      grade: hidden.size === 0 ? 'A' : 'C',
      value: hidden.size,
      evidence: [...hidden].map(([url, detail]) => ({ url, detail })),
    });
  },
};
export default check;
