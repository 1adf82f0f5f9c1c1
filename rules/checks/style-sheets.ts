import { type Check, gradeAtMost, verdict } from '../check.js';
import { contentType, responses } from '../http.js';

const check: Check<'requests'> = {
  id: 'style-sheets',
  version: '1.0.0',
  title: 'Few stylesheet files',
  practices: ['RWEB_0022'],
  requiredArtifacts: ['requests'],
  description: 'Counts distinct URLs served as text/css.',
  advice: 'Merge stylesheets per page template; load page-specific CSS only where needed.',
  source: 'GreenIT-Analysis StyleSheets, extension scale (A ≤ 7, B 8-10, C ≥ 11); RWEB v4 #0035: between 3 and 10 files',
  judge(a) {
    const urls = [...new Set(responses(a.requests).filter((r) => contentType(r) === 'text/css').map((r) => r.url))];
    return verdict(check, 'A ≤ 7, B ≤ 10 (RWEB v4 #0035), C ≥ 11 stylesheets', {
      grade: gradeAtMost(urls.length, 7, 10),
      value: urls.length,
      evidence: urls.length > 7 ? urls.map((url) => ({ url, detail: 'stylesheet' })) : [],
    });
  },
};
export default check;
