import { UserError } from '../src/model/errors.js';
import { decodeComponent } from '../src/util/decode.js';
import type { ViewContext } from './context.js';
import { fleetData, fleetFootprintChart, fleetPyramid } from './pages/fleet.js';
import { overviewData } from './pages/overview.js';
import { plan, practicesChart, siteStatuses } from './pages/practices.js';
import { filteredPages, webFailures, webPageDetail, webSummary, webTrend } from './pages/web.js';
import { webTables } from './pages/web.js';
import { sortRows } from './table.js';

/**
 * The JSON API under /api/ (documented in the README "dashboard" section). Every endpoint takes the view
 * filters `site` and `period`; it serves the same figures the pages show, from the same functions.
 */
const PAGE_LIMIT_MAX = 1000;

/** An API answer for a missing resource (404), as opposed to an unknown endpoint (undefined). */
export class ApiNotFound {
  constructor(readonly error: string) {}
}

export function routeApi(ctx: ViewContext, path: string, search: URLSearchParams): unknown {
  switch (path) {
    case '/api/sites':
      return { sites: ctx.sites };
    case '/api/overview':
      return overviewData(ctx);
    case '/api/web/summary':
      return webSummary(ctx);
    case '/api/web/trend':
      return webTrend(ctx);
    case '/api/web/failures':
      return { failures: webFailures(ctx) };
    case '/api/web/pages': {
      const limit = Math.min(PAGE_LIMIT_MAX, Math.max(1, Number(search.get('limit')) || 100));
      const offset = ctx.filters.offset ?? 0;
      const table = webTables(ctx).find((t) => t.id === 'web-pages')!;
      const rows = sortRows({ ...table, rows: filteredPages(ctx) }, ctx.filters);
      return { total: rows.length, offset, limit, pages: rows.slice(offset, offset + limit) };
    }
    case '/api/practices':
      // Per-practice rows (with their automated evidence) only for one site: for all sites they would weigh MBs.
      return {
        sites: siteStatuses(ctx).map((s) => (ctx.filters.site ? s : { ...s, practices: undefined })),
        actionPlan: plan(ctx),
      };
    case '/api/practices/chart':
      return practicesChart(ctx);
    case '/api/fleet':
      return fleetData(ctx);
    case '/api/fleet/pyramid':
      return fleetPyramid(ctx);
    case '/api/fleet/footprint':
      return fleetFootprintChart(ctx);
  }
  const site = /^\/api\/fleet\/sites\/([^/]{1,100})$/.exec(path);
  if (site) {
    const code = decodeComponent(site[1]);
    if (code === null) throw new UserError(`path ${path}: malformed percent-encoding`);
    return ctx.sites.some((s) => s.code === code) ? fleetData(ctx, code) : new ApiNotFound(`no site with code ${code}`);
  }
  const page = /^\/api\/web\/pages\/(\d{1,12})$/.exec(path);
  if (page) return webPageDetail(ctx, Number(page[1])) ?? new ApiNotFound(`no page with id ${page[1]}`);
  return undefined;
}
