import type { InsightScope } from '../src/insights/types.js';
import type { Db } from '../src/store/database.js';
import type { Site } from '../src/store/sites.js';
import type { Filters } from './filters.js';
import type { DashboardStore } from './store-handle.js';

/** What every view and API handler receives for one request. */
export interface ViewContext {
  db: Db;
  store: DashboardStore;
  filters: Filters;
  scope: InsightScope;
  sites: readonly Site[];
  /** Cache key of the data scope (site + period), for memoising computed figures across requests. */
  scopeKey: string;
}

/** Memoises a computation for this request's scope; `name` must identify the computation. */
export function cached<T>(ctx: ViewContext, name: string, compute: () => T): T {
  return ctx.store.memo(`${name}|${ctx.scopeKey}`, compute);
}
