import { type Check, notApplicable, verdict } from '../check.js';
import { isJs, responses } from '../http.js';

const check: Check<'requests'> = {
  id: 'js-validate',
  version: '1.0.0',
  title: 'Scripts parse without syntax errors',
  practices: ['RWEB_0046', 'RWEB_0031'],
  requiredArtifacts: ['requests'],
  description: 'Counts downloaded scripts whose source the collector could not compile (syntax error).',
  advice: 'Run a linter in the build; fix or remove the broken scripts.',
  source: 'GreenIT-Analysis JsValidate (A = 0, C ≥ 1 error; no referential threshold)',
  judge(a) {
    const scripts = responses(a.requests).filter((r) => isJs(r) && r.text);
    if (scripts.length === 0) return notApplicable(check, 'no script body was captured');
    const broken = scripts.filter((r) => r.text?.syntaxError);
    return verdict(check, 'A = 0, C ≥ 1 scripts with syntax errors', {
      grade: broken.length === 0 ? 'A' : 'C',
      value: broken.length,
      evidence: broken.map((r) => ({ url: r.url, detail: String(r.text?.syntaxError) })),
    });
  },
};
export default check;
