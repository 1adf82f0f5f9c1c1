import type { PageArtifacts } from '../src/model/artifacts.js';
import type { RuleResult } from '../src/model/rules.js';

/**
 * Judges one page's artifacts with every automated check. Pure: same artifacts → same results.
 * A check that throws gives an 'error' result; it never aborts the page.
 */
export function judgePage(_artifacts: PageArtifacts): RuleResult[] {
  return [];
}
