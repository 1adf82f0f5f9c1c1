import { type Check, kb, notApplicable, verdict } from '../check.js';
import { bodyBytes, contentType, responses } from '../http.js';

/** Lighthouse 12 modern-image-formats ignores small images (IGNORE_THRESHOLD_IN_BYTES = 8192). */
const MIN_BYTES = 8192;
const LEGACY = /^image\/(jpeg|jpg|png|gif|bmp|x-ms-bmp|tiff)$/;

const check: Check<'requests'> = {
  id: 'image-formats',
  version: '1.0.0',
  title: 'Images use modern formats',
  practices: ['RWEB_0080'],
  requiredArtifacts: ['requests'],
  description: 'Finds JPEG, PNG, GIF, BMP or TIFF images of 8 KiB or more that WebP or AVIF would usually make lighter.',
  advice: 'Serve WebP or AVIF (with <picture> fallbacks if needed).',
  source: 'Size floor from Lighthouse 12 modern-image-formats (8 KiB); RWEB v4 #0048 validation: 0 non-optimised images',
  judge(a) {
    const images = responses(a.requests).filter((r) => r.resourceType === 'image' || contentType(r).startsWith('image/'));
    if (images.length === 0) return notApplicable(check, 'no image');
    const legacy = images.filter((r) => LEGACY.test(contentType(r)) && bodyBytes(r) >= MIN_BYTES);
    return verdict(check, 'A = 0, C ≥ 1 images ≥ 8 KiB in JPEG/PNG/GIF/BMP/TIFF', {
      grade: legacy.length === 0 ? 'A' : 'C',
      value: legacy.length,
      evidence: legacy.map((r) => ({ url: r.url, detail: `${contentType(r)}, ${kb(bodyBytes(r))}`, value: bodyBytes(r) })),
    });
  },
};
export default check;
