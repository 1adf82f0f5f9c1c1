/** Metered energy readings (site or device, period, kWh), for comparison with estimates. */
import type { Db } from './database.js';
import { nowIso } from './database.js';

export interface ReadingInput {
  siteId: number | null;
  deviceId: number | null;
  periodStart: string;
  periodEnd: string;
  kwh: number;
  source: string | null;
}

/** Idempotent by (site, device, period): a re-import with another kWh replaces it. */
export function upsertReading(db: Db, r: ReadingInput): 'inserted' | 'updated' | 'unchanged' {
  // UNIQUE treats NULLs as distinct, so look the reading up with IS to stay idempotent.
  const existing = db
    .prepare(
      'SELECT id, kwh FROM energy_readings WHERE site_id IS ? AND device_id IS ? AND period_start = ? AND period_end = ?',
    )
    .get(r.siteId, r.deviceId, r.periodStart, r.periodEnd) as { id: number; kwh: number } | undefined;
  if (!existing) {
    db.prepare(
      'INSERT INTO energy_readings (site_id, device_id, period_start, period_end, kwh, source, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(r.siteId, r.deviceId, r.periodStart, r.periodEnd, r.kwh, r.source, nowIso());
    return 'inserted';
  }
  if (existing.kwh === r.kwh) return 'unchanged';
  db.prepare('UPDATE energy_readings SET kwh = ?, source = ?, imported_at = ? WHERE id = ?').run(r.kwh, r.source, nowIso(), existing.id);
  return 'updated';
}

export interface StoredReading {
  siteId: number | null;
  deviceId: number | null;
  periodStart: string;
  periodEnd: string;
  kwh: number;
}

export function readingsForDevices(db: Db, deviceIds: readonly number[]): StoredReading[] {
  const out: StoredReading[] = [];
  // Chunks keep the statement under SQLite's bound-variable limit.
  for (let i = 0; i < deviceIds.length; i += 500) {
    const chunk = deviceIds.slice(i, i + 500);
    out.push(
      ...(db
        .prepare(
          `SELECT site_id siteId, device_id deviceId, period_start periodStart, period_end periodEnd, kwh
             FROM energy_readings WHERE device_id IN (${chunk.map(() => '?').join(',')})`,
        )
        .all(...chunk) as StoredReading[]),
    );
  }
  return out;
}

/** Readings overlapping [fromIso, toIso). */
export function readingsOverlapping(db: Db, fromIso: string, toIso: string): StoredReading[] {
  return db
    .prepare(
      `SELECT site_id siteId, device_id deviceId, period_start periodStart, period_end periodEnd, kwh
         FROM energy_readings WHERE period_start < ? AND period_end > ?`,
    )
    .all(toIso, fromIso) as StoredReading[];
}

/**
 * A stored reading of the same meter (site or device) whose period overlaps [periodStart, periodEnd) without being
 * the same period (the same period is an update of that reading). Periods that only touch are not overlaps.
 */
export function overlappingReading(
  db: Db,
  r: { siteId: number | null; deviceId: number | null; periodStart: string; periodEnd: string },
): { periodStart: string; periodEnd: string } | undefined {
  return db
    .prepare(
      `SELECT period_start periodStart, period_end periodEnd FROM energy_readings
       WHERE site_id IS ? AND device_id IS ? AND period_start < ? AND period_end > ?
         AND NOT (period_start = ? AND period_end = ?)
       ORDER BY period_start LIMIT 1`,
    )
    .get(r.siteId, r.deviceId, r.periodEnd, r.periodStart, r.periodStart, r.periodEnd) as { periodStart: string; periodEnd: string } | undefined;
}
