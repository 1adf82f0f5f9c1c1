import { type Check, notApplicable, verdict } from '../check.js';
import { header, mainDocument } from '../http.js';

const check: Check<'requests'> = {
  id: 'html-cache-policy',
  version: '1.0.0',
  title: 'The HTML page itself can be cached or revalidated',
  practices: ['RWEB_0099'],
  requiredArtifacts: ['requests'],
  description:
    'Reads the headers of the main HTML response: a Cache-Control allowing reuse (not no-store, max-age or ' +
    's-maxage above 0) and a validator (ETag or Last-Modified) that lets a revisit end in a 304.',
  advice: 'Give HTML a short max-age (or s-maxage for a CDN) and an ETag/Last-Modified so revisits cost a 304.',
  source: 'RFC 9111 (freshness and validation); RWEB v4 #0073 validation: 0 responses without an identified HTTP cache',
  judge(a) {
    const doc = mainDocument(a.requests);
    if (!doc) return notApplicable(check, 'the main document response was not captured');
    const cacheControl = header(doc, 'cache-control')?.toLowerCase() ?? '';
    const reusable = !/no-store/.test(cacheControl) && /(s-maxage|max-age)\s*=\s*[1-9]/.test(cacheControl);
    const validator = Boolean(header(doc, 'etag') || header(doc, 'last-modified'));
    const parts = [
      cacheControl ? `Cache-Control: ${cacheControl}` : 'no Cache-Control',
      validator ? 'has a validator' : 'no ETag or Last-Modified',
    ];
    return verdict(check, 'A = fresh-cacheable and revalidable, B = one of the two, C = neither', {
      grade: reusable && validator ? 'A' : reusable || validator ? 'B' : 'C',
      value: Number(reusable) + Number(validator),
      evidence: reusable && validator ? [] : [{ url: doc.url, detail: parts.join('; ') }],
    });
  },
};
export default check;
