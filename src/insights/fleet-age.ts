import { AGE_BUCKETS, type AgeBucket, type FleetSummary } from '../inventory/summary.js';
import { DEVICE_TYPES, type DeviceType } from '../scoring/factors.js';

/**
 * The fleet's age pyramid (dashboard, report, open data): owned devices by type × age bucket, the cross-tab whose
 * margins are fleetSummary's byType and byAge. Taken from the summary (ageByType), so both come from one query.
 */
export interface AgePyramid {
  at: string;
  buckets: readonly AgeBucket[];
  rows: Array<{ type: DeviceType; total: number; byAge: Record<AgeBucket, number> }>;
}

/** The pyramid of a summary already computed (reads nothing). */
export function agePyramidOf(summary: Pick<FleetSummary, 'at' | 'ageByType'>): AgePyramid {
  const rows = DEVICE_TYPES.flatMap((type) => {
    const byAge = summary.ageByType[type];
    const total = byAge ? AGE_BUCKETS.reduce((a, b) => a + byAge[b], 0) : 0;
    return byAge && total > 0 ? [{ type, total, byAge: { ...byAge } }] : [];
  });
  return { at: summary.at, buckets: AGE_BUCKETS, rows };
}
