import { z } from 'zod';
import { parsePeriod } from '../src/insights/period.js';
import type { InsightScope } from '../src/insights/types.js';
import { formatZodIssue, UserError } from '../src/model/errors.js';

/**
 * The view filters, carried in the URL so a view can be bookmarked and shared.
 * site: a site code; period: FROM..TO with the syntax of the CLI's --period (parsePeriod), bounding measurement
 * dates; the rest are table controls.
 */

export const FiltersSchema = z
  .object({
    site: z.string().max(100).optional(),
    period: z.string().max(40).optional(),
    /** Text filter on the web page table (URL or title contains). */
    q: z.string().max(200).optional(),
    grade: z.enum(['A', 'B', 'C', 'D', 'E', 'F', 'G']).optional(),
    /** `<tableId>:<column>:<asc|desc>`: the sorted table and how. */
    sort: z
      .string()
      .regex(/^[a-z0-9-]+:[a-zA-Z0-9_]+:(asc|desc)$/, 'expected table:column:asc|desc')
      .optional(),
    offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
  });

export type Filters = z.infer<typeof FiltersSchema>;

/** Parses the query string; unknown keys are ignored, empty values mean "no filter". */
export function parseFilters(search: URLSearchParams): Filters {
  const raw: Record<string, string> = {};
  for (const key of ['site', 'period', 'q', 'grade', 'sort', 'offset']) {
    const value = search.get(key);
    if (value !== null && value.trim() !== '') raw[key] = value.trim();
  }
  const parsed = FiltersSchema.safeParse(raw);
  if (!parsed.success) {
    throw new UserError(formatZodIssue(parsed.error, { field: (path) => `query parameter "${String(path[0] ?? 'query')}"` }));
  }
  if (parsed.data.period) parsePeriod(parsed.data.period, 'query parameter "period"');
  return parsed.data;
}

/** The insights scope these filters select. */
export function scopeFromFilters(filters: Filters): InsightScope {
  return {
    ...(filters.site ? { siteCodes: [filters.site] } : {}),
    ...(filters.period ? { period: parsePeriod(filters.period, 'query parameter "period"') } : {}),
  };
}

/** Builds `?a=b&…` from filters, leaving out empty ones; `override` replaces or (with undefined) drops keys. */
export function queryString(filters: Filters, override: Partial<Record<keyof Filters, string | number | undefined>> = {}): string {
  const merged: Record<string, unknown> = { ...filters, ...override };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Only the scope (site, period): what navigation links carry from page to page. */
export function scopeOf(filters: Filters): Filters {
  return { site: filters.site, period: filters.period };
}
