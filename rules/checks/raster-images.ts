import { type Check, gradeAtMost, kb, verdict } from '../check.js';
import { bodyBytes, isBitmap, responses } from '../http.js';

const check: Check<'requests'> = {
  id: 'raster-images',
  version: '1.0.0',
  title: 'Few bitmap images',
  practices: ['RWEB_0035'],
  requiredArtifacts: ['requests'],
  description: 'Counts bitmap (non-SVG) image files the page downloads.',
  advice: 'Draw interface elements with CSS, SVG or glyphs; keep bitmaps for photos and content.',
  source: 'RWEB v4 #0100 validation: ≤ 5 raster images for the tested URL',
  judge(a) {
    const urls = [...new Map(responses(a.requests).filter(isBitmap).map((r) => [r.url, r])).values()];
    return verdict(check, 'A ≤ 5 (RWEB v4 #0100), C ≥ 6 bitmap images', {
      grade: gradeAtMost(urls.length, 5, 5),
      value: urls.length,
      evidence: urls.length > 5 ? urls.map((r) => ({ url: r.url, detail: kb(bodyBytes(r)), value: bodyBytes(r) })) : [],
    });
  },
};
export default check;
