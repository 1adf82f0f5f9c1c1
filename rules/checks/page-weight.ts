import { type Check, gradeAtMost, kb, verdict } from '../check.js';
import { networkRequests, totalTransferBytes } from '../http.js';

const KIB = 1024;

const check: Check<'requests'> = {
  id: 'page-weight',
  version: '1.0.0',
  title: 'Page weight within budget',
  practices: ['RWEB_4017'],
  requiredArtifacts: ['requests'],
  description: 'Sums the bytes transferred for the page load and scroll, and lists the heaviest resources.',
  advice: 'Set a weight budget per template; cut the heaviest resources first (images, video, scripts).',
  source: 'Lighthouse 12 total-byte-weight scoring curve (p10 2667 KiB, median 4000 KiB)',
  judge(a) {
    const bytes = totalTransferBytes(a.requests);
    const heaviest = [...networkRequests(a.requests)].sort((x, y) => y.transferBytes - x.transferBytes).slice(0, 10);
    return verdict(check, 'A ≤ 2667 KiB, B ≤ 4000 KiB, C above', {
      grade: gradeAtMost(bytes, 2667 * KIB, 4000 * KIB),
      value: bytes,
      evidence: heaviest.map((r) => ({ url: r.url, detail: `${r.resourceType}, ${kb(r.transferBytes)}`, value: r.transferBytes })),
      message: `${kb(bytes)} transferred`,
    });
  },
};
export default check;
