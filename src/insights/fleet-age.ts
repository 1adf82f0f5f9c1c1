import { AGE_BUCKETS, resolveSites, toIsoDate, type AgeBucket } from '../inventory/summary.js';
import { DEVICE_TYPES, type DeviceType } from '../scoring/factors.js';
import { OWNED_STATUSES } from '../scoring/lifecycle.js';
import type { Db } from '../store/database.js';
import { fleetGroups } from '../store/devices.js';

/**
 * The fleet's age pyramid (dashboard and report): owned devices by type × age bucket. fleetSummary gives each margin (byType, byAge);
 * this is the cross-tab, read from the same grouped query (fleetGroups) with the same owned statuses and age
 * buckets, so its totals equal fleetSummary's byAge.
 */
export interface AgePyramid {
  at: string;
  buckets: readonly AgeBucket[];
  rows: Array<{ type: DeviceType; total: number; byAge: Record<AgeBucket, number> }>;
}

export function fleetAgePyramid(db: Db, options: { siteCodes?: string[]; at?: string } = {}): AgePyramid {
  const at = toIsoDate(options.at);
  const { scope } = resolveSites(db, options.siteCodes);
  const rows = new Map(
    DEVICE_TYPES.map((type) => [type, { type, total: 0, byAge: Object.fromEntries(AGE_BUCKETS.map((b) => [b, 0])) as Record<AgeBucket, number> }]),
  );
  for (const g of fleetGroups(db, at, scope ? scope.map((s) => s.id) : null)) {
    if (!OWNED_STATUSES.includes(g.status)) continue;
    const row = rows.get(g.type)!;
    row.byAge[g.ageBucket as AgeBucket] += g.n;
    row.total += g.n;
  }
  return { at, buckets: AGE_BUCKETS, rows: [...rows.values()].filter((r) => r.total > 0) };
}
