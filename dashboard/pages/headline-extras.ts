import { currentHeadlineFigures, endOfDay, stateAt, type HeadlineFigure, type Period } from '../../src/insights/index.js';
import { practiceStatus } from '../../src/practices/status.js';
import { rgesnScores } from '../../src/rgesn/status.js';
import type { ViewContext } from '../context.js';
import { fleetData } from './fleet.js';
import { practiceSites, siteStatuses } from './practices.js';

/**
 * Practice, RGESN and fleet headline figures from the read model shared with the report, as of the selected period's
 * last day (today without one), compared with their state on the compared period's last day (as `numresp report
 * --compare`).
 */
export function currentFigures(ctx: ViewContext, compare: Period | undefined): HeadlineFigure[] {
  const siteCodes = ctx.filters.site ? [ctx.filters.site] : undefined;
  // With a period selected, practices and RGESN as of its last day (as the fleet, fleetData), so that an assessment
  // dated after it does not count; otherwise their current state (shared with the practices page).
  const at = ctx.scope.period ? endOfDay(ctx.scope.period.to) : undefined;
  const practiceTotals = at
    ? practiceSites(ctx).map((code) => practiceStatus(ctx.db, code, { edition: 'v5', at }).totals)
    : siteStatuses(ctx).map((s) => s.totals);
  const now = { practiceTotals, rgesn: rgesnScores(ctx.db, siteCodes, at), fleet: fleetData(ctx) };
  const before = compare ? stateAt(ctx.db, { webSiteCodes: practiceSites(ctx), siteCodes, day: compare.to }) : null;
  return currentHeadlineFigures(now, before);
}
