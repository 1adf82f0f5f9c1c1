import { type Check, verdict } from '../check.js';
import { networkRequests } from '../http.js';

/** Official share-widget scripts, the list GreenIT-Analysis SocialNetworkButton describes. */
const WIDGETS: Array<[string, RegExp]> = [
  ['Twitter/X', /platform\.twitter\.com\/widgets\.js/i],
  ['LinkedIn', /platform\.linkedin\.com\/in\.js/i],
  ['Pinterest', /assets\.pinterest\.com\/js\/pinit(_main)?\.js/i],
  ['Facebook', /connect\.facebook\.net\/[^/]+\/(all|sdk)\.js/i],
  ['ShareThis', /(w|buttons|platform-api)\.sharethis\.com\//i],
  ['AddThis', /s7\.addthis\.com\/js\//i],
  ['AddToAny', /static\.addtoany\.com\/menu\/page\.js/i],
];

const check: Check<'requests'> = {
  id: 'social-network-button',
  version: '1.0.0',
  title: 'No official social-network share widgets',
  practices: ['RWEB_0019'],
  requiredArtifacts: ['requests'],
  description: 'Looks for the scripts of official share buttons (Twitter/X, LinkedIn, Pinterest, Facebook, ShareThis, AddThis, AddToAny).',
  advice: 'Replace them with plain share links (no script, no tracking).',
  source: 'GreenIT-Analysis SocialNetworkButton (A = 0, C ≥ 1); RWEB v4 #0058 validation: 0 external libraries',
  judge(a) {
    const found = new Map<string, string>();
    for (const r of networkRequests(a.requests)) {
      const hit = WIDGETS.find(([, re]) => re.test(r.url));
      if (hit && !found.has(hit[0])) found.set(hit[0], r.url);
    }
    return verdict(check, 'A = 0, C ≥ 1 share widgets (RWEB v4 #0058: 0)', {
      grade: found.size === 0 ? 'A' : 'C',
      value: found.size,
      evidence: [...found].map(([name, url]) => ({ url, detail: `${name} share widget` })),
    });
  },
};
export default check;
