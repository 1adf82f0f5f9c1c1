import { currentHeadlineFigures, stateAt, type HeadlineFigure, type Period } from '../../src/insights/index.js';
import { rgesnScores } from '../../src/rgesn/status.js';
import type { ViewContext } from '../context.js';
import { fleetData } from './fleet.js';
import { practiceSites, siteStatuses } from './practices.js';

/**
 * Practice, RGESN and fleet headline figures from the read model shared with the report, compared with their state
 * on the compared period's last day (as `numresp report --compare`).
 */
export function currentFigures(ctx: ViewContext, compare: Period | undefined): HeadlineFigure[] {
  const siteCodes = ctx.filters.site ? [ctx.filters.site] : undefined;
  const now = { practiceTotals: siteStatuses(ctx).map((s) => s.totals), rgesn: rgesnScores(ctx.db, siteCodes), fleet: fleetData(ctx) };
  const before = compare ? stateAt(ctx.db, { webSiteCodes: practiceSites(ctx), siteCodes, day: compare.to }) : null;
  return currentHeadlineFigures(now, before);
}
