import { type Check, verdict } from '../check.js';

const check: Check<'dom'> = {
  id: 'carousels',
  version: '1.0.0',
  title: 'At most one carousel, none automatic',
  practices: ['RWEB_4030'],
  requiredArtifacts: ['dom'],
  description: 'Counts elements that look like carousels or sliders (the collector’s detection) and those that advertise autoplay.',
  advice: 'Replace carousels with a static selection of content; never rotate slides automatically.',
  source: 'RWEB v4 #0010 validation: ≤ 1 carousel per page; an automatic one also counts as C (a permanent animation, cf. RWEB v4 #0009)',
  judge(a) {
    const list = a.dom.carousels;
    const auto = list.filter((c) => c.autoplay);
    return verdict(check, 'A = 0, B = 1 manual carousel (RWEB v4 #0010: ≤ 1), C ≥ 2 or any automatic one', {
      grade: list.length === 0 ? 'A' : list.length === 1 && auto.length === 0 ? 'B' : 'C',
      value: list.length,
      evidence: list.map((c) => ({ element: c.selector, detail: c.autoplay ? 'carousel with autoplay' : 'carousel' })),
    });
  },
};
export default check;
