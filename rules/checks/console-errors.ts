import { type Check, verdict } from '../check.js';

const check: Check<'console'> = {
  id: 'console-errors',
  version: '1.0.0',
  title: 'No errors or warnings in the console',
  practices: ['RWEB_0070'],
  requiredArtifacts: ['console'],
  description: 'Counts console errors, warnings and uncaught exceptions during the page load.',
  advice: 'Fix the scripts and resources behind each message; do not ship debug output.',
  source: 'RWEB v4 #0087 validation: 0 warnings and notices in production',
  judge(a) {
    const bad = a.console.filter((m) => /^(error|warning|warn|pageerror|assert)$/.test(m.type));
    return verdict(check, 'A = 0, C ≥ 1 errors/warnings (RWEB v4 #0087: 0)', {
      grade: bad.length === 0 ? 'A' : 'C',
      value: bad.length,
      evidence: bad.map((m) => ({ url: m.url ?? undefined, detail: `${m.type}: ${m.text.slice(0, 200)}` })),
    });
  },
};
export default check;
