/**
 * Is a page's EcoIndex change more than noise? The one rule shared by `numresp compare`, `audit --baseline`, the
 * report's and the dashboard's page tables (issue 13.2): with a spread on both sides (`--repeat`), each score must lie
 * outside the other measurement's min–max; otherwise the score must move by at least a threshold.
 */

/**
 * Default threshold for pages measured once: EcoIndex scores are whole points and a page's DOM, requests and bytes
 * move a little between two loads (ads, lazy content, timing); 3 points is our default, to be checked against a
 * `--repeat` run of the site, which replaces it with the measured spread.
 */
export const SIGNIFICANT_SCORE_POINTS = 3;

/** A page's score and, when it was measured several times, the min–max of its measurements. */
export interface ScoreMeasurement {
  score: number;
  scoreSpread: { min: number; max: number } | null;
}

export interface ScoreChangeVerdict {
  significant: boolean;
  /** How it was decided: both spreads, or the threshold. */
  basis: 'spread' | 'threshold';
}

const outside = (x: number, r: { min: number; max: number }) => x < r.min || x > r.max;

export function scoreChangeVerdict(before: ScoreMeasurement, after: ScoreMeasurement, thresholdPoints = SIGNIFICANT_SCORE_POINTS): ScoreChangeVerdict {
  if (before.scoreSpread && after.scoreSpread) {
    return { significant: outside(after.score, before.scoreSpread) && outside(before.score, after.scoreSpread), basis: 'spread' };
  }
  return { significant: Math.abs(after.score - before.score) >= thresholdPoints, basis: 'threshold' };
}
