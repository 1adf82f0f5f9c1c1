import { type Check } from '../check.js';
import { judgeUnused } from '../coverage.js';

/** Lighthouse 12 unused-javascript ignores scripts wasting less than 20 KiB (UNUSED_BYTES_IGNORE_THRESHOLD). */
const IGNORE_BYTES = 20 * 1024;

const check: Check<'coverage'> = {
  id: 'unused-js',
  version: '1.0.0',
  title: 'Little unused JavaScript',
  practices: ['RWEB_0040', 'RWEB_4017'],
  requiredArtifacts: ['coverage'],
  description: 'From Chromium’s JS coverage after load and scroll, finds scripts with more than 20 KiB of code never run.',
  advice: 'Import only the parts of libraries you use, split bundles per page, load the rest on demand.',
  source: 'Chromium coverage; per-file threshold from Lighthouse 12 unused-javascript (20 KiB)',
  judge: (a) => judgeUnused(check, a, 'js', IGNORE_BYTES),
};
export default check;
