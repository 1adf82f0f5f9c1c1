import { currentHeadlineFigures, type HeadlineFigure } from '../../src/insights/index.js';
import type { ViewContext } from '../context.js';
import { fleetData } from './fleet.js';
import { siteStatuses } from './practices.js';

/** Practice and fleet headline figures (current states, no comparison), from the read model shared with the report. */
export function currentFigures(ctx: ViewContext): HeadlineFigure[] {
  return currentHeadlineFigures({ practiceTotals: siteStatuses(ctx).map((s) => s.totals), fleet: fleetData(ctx) });
}
