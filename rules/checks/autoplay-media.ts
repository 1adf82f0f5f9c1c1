import { type Check, notApplicable, verdict } from '../check.js';

const check: Check<'dom'> = {
  id: 'autoplay-media',
  version: '1.0.0',
  title: 'No video or audio plays by itself',
  practices: ['RWEB_4003'],
  requiredArtifacts: ['dom'],
  description: 'Finds <video> and <audio> elements with the autoplay attribute.',
  advice: 'Remove autoplay; use preload="none" and let the user start the media.',
  source: 'RWEB v4 #0106 validation: 0 <video>/<audio> with autoplay',
  judge(a) {
    if (a.dom.media.length === 0) return notApplicable(check, 'no <video> or <audio>');
    const auto = a.dom.media.filter((m) => m.autoplay);
    return verdict(check, 'A = 0, C ≥ 1 autoplaying media (RWEB v4 #0106: 0)', {
      grade: auto.length === 0 ? 'A' : 'C',
      value: auto.length,
      evidence: auto.map((m) => ({ url: m.src || undefined, element: m.tag, detail: `<${m.tag} autoplay${m.muted ? ' muted' : ''}> preload="${m.preload}"` })),
    });
  },
};
export default check;
