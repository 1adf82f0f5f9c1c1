import { type Check, verdict } from '../check.js';

const check: Check<'dom'> = {
  id: 'page-title',
  version: '1.0.0',
  title: 'The page has a title',
  practices: ['RWEB_4015'],
  requiredArtifacts: ['dom'],
  description: 'Checks that the document has a non-empty <title>, which lets people find the page without extra visits.',
  advice: 'Give every page a specific, descriptive <title> and meta description.',
  source: 'RWEB v4 #0011 (relevant titles and meta descriptions)',
  judge(a) {
    const title = a.dom.title.trim();
    return verdict(check, 'A = a non-empty <title>, C = none', {
      grade: title ? 'A' : 'C',
      value: title.length,
      evidence: title ? [] : [{ url: a.finalUrl, element: 'title', detail: 'missing or empty <title>' }],
    });
  },
};
export default check;
