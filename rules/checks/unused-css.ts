import { type Check } from '../check.js';
import { judgeUnused } from '../coverage.js';

/** Lighthouse 12 unused-css-rules ignores stylesheets wasting less than 10 KiB (IGNORE_THRESHOLD_IN_BYTES). */
const IGNORE_BYTES = 10 * 1024;

const check: Check<'coverage'> = {
  id: 'unused-css',
  version: '1.0.0',
  title: 'Little unused CSS',
  practices: ['RWEB_0040', 'RWEB_4017'],
  requiredArtifacts: ['coverage'],
  description: 'From Chromium’s CSS coverage after load and scroll, finds stylesheets with more than 10 KiB of rules never used by the page.',
  advice: 'Split CSS per template, remove unused framework parts (purge at build time).',
  source: 'Chromium coverage; per-file threshold from Lighthouse 12 unused-css-rules (10 KiB)',
  judge: (a) => judgeUnused(check, a, 'css', IGNORE_BYTES),
};
export default check;
