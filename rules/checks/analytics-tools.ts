import { type Check, verdict } from '../check.js';
import { networkRequests } from '../http.js';

/** Well-known analytics and tag tools, recognised by the URL of their script or beacon. */
const TOOLS: Array<[string, RegExp]> = [
  ['Google Analytics', /(google-analytics\.com\/|\/gtag\/js|analytics\.google\.com\/)/i],
  ['Google Tag Manager', /googletagmanager\.com\/gtm\.js/i],
  ['Matomo/Piwik', /\/(matomo|piwik)\.(js|php)/i],
  ['AT Internet/Piano', /(xiti\.com|ati-host\.net|\/smarttag\.js|piano\.io\/)/i],
  ['Hotjar', /hotjar\.com\//i],
  ['Microsoft Clarity', /clarity\.ms\//i],
  ['Adobe Analytics', /(omtrdc\.net|2o7\.net|\/AppMeasurement\.js)/i],
  ['Segment', /cdn\.segment\.com\//i],
  ['Plausible', /plausible\.io\/js\//i],
  ['Eulerian', /eulerian\.net\//i],
  ['Facebook Pixel', /connect\.facebook\.net\/[^/]+\/fbevents\.js/i],
];

const check: Check<'requests'> = {
  id: 'analytics-tools',
  version: '1.0.0',
  title: 'At most one analytics tool',
  practices: ['RWEB_4001'],
  requiredArtifacts: ['requests'],
  description: 'Recognises analytics and tag tools from the URLs the page requests and counts the distinct tools.',
  advice: 'Keep one privacy-friendly analytics tool, self-hosted, collecting only what is used.',
  source: 'RWEB v4 #0111 validation: ≤ 1 analytics tool',
  judge(a) {
    const found = new Map<string, string>();
    for (const r of networkRequests(a.requests)) {
      const hit = TOOLS.find(([, re]) => re.test(r.url));
      if (hit && !found.has(hit[0])) found.set(hit[0], r.url);
    }
    return verdict(check, 'A = 0, B = 1 (RWEB v4 #0111: ≤ 1), C ≥ 2 analytics tools', {
      grade: found.size === 0 ? 'A' : found.size === 1 ? 'B' : 'C',
      value: found.size,
      evidence: [...found].map(([name, url]) => ({ url, detail: name })),
    });
  },
};
export default check;
