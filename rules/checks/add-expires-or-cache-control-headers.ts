import type { NetworkRequest } from '../../src/model/artifacts.js';
import { type Check, kb, notApplicable, verdict } from '../check.js';
import { bodyBytes, header, isStatic, responses } from '../http.js';

/** Why a static response cannot be reused from cache, or null when its headers allow it. */
export function cacheProblem(r: NetworkRequest): string | null {
  const cacheControl = header(r, 'cache-control')?.toLowerCase();
  if (!cacheControl) return 'no Cache-Control header';
  if (/no-cache|no-store|max-age\s*=\s*0\b/.test(cacheControl)) return `Cache-Control: ${cacheControl}`;
  const expires = header(r, 'expires');
  const date = header(r, 'date');
  // Judged against the response's own Date so the verdict does not depend on when the rule runs.
  if (expires && date) {
    const expiresMs = Date.parse(expires);
    const dateMs = Date.parse(date);
    if (Number.isNaN(expiresMs) || (!Number.isNaN(dateMs) && expiresMs < dateMs)) return `Expires in the past (${expires})`;
  }
  return null;
}

const check: Check<'requests'> = {
  id: 'add-expires-or-cache-control-headers',
  version: '1.0.0',
  title: 'Static resources carry cache headers',
  practices: ['RWEB_0101', 'RWEB_0099'],
  requiredArtifacts: ['requests'],
  description:
    'Looks at every static response (images, scripts, stylesheets, fonts, media, documents for download) and counts ' +
    'those without a Cache-Control that lets the browser keep them (absent, no-cache, no-store, max-age=0) or with an ' +
    'Expires date earlier than the response date.',
  advice: 'Serve static files with a long Cache-Control max-age (and versioned file names so updates still reach users).',
  source: 'GreenIT-Analysis AddExpiresOrCacheControlHeaders (logic); RWEB v4 #0074 validation: 0 missing headers',
  judge(a) {
    const statics = responses(a.requests).filter((r) => isStatic(r) && r.status < 300);
    if (statics.length === 0) return notApplicable(check, 'no static resource on this page');
    const missing = statics.flatMap((r) => {
      const problem = cacheProblem(r);
      return problem ? [{ url: r.url, detail: `${problem}, ${kb(bodyBytes(r))}`, value: bodyBytes(r) }] : [];
    });
    return verdict(check, 'A = 0 static resources without cache headers (RWEB v4 #0074: 0)', {
      grade: missing.length === 0 ? 'A' : 'C',
      value: missing.length,
      evidence: missing,
      message: `${missing.length} of ${statics.length} static resources not cacheable`,
    });
  },
};
export default check;
