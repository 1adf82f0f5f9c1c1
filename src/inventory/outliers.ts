/**
 * Embodied figures far from their type's distribution, so that a reader looks at them (issue 11: a monitor model at
 * 392 kgCO2e beside the 65.9 kg monitor default; a 48-port PoE switch carrying a 19 kg home-router median).
 *
 * Reference per type: the median over the fleet's devices of that type (device-weighted), and the type default
 * where one exists. A figure is flagged when it is more than OUTLIER_RATIO times either reference or less than
 * 1/OUTLIER_RATIO of it. The ratio 3 is our choice (documented in docs/inventory-formats.md): it keeps the spread of
 * one range (Boavizta laptops 100–400 kg) quiet and catches a different class of product under the same type.
 * Pure over rows read by src/store; `inventory summary` shows them.
 */
import type { Db } from '../store/database.js';
import { embodiedFigureGroups } from '../store/devices.js';
import { TYPE_DEFAULTS } from '../scoring/factors.js';
import type { DeviceType } from '../model/devices.js';

export const OUTLIER_RATIO = 3;

export interface EmbodiedOutlier {
  type: DeviceType;
  embodiedKg: number;
  /** Where the figure came from (device value, Boavizta rows matched, type default) — every figure traceable. */
  source: string;
  match: string | null;
  devices: number;
  /** Device-weighted median of the type's figures in the fleet, kgCO2e. */
  typeMedianKg: number;
  typeDefaultKg: number | null;
  /** The larger of figure ÷ reference and reference ÷ figure over the two references. */
  ratio: number;
}

export function embodiedOutliers(
  groups: readonly { type: DeviceType; embodiedKg: number; source: string; match: string | null; devices: number }[],
  ratio = OUTLIER_RATIO,
): EmbodiedOutlier[] {
  const byType = new Map<DeviceType, typeof groups[number][]>();
  for (const g of groups) byType.set(g.type, [...(byType.get(g.type) ?? []), g]);
  const out: EmbodiedOutlier[] = [];
  for (const [type, list] of byType) {
    const median = weightedMedian(list.map((g) => [g.embodiedKg, g.devices]));
    const def = TYPE_DEFAULTS[type]?.embodiedKg ?? null;
    for (const g of list) {
      const refs = [median, ...(def !== null ? [def] : [])].filter((r) => r > 0);
      const worst = Math.max(...refs.map((r) => Math.max(g.embodiedKg / r, r / g.embodiedKg)));
      if (g.embodiedKg > 0 && worst > ratio) out.push({ ...g, typeMedianKg: median, typeDefaultKg: def, ratio: worst });
    }
  }
  return out.sort((a, b) => b.ratio - a.ratio);
}

/** Median of values each counted `weight` times. */
export function weightedMedian(pairs: readonly (readonly [number, number])[]): number {
  const sorted = [...pairs].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((s, [, w]) => s + w, 0);
  let seen = 0;
  for (let i = 0; i < sorted.length; i++) {
    seen += sorted[i][1];
    if (seen * 2 > total) return sorted[i][0];
    if (seen * 2 === total) return (sorted[i][0] + sorted[i + 1][0]) / 2;
  }
  return 0;
}

export function fleetEmbodiedOutliers(db: Db, siteIds: readonly number[] | null): EmbodiedOutlier[] {
  return embodiedOutliers(embodiedFigureGroups(db, siteIds));
}
