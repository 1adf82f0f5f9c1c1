import { type Check, gradeAtMost, verdict } from '../check.js';
import { bodyBytes, networkRequests } from '../http.js';

const check: Check<'requests'> = {
  id: 'http-requests',
  version: '1.0.0',
  title: 'Few HTTP requests',
  practices: ['RWEB_0009'],
  requiredArtifacts: ['requests'],
  description: 'Counts every HTTP request of the page load and scroll (data: URIs excluded), as EcoIndex does.',
  advice: 'Combine, inline tiny assets as data URIs or sprites, drop unneeded resources, lazy-load the rest.',
  source: 'GreenIT-Analysis HttpRequests (A ≤ 26, B ≤ 40, C > 40); RWEB v4 #0046 validation: ≤ 40',
  judge(a) {
    const list = networkRequests(a.requests);
    const count = list.length + a.requestsOmitted;
    const heaviest = [...list].sort((x, y) => bodyBytes(y) - bodyBytes(x));
    return verdict(check, 'A ≤ 26, B ≤ 40 (RWEB v4 #0046), C > 40 requests', {
      grade: gradeAtMost(count, 26, 40),
      value: count,
      evidence: count > 26 ? heaviest.map((r) => ({ url: r.url, detail: `${r.resourceType}, ${bodyBytes(r)} B`, value: bodyBytes(r) })) : [],
    });
  },
};
export default check;
