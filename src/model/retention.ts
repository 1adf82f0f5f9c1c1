import { UserError } from './errors.js';

/**
 * How long numresp keeps what it stores, by default (docs/privacy.md; applied by `numresp store purge`):
 * raw page artifacts (headers, facts, Lighthouse JSON) 90 days — long enough to re-judge a campaign after a check
 * changes; measurement detail (check results and their evidence, page titles, raw metrics, superseded assessments)
 * 5 years — the span of a multi-year label follow-up. Per-page EcoIndex figures, which the trends are computed from,
 * are kept.
 */
export const DEFAULT_RETENTION = { artifacts: '90d', measurements: '5y' } as const;

export interface Retention {
  /** As given, e.g. "90d". */
  text: string;
  amount: number;
  unit: 'd' | 'w' | 'm' | 'y';
}

/** Parses "90d", "12w", "18m", "5y" (days, weeks, calendar months, calendar years). */
export function parseRetention(text: string, what: string): Retention {
  const m = /^\s*(\d{1,4})\s*([dwmy])\s*$/i.exec(text);
  if (!m || Number(m[1]) === 0) {
    throw new UserError(`${what} "${text}": use a positive number and d, w, m or y, e.g. 90d, 18m, 5y`);
  }
  return { text: text.trim(), amount: Number(m[1]), unit: m[2].toLowerCase() as Retention['unit'] };
}

/** The instant `retention` before `now`, ISO 8601 UTC: what was measured before it is older than the retention. */
export function retentionCutoff(retention: Retention, now: Date): string {
  const d = new Date(now.getTime());
  if (retention.unit === 'd') d.setUTCDate(d.getUTCDate() - retention.amount);
  else if (retention.unit === 'w') d.setUTCDate(d.getUTCDate() - 7 * retention.amount);
  else if (retention.unit === 'm') d.setUTCMonth(d.getUTCMonth() - retention.amount);
  else d.setUTCFullYear(d.getUTCFullYear() - retention.amount);
  return d.toISOString();
}
