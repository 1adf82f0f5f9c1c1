import { type Check, gradeAtMost, verdict } from '../check.js';
import { hostOf, networkRequests } from '../http.js';

const check: Check<'requests'> = {
  id: 'domains-number',
  version: '1.0.0',
  title: 'Few domains serve the page',
  practices: ['RWEB_0018'],
  requiredArtifacts: ['requests'],
  description: 'Counts the distinct host names (port ignored) of every request the page made.',
  advice: 'Serve resources from the site’s own domain; drop or self-host third-party resources.',
  source: 'GreenIT-Analysis DomainsNumber, extension scale retuned to RWEB v4 (A ≤ 3, B 4-5, C ≥ 6); RWEB v4 #0081: ≤ 5',
  judge(a) {
    const counts = new Map<string, number>();
    for (const r of networkRequests(a.requests)) {
      const host = hostOf(r.url);
      if (host) counts.set(host, (counts.get(host) ?? 0) + 1);
    }
    return verdict(check, 'A ≤ 3, B ≤ 5 (RWEB v4 #0081), C ≥ 6 domains', {
      grade: gradeAtMost(counts.size, 3, 5),
      value: counts.size,
      evidence: [...counts].sort((x, y) => y[1] - x[1]).map(([host, n]) => ({ element: host, detail: `${n} request(s) to ${host}`, value: n })),
    });
  },
};
export default check;
