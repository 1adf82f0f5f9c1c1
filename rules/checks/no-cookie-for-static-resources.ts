import { type Check, verdict } from '../check.js';
import { cookieHeaderLength, hostOf, isStatic, networkRequests } from '../http.js';

/** GreenIT-Analysis NoCookieForStaticRessources adds the header name and separator to each Cookie value. */
const HEADER_OVERHEAD_BYTES = 7;

const check: Check<'requests' | 'cookies'> = {
  id: 'no-cookie-for-static-resources',
  version: '1.0.0',
  title: 'Static resources come from a cookie-free domain',
  practices: ['RWEB_0094'],
  requiredArtifacts: ['requests', 'cookies'],
  description:
    'Finds static resources (images, scripts, stylesheets, fonts, media) requested with a Cookie header and counts ' +
    'the domains that receive them, with the cookie bytes sent for nothing.',
  advice: 'Serve static files from a separate domain that sets no cookies, or scope cookies to the application path.',
  source: 'GreenIT-Analysis NoCookieForStaticRessources (detection); RWEB v4 #0080 validation: ≤ 1 domain',
  judge(a) {
    const domains = new Map<string, { bytes: number; requests: number; url: string }>();
    for (const r of networkRequests(a.requests)) {
      const length = cookieHeaderLength(r, a.cookies);
      const host = hostOf(r.url);
      if (!length || !host || !isStatic(r)) continue;
      const d = domains.get(host) ?? { bytes: 0, requests: 0, url: r.url };
      d.bytes += length + HEADER_OVERHEAD_BYTES;
      d.requests += 1;
      domains.set(host, d);
    }
    const n = domains.size;
    return verdict(check, 'A = 0, B = 1 (RWEB v4 #0080: ≤ 1), C ≥ 2 domains sending cookies with static resources', {
      grade: n === 0 ? 'A' : n === 1 ? 'B' : 'C',
      value: n,
      evidence: [...domains].map(([host, d]) => ({
        url: d.url,
        detail: `${host}: ${d.requests} static request(s) carried ${d.bytes} B of cookies`,
        value: d.bytes,
      })),
    });
  },
};
export default check;
