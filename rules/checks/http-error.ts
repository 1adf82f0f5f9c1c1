import { type Check, verdict } from '../check.js';
import { networkRequests } from '../http.js';

const check: Check<'requests'> = {
  id: 'http-error',
  version: '1.0.0',
  title: 'No request ends in an HTTP error',
  practices: ['RWEB_0009'],
  requiredArtifacts: ['requests'],
  description: 'Counts responses with status 400 or above: wasted round trips for missing or broken resources.',
  advice: 'Fix or remove references to missing resources.',
  source: 'GreenIT-Analysis HttpError (A = 0, C ≥ 1; no referential threshold)',
  judge(a) {
    const errors = networkRequests(a.requests).filter((r) => r.status >= 400);
    return verdict(check, 'A = 0, C ≥ 1 responses ≥ 400', {
      grade: errors.length === 0 ? 'A' : 'C',
      value: errors.length,
      evidence: errors.map((r) => ({ url: r.url, detail: `HTTP ${r.status}`, value: r.status })),
    });
  },
};
export default check;
