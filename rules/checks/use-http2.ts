import { type Check, notApplicable, verdict } from '../check.js';
import { hostOf, responses } from '../http.js';

const check: Check<'requests'> = {
  id: 'use-http2',
  version: '1.1.0',
  title: 'Resources are served over HTTP/2 or later',
  practices: ['RWEB_4006'],
  requiredArtifacts: ['requests'],
  description: 'Counts responses delivered over HTTP/1.x (from the protocol the browser reports).',
  advice: 'Enable HTTP/2 (or HTTP/3) on the web server, CDN and every domain serving resources.',
  source: 'GreenIT-Analysis UseHTTP2 (extension only; A = 0, C ≥ 1); RWEB v4 #0082 validation: 0 HTTP/1 requests',
  judge(a) {
    const all = responses(a.requests).filter((r) => r.protocol && !r.fromCache);
    // Browsers speak HTTP/2 only over TLS (no h2c): a plain-http:// or loopback origin (a local test server) says
    // nothing about the production server, so those responses cannot be judged.
    const known = all.filter((r) => judgeable(r.url));
    if (all.length > 0 && known.length === 0) {
      return notApplicable(check, 'HTTP/2 cannot be judged on an http:// or loopback origin (browsers use HTTP/2 only over TLS); measure the production https:// site');
    }
    if (known.length === 0) return notApplicable(check, 'no response with a known protocol');
    const old = known.filter((r) => /^http\/1/i.test(r.protocol!));
    const hosts = new Map<string, string>();
    for (const r of old) if (!hosts.has(hostOf(r.url) ?? r.url)) hosts.set(hostOf(r.url) ?? r.url, r.url);
    return verdict(check, 'A = 0, C ≥ 1 HTTP/1 responses (RWEB v4 #0082: 0)', {
      grade: old.length === 0 ? 'A' : 'C',
      value: old.length,
      evidence: [...hosts].map(([host, url]) => ({ url, detail: `${host} answers over HTTP/1.x` })),
      message: old.length ? `${old.length} of ${known.length} responses over HTTP/1.x` : undefined,
    });
  },
};
export default check;

/** An https:// URL on a host other than loopback: where the protocol a browser negotiates tells something. */
function judgeable(url: string): boolean {
  try {
    const u = new URL(url);
    const host = u.hostname.replace(/^\[|\]$/g, '');
    return u.protocol === 'https:' && host !== 'localhost' && host !== '::1' && !/^127\./.test(host);
  } catch {
    return false;
  }
}
