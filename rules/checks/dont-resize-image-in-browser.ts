import type { ImageElement } from '../../src/model/artifacts.js';
import { type Check, kb, notApplicable, verdict } from '../check.js';
import { bodyBytes, requestFor, totalTransferBytes } from '../http.js';

/** GreenIT-Analysis DontResizeImageInBrowser ignores differences under 2 px (rounding of CSS sizes). */
const TOLERANCE_PX = 2;
/** RWEB v4 #0047 validation: KB downloaded unnecessarily ≤ 5 % of the total. */
export const MAX_WASTED_SHARE = 0.05;

export function isResized(img: ImageElement): boolean {
  return (
    !img.isSvg &&
    img.naturalWidth > 1 &&
    img.displayedWidth > 0 &&
    img.naturalWidth - img.displayedWidth >= TOLERANCE_PX &&
    img.naturalHeight - img.displayedHeight >= TOLERANCE_PX
  );
}

const check: Check<'dom' | 'requests'> = {
  id: 'dont-resize-image-in-browser',
  version: '1.0.0',
  title: 'Images are not shrunk by the browser',
  practices: ['RWEB_0034'],
  requiredArtifacts: ['dom', 'requests'],
  description:
    'Finds displayed bitmap images whose natural size exceeds their rendered size by 2 px or more in both ' +
    'directions, and estimates the bytes downloaded for nothing as the image bytes times the share of pixels never ' +
    'shown (bytes are taken as proportional to pixels), against the page total.',
  advice: 'Generate images at the size they are displayed (srcset/sizes for several screen widths).',
  source: 'GreenIT-Analysis DontResizeImageInBrowser (detection); RWEB v4 #0047 validation: ≤ 5 % of KB wasted',
  judge(a) {
    const shown = a.dom.images.filter((i) => !i.isSvg && i.displayedWidth > 0 && i.naturalWidth > 1);
    if (shown.length === 0) return notApplicable(check, 'no displayed bitmap image');
    const seen = new Set<string>();
    const evidence = [];
    let wastedBytes = 0;
    for (const img of shown.filter(isResized)) {
      const src = img.currentSrc || img.src;
      if (seen.has(src)) continue;
      seen.add(src);
      const req = requestFor(a.requests, src);
      const bytes = req ? bodyBytes(req) : 0;
      const shownShare = (img.displayedWidth * img.displayedHeight) / (img.naturalWidth * img.naturalHeight);
      const wasted = Math.round(bytes * (1 - shownShare));
      wastedBytes += wasted;
      evidence.push({
        url: src,
        detail: `${img.naturalWidth}×${img.naturalHeight} shown at ${img.displayedWidth}×${img.displayedHeight}, ~${kb(wasted)} wasted`,
        value: wasted,
      });
    }
    const total = totalTransferBytes(a.requests);
    const share = total > 0 ? wastedBytes / total : 0;
    return verdict(check, 'A = no resized image, B ≤ 5 % of page bytes wasted (RWEB v4 #0047), C > 5 %', {
      grade: evidence.length === 0 ? 'A' : share <= MAX_WASTED_SHARE ? 'B' : 'C',
      value: Math.round(share * 1000) / 10,
      evidence,
      message: `${evidence.length} resized image(s), ~${kb(wastedBytes)} wasted = ${(share * 100).toFixed(1)} % of the page`,
    });
  },
};
export default check;
