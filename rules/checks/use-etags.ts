import { type Check, gradeAtLeast, kb, notApplicable, verdict } from '../check.js';
import { bodyBytes, header, isStatic, responses } from '../http.js';

const check: Check<'requests'> = {
  id: 'use-etags',
  version: '1.0.0',
  title: 'Static resources carry an ETag',
  practices: ['RWEB_0099'],
  requiredArtifacts: ['requests'],
  description: 'Share, by bytes, of static resources whose response has an ETag, so an expired copy can be revalidated with a 304.',
  advice: 'Enable ETag (or Last-Modified) on the server for static files.',
  source: 'GreenIT-Analysis-cli UseETags (A ≥ 95 %, B ≥ 90 %, C < 90 % of bytes; no extension rule, no referential threshold)',
  judge(a) {
    const statics = responses(a.requests).filter((r) => isStatic(r) && r.status < 300);
    const totalBytes = statics.reduce((s, r) => s + bodyBytes(r), 0);
    if (statics.length === 0 || totalBytes === 0) return notApplicable(check, 'no static resource on this page');
    const without = statics.filter((r) => !header(r, 'etag'));
    const sharePercent = (100 * (totalBytes - without.reduce((s, r) => s + bodyBytes(r), 0))) / totalBytes;
    return verdict(check, 'A ≥ 95 %, B ≥ 90 %, C < 90 % of static bytes with an ETag', {
      grade: gradeAtLeast(sharePercent, 95, 90),
      value: Math.round(sharePercent * 10) / 10,
      evidence: without.map((r) => ({ url: r.url, detail: `no ETag, ${kb(bodyBytes(r))}`, value: bodyBytes(r) })),
    });
  },
};
export default check;
