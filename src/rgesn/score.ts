import type { RgesnStatus } from '../store/rgesn.js';
import type { Criterion } from './catalogue.js';

/**
 * The progress score of an RGESN assessment: the share of the applicable criteria that are conformant. Arcep's
 * example declaration shows an optional progress score ("score d'avancement") with its date, the previous score and
 * a target two years later (src/rgesn/data/README.md); the 78 criteria we ship carry no weights, and a priority
 * (Prioritaire / Recommandé / Modéré) that orders the work. So every criterion counts once in `score`.
 *
 * Our choices, stated as such:
 * - a criterion never assessed or still "à évaluer" counts as applicable and not met (it is not yet shown to be
 *   met; counting it out would raise the score by not looking);
 * - `weightedScore` is an extra figure of ours, not Arcep's: the same share with Prioritaire = 3, Recommandé = 2,
 *   Modéré = 1, so that meeting the priority criteria shows more. The declaration prints `score`.
 */

export const PRIORITY_WEIGHTS = { Prioritaire: 3, Recommandé: 2, Modéré: 1 } as const;

export interface RgesnCounts {
  conforme: number;
  nonConforme: number;
  nonApplicable: number;
  aEvaluer: number;
}

export interface RgesnScore {
  counts: RgesnCounts;
  applicable: number;
  /** conforme / applicable, 0–1; null when no criterion applies. */
  score: number | null;
  /** Same share weighted by priority (our choice, see above). */
  weightedScore: number | null;
}

export function scoreAssessment(rows: Array<{ criterion: Pick<Criterion, 'priority'>; status: RgesnStatus }>): RgesnScore {
  const counts: RgesnCounts = { conforme: 0, nonConforme: 0, nonApplicable: 0, aEvaluer: 0 };
  let weightMet = 0;
  let weightApplicable = 0;
  for (const r of rows) {
    if (r.status === 'conforme') counts.conforme += 1;
    else if (r.status === 'non-conforme') counts.nonConforme += 1;
    else if (r.status === 'non-applicable') counts.nonApplicable += 1;
    else counts.aEvaluer += 1;
    if (r.status === 'non-applicable') continue;
    const w = PRIORITY_WEIGHTS[r.criterion.priority];
    weightApplicable += w;
    if (r.status === 'conforme') weightMet += w;
  }
  const applicable = rows.length - counts.nonApplicable;
  return {
    counts,
    applicable,
    score: applicable ? counts.conforme / applicable : null,
    weightedScore: weightApplicable ? weightMet / weightApplicable : null,
  };
}
