import { type Check, kb, notApplicable, verdict } from '../check.js';
import { hostOf, isJs, mainDocument, networkRequests, siteOf } from '../http.js';

const check: Check<'requests'> = {
  id: 'third-party',
  version: '1.0.0',
  title: 'No third-party scripts',
  practices: ['RWEB_0019', 'RWEB_0018'],
  requiredArtifacts: ['requests'],
  description:
    'Groups requests to sites other than the page’s own (by registrable domain) and sums their requests and bytes; ' +
    'third-party scripts are external libraries that run on every visit.',
  advice: 'Self-host the resources you need; drop third-party widgets, trackers and libraries.',
  source: 'RWEB v4 #0058 validation: 0 external libraries (C ≥ 1 third-party script); other third-party requests give B',
  judge(a) {
    const doc = mainDocument(a.requests);
    const ownHost = hostOf(doc?.url ?? a.finalUrl);
    if (!ownHost) return notApplicable(check, 'page URL has no host');
    const own = siteOf(ownHost);
    const third = networkRequests(a.requests).filter((r) => {
      const host = hostOf(r.url);
      return host !== null && siteOf(host) !== own;
    });
    const bySite = new Map<string, { requests: number; bytes: number; scripts: number; url: string }>();
    for (const r of third) {
      const site = siteOf(hostOf(r.url)!);
      const s = bySite.get(site) ?? { requests: 0, bytes: 0, scripts: 0, url: r.url };
      s.requests += 1;
      s.bytes += r.transferBytes;
      if (isJs(r)) s.scripts += 1;
      bySite.set(site, s);
    }
    const scripts = third.filter(isJs).length;
    const bytes = third.reduce((s, r) => s + r.transferBytes, 0);
    return verdict(check, 'A = 0 third-party requests, B = no third-party script, C ≥ 1 third-party script', {
      grade: third.length === 0 ? 'A' : scripts === 0 ? 'B' : 'C',
      value: third.length,
      evidence: [...bySite]
        .sort((x, y) => y[1].bytes - x[1].bytes)
        .map(([site, s]) => ({ url: s.url, detail: `${site}: ${s.requests} request(s), ${s.scripts} script(s), ${kb(s.bytes)}`, value: s.bytes })),
      message: `${third.length} third-party request(s), ${kb(bytes)}, ${scripts} script(s)`,
    });
  },
};
export default check;
