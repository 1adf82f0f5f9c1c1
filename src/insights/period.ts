import { z } from 'zod';
import { UserError } from '../model/errors.js';
import type { Period } from './types.js';

/**
 * Parses "FROM..TO" where each end is a year (2026), a month (2026-03) or a day (2026-03-15); a year or month
 * stands for its first day at FROM and its last day at TO. A single value ("2026") is the whole of it.
 */
const END = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function expand(text: string, side: 'from' | 'to', input: string, what: string): string {
  const m = END.exec(text.trim());
  if (!m) throw new UserError(`${what} "${input}": "${text}" is not a date; use YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2026-01..2026-06`);
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : side === 'from' ? 1 : 12;
  if (month < 1 || month > 12) throw new UserError(`${what} "${input}": month ${m[2]} is not 01–12`);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = m[3] ? Number(m[3]) : side === 'from' ? 1 : lastDay;
  if (day < 1 || day > lastDay) throw new UserError(`${what} "${input}": day ${m[3]} does not exist in ${m[1]}-${String(month).padStart(2, '0')}`);
  return `${m[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function parsePeriod(input: string, what = '--period'): Period {
  const parts = input.split('..');
  if (parts.length > 2 || parts.some((p) => !p.trim())) {
    throw new UserError(`${what} "${input}" is not FROM..TO; e.g. 2026-01-01..2026-06-30 or 2026`);
  }
  const from = expand(parts[0], 'from', input, what);
  const to = expand(parts[1] ?? parts[0], 'to', input, what);
  if (from > to) throw new UserError(`${what} "${input}" ends before it starts; swap FROM and TO`);
  return { from, to };
}

export const PeriodSchema = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

/** The period of the same length just before `period` (the default comparison). */
export function previousPeriod(period: Period): Period {
  const day = 86_400_000;
  const from = Date.parse(period.from + 'T00:00:00Z');
  const to = Date.parse(period.to + 'T00:00:00Z');
  const length = to - from + day;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: iso(from - length), to: iso(from - day) };
}
