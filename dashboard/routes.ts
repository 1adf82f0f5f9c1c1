import { UserError } from '../src/model/errors.js';
import { decodeComponent } from '../src/util/decode.js';
import type { ViewContext } from './context.js';
import type { PageView } from './layout.js';
import { fleetSiteTables, fleetSitesView, fleetSiteView, fleetTables, fleetView } from './pages/fleet.js';
import { overviewTables, overviewView } from './pages/overview.js';
import { practicesNeverView, practicesPlanView, practicesTables, practicesView } from './pages/practices.js';
import { sitesTables, sitesView } from './pages/sites.js';
import { pageRulesTable, webFailuresView, webJourneysView, webPageDetail, webPageView, webPagesView, webTables, webView } from './pages/web.js';
import { tableCsv, type Table } from './table.js';

/** HTML pages and CSV downloads by path. Each page's tables are built once, for the page and its CSV links. */

type TableSource = (ctx: ViewContext) => Table<any>[];

const TABLE_SOURCES: TableSource[] = [overviewTables, webTables, fleetTables, practicesTables, sitesTables];

/** A path segment decoded; a malformed escape (%ZZ) is the client's mistake: 400, not 500. */
function decodedSegment(segment: string, path: string): string {
  const decoded = decodeComponent(segment);
  if (decoded === null) throw new UserError(`path ${path}: malformed percent-encoding`);
  return decoded;
}

export function routePage(ctx: ViewContext, path: string): PageView | undefined {
  if (path === '/') return overviewView(ctx);
  if (path === '/web') return webView(ctx);
  if (path === '/web/pages') return webPagesView(ctx);
  if (path === '/web/failures') return webFailuresView(ctx);
  if (path === '/web/journeys') return webJourneysView(ctx);
  if (path === '/fleet') return fleetView(ctx);
  if (path === '/practices') return practicesView(ctx);
  if (path === '/practices/plan') return practicesPlanView(ctx);
  if (path === '/practices/never') return practicesNeverView(ctx);
  if (path === '/fleet/sites') return fleetSitesView(ctx);
  if (path === '/sites') return sitesView(ctx);
  const site = /^\/fleet\/sites\/([^/]{1,100})$/.exec(path);
  if (site) return fleetSiteView(ctx, decodedSegment(site[1], path));
  const page = /^\/web\/pages\/(\d{1,12})$/.exec(path);
  if (page) {
    const detail = webPageDetail(ctx, Number(page[1]));
    return detail ? webPageView(ctx, detail) : undefined;
  }
  return undefined;
}

export function routeCsv(ctx: ViewContext, path: string): { name: string; text: string } | undefined {
  const rules = /^\/csv\/web-page-rules\/(\d{1,12})$/.exec(path);
  if (rules) {
    const detail = webPageDetail(ctx, Number(rules[1]));
    return detail ? { name: `page-${detail.pageId}-checks`, text: tableCsv(pageRulesTable(detail), ctx.filters) } : undefined;
  }
  const siteTable = /^\/csv\/(fleet-site-age|fleet-site-status|fleet-site-types)\/([^/]{1,100})$/.exec(path);
  if (siteTable) {
    const code = decodedSegment(siteTable[2], path);
    if (!ctx.sites.some((s) => s.code === code)) return undefined;
    const table = fleetSiteTables(ctx, code).find((t) => t.id.startsWith(siteTable[1] + '-'));
    return table ? { name: `${siteTable[1]}-${code}`, text: tableCsv(table, ctx.filters) } : undefined;
  }
  const id = /^\/csv\/([a-z0-9-]{1,60})$/.exec(path)?.[1];
  if (!id) return undefined;
  for (const source of TABLE_SOURCES) {
    // Building every table of a page for one CSV is cheap: the figures behind them are cached per scope.
    const table = source(ctx).find((t) => t.id === id);
    if (table) return { name: id, text: tableCsv(table, ctx.filters) };
  }
  return undefined;
}
