import { type Check, verdict } from '../check.js';
import { header, networkRequests } from '../http.js';

/**
 * Redirect statuses. GreenIT-Analysis counts 301/302/303/307; we also count 308 (permanent redirect, RFC 9110 §15.4.9),
 * which costs the same extra round trip.
 */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const check: Check<'requests'> = {
  id: 'no-redirect',
  version: '1.0.0',
  title: 'Few redirections',
  practices: ['RWEB_0095'],
  requiredArtifacts: ['requests'],
  description: 'Counts responses that redirect (301, 302, 303, 307, 308): each costs a round trip before the resource.',
  advice: 'Link to final URLs directly; for http→https use HSTS (preload) instead of a redirect.',
  source: 'GreenIT-Analysis NoRedirect, extension scale (A ≤ 1, C ≥ 2); RWEB v4 #0112 validation: ≤ 1',
  judge(a) {
    const hops = networkRequests(a.requests).filter((r) => REDIRECTS.has(r.status));
    return verdict(check, 'A ≤ 1 (RWEB v4 #0112), C ≥ 2 redirections', {
      grade: hops.length <= 1 ? 'A' : 'C',
      value: hops.length,
      evidence: hops.map((r) => ({
        url: r.url,
        detail: `${r.status} → ${r.redirectTo ?? header(r, 'location') ?? '?'}`,
        value: r.status,
      })),
    });
  },
};
export default check;
