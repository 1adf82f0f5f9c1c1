import { type Check, gradeAtMost, verdict } from '../check.js';
import { cookieHeaderLength, hostOf, networkRequests } from '../http.js';

const check: Check<'requests' | 'cookies'> = {
  id: 'max-cookies-length',
  version: '1.0.0',
  title: 'Cookies stay small',
  practices: ['RWEB_0082'],
  requiredArtifacts: ['requests', 'cookies'],
  description:
    'Measures the longest Cookie request header (characters) sent with any request, per domain (rebuilt from the ' +
    'page’s cookies when the header itself was not captured).',
  advice: 'Store less in cookies (an id, not data); delete cookies the service does not need.',
  source: 'GreenIT-Analysis MaxCookiesLength (A ≤ 512, B ≤ 1024, C > 1024; no referential threshold)',
  judge(a) {
    const byHost = new Map<string, { length: number; url: string }>();
    for (const r of networkRequests(a.requests)) {
      const length = cookieHeaderLength(r, a.cookies);
      const host = hostOf(r.url);
      if (!length || !host) continue;
      if ((byHost.get(host)?.length ?? -1) < length) byHost.set(host, { length, url: r.url });
    }
    const max = Math.max(0, ...[...byHost.values()].map((v) => v.length));
    return verdict(check, 'A ≤ 512, B ≤ 1024, C > 1024 characters', {
      grade: gradeAtMost(max, 512, 1024),
      value: max,
      evidence: [...byHost]
        .sort((x, y) => y[1].length - x[1].length)
        .map(([host, v]) => ({ url: v.url, detail: `Cookie header of ${v.length} characters to ${host}`, value: v.length })),
    });
  },
};
export default check;
