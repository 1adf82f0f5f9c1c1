import { type Check, verdict } from '../check.js';

/** Growth after one scroll to the bottom that we read as content appended on scroll (our heuristic). */
const MIN_NEW_ELEMENTS = 50;
const MIN_GROWTH_SHARE = 0.1;

const check: Check<'dom'> = {
  id: 'infinite-scroll',
  version: '1.0.0',
  title: 'No infinite scroll',
  practices: ['RWEB_4035'],
  requiredArtifacts: ['dom'],
  description:
    'Compares the element count before and after the collector scrolled to the bottom: 50 or more new elements and ' +
    'at least 10 % growth suggest content appended on scroll. A heuristic, so it warns rather than fails.',
  advice: 'Use classic pagination (or a "load more" button) instead of loading content on scroll.',
  source: 'Our heuristic (50 elements and 10 % growth after scrolling); RWEB v4 #0013 asks for pagination over infinite scroll',
  judge(a) {
    const before = a.dom.elementCountBeforeScroll;
    const added = a.dom.elementCount - before;
    const suspect = added >= MIN_NEW_ELEMENTS && added >= before * MIN_GROWTH_SHARE;
    return verdict(check, 'A = DOM stable on scroll, B = grew by ≥ 50 elements and ≥ 10 %', {
      grade: suspect ? 'B' : 'A',
      value: added,
      evidence: suspect ? [{ url: a.finalUrl, detail: `${before} → ${a.dom.elementCount} elements after scrolling` }] : [],
    });
  },
};
export default check;
