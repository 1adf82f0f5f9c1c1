import type { NetworkRequest } from '../../src/model/artifacts.js';
import { type Check, kb, notApplicable, verdict } from '../check.js';
import { bodyBytes, contentType, responses } from '../http.js';

// Heuristic of GreenIT-Analysis OptimizeBitmapImages as described in greenit-checks.json (KB read as 1000 bytes,
// like every size in numresp): an image should weigh about pixels/5 bytes (~1.6 bits per pixel) and never less
// than 10 KB; images under 10 KB (PNG/GIF under 50 KB) count as optimised; over 500 KB never; savings ≤ 500 B ignored.
const BITMAP = /^image\/(png|jpeg|jpg|gif|bmp|x-ms-bmp|tiff)$/;
const FLOOR_BYTES = 10_000;
const PALETTE_OK_BYTES = 50_000;
const ALWAYS_HEAVY_BYTES = 500_000;
const MIN_SAVING_BYTES = 500;

/** Estimated bytes an optimised version would save, 0 when the image looks optimised. */
export function estimatedSavingBytes(r: NetworkRequest): number {
  const size = bodyBytes(r);
  const type = contentType(r);
  if (size < FLOOR_BYTES) return 0;
  if (/png|gif/.test(type) && size < PALETTE_OK_BYTES) return 0;
  // Pixel size unknown: only the "over 500 KB is never optimised" rule can apply, saving counted above that size.
  const target = r.imagePixels
    ? Math.max((r.imagePixels.width * r.imagePixels.height) / 5, FLOOR_BYTES)
    : ALWAYS_HEAVY_BYTES;
  const saving = size > ALWAYS_HEAVY_BYTES ? Math.max(size - target, size - ALWAYS_HEAVY_BYTES) : size - target;
  return saving > MIN_SAVING_BYTES ? Math.round(saving) : 0;
}

const check: Check<'requests'> = {
  id: 'optimize-bitmap-images',
  version: '1.0.0',
  title: 'Bitmap images are optimised',
  practices: ['RWEB_0080'],
  requiredArtifacts: ['requests'],
  description:
    'For PNG, JPEG, GIF, BMP and TIFF responses, compares the bytes with what about 1.6 bits per pixel would need ' +
    '(at least 10 KB) and sums the estimated savings.',
  advice: 'Recompress images (quality 75-85 for JPEG, palette PNG, or WebP/AVIF) before publishing them.',
  source: 'GreenIT-Analysis OptimizeBitmapImages, extension scale (A none, B < 50 KB, C ≥ 50 KB saving); no referential threshold',
  judge(a) {
    const images = responses(a.requests).filter((r) => BITMAP.test(contentType(r)));
    if (images.length === 0) return notApplicable(check, 'no bitmap image');
    const heavy = images.map((r) => ({ r, saving: estimatedSavingBytes(r) })).filter((x) => x.saving > 0);
    const total = heavy.reduce((s, x) => s + x.saving, 0);
    return verdict(check, 'A = no image to optimise, B < 50 KB, C ≥ 50 KB estimated saving', {
      grade: heavy.length === 0 ? 'A' : total < 50_000 ? 'B' : 'C',
      value: total,
      evidence: heavy
        .sort((x, y) => y.saving - x.saving)
        .map(({ r, saving }) => ({ url: r.url, detail: `${kb(bodyBytes(r))}, ~${kb(saving)} could be saved`, value: saving })),
    });
  },
};
export default check;
