/**
 * What-if scenarios on the fleet's annual footprint, per type and per site:
 *   - extendLifetimeYears: every owned device is kept that many more years (embodied ÷ (lifetime + n));
 *   - refurbished: devices bought new are replaced, when due, by refurbished ones, whose embodied footprint is
 *     `refurbishedEmbodiedShare` × a new one's (default 0.13, ADEME 2022; see src/scoring/factors.ts).
 * Both can be combined. The use phase is assumed unchanged (same devices, same power draw), so the change is all
 * in embodied. Host impacts stay at the host's site (no VM allocation here; the summary does that).
 *
 *   import { fleetScenario } from '../inventory/scenario.js';
 *   const r = fleetScenario(db, { extendLifetimeYears: 2 });
 *   r.total.deltaKg  // negative: kgCO2e/year saved
 */
import type { Db } from '../store/database.js';
import { scenarioGroups, type ScenarioGroup } from '../store/devices.js';
import type { Site } from '../store/sites.js';
import { annualEmbodiedKg, annualUseKg, POWERED_STATUSES } from '../scoring/lifecycle.js';
import { UserError } from '../model/errors.js';
import { FRENCH_GRID_FACTOR, LIFECYCLE_METHOD_VERSION, REFURBISHED_EMBODIED_SHARE, type DeviceType } from '../scoring/factors.js';
import { pueBySite, resolveSites, toIsoDate } from './summary.js';

export interface ScenarioOptions {
  /** Years added to every owned device's lifetime (≥ 0). */
  extendLifetimeYears?: number;
  /** Buy refurbished instead of new. */
  refurbished?: boolean;
  /** Share of new embodied kgCO2e a refurbished device carries, 0–1 (default 0.13). */
  refurbishedEmbodiedShare?: number;
  siteCodes?: string[];
  at?: Date | string;
  gridKgPerKwh?: number;
}

/** Annual footprint of one slice before and after the scenario, kgCO2e/year. */
export interface ScenarioLine {
  owned: number;
  baselineKg: number;
  scenarioKg: number;
  /** scenarioKg − baselineKg (negative = saving). */
  deltaKg: number;
  /** deltaKg ÷ baselineKg, null when the baseline is 0. */
  deltaShare: number | null;
}

export interface ScenarioResult {
  methodVersion: string;
  assumptions: { extendLifetimeYears: number; refurbished: boolean; refurbishedEmbodiedShare: number; gridKgPerKwh: number };
  perType: (ScenarioLine & { type: DeviceType })[];
  perSite: (ScenarioLine & { code: string | null; name: string | null })[];
  total: ScenarioLine;
}

export function fleetScenario(db: Db, options: ScenarioOptions = {}): ScenarioResult {
  return fleetScenarios(db, options, [options])[0];
}

/**
 * Several scenarios over one read of the fleet (the report shows two): `common` gives the scope, date and grid;
 * each variant its extension and refurbished choice.
 */
export function fleetScenarios(
  db: Db,
  common: Pick<ScenarioOptions, 'siteCodes' | 'at' | 'gridKgPerKwh'>,
  variants: readonly Pick<ScenarioOptions, 'extendLifetimeYears' | 'refurbished' | 'refurbishedEmbodiedShare'>[],
): ScenarioResult[] {
  const grid = common.gridKgPerKwh ?? FRENCH_GRID_FACTOR.value;
  const at = toIsoDate(common.at);
  const { all, scope } = resolveSites(db, common.siteCodes);
  const pue = pueBySite(db, all, at);
  const groups = scenarioGroups(db, at, scope ? scope.map((s) => s.id) : null);
  return variants.map((v) => scenarioOf(groups, pue, all, grid, v));
}

function scenarioOf(
  groups: readonly ScenarioGroup[],
  pue: Map<number, number | null>,
  all: readonly Site[],
  grid: number,
  options: Pick<ScenarioOptions, 'extendLifetimeYears' | 'refurbished' | 'refurbishedEmbodiedShare'>,
): ScenarioResult {
  const extend = options.extendLifetimeYears ?? 0;
  if (!Number.isFinite(extend) || extend < 0 || extend > 50) {
    throw new UserError(`--extend-lifetime must be a number of years between 0 and 50, got ${extend}`);
  }
  const share = options.refurbishedEmbodiedShare ?? REFURBISHED_EMBODIED_SHARE.value;
  if (!(share >= 0 && share <= 1)) throw new UserError(`--refurbished-embodied-share must be between 0 and 1, got ${share}`);
  const refurbished = options.refurbished ?? false;
  const siteById = new Map(all.map((s) => [s.id, s]));

  const byType = new Map<DeviceType, ScenarioLine & { type: DeviceType }>();
  const bySite = new Map<number | null, ScenarioLine & { code: string | null; name: string | null }>();
  const total = line();
  for (const g of groups) {
    const sitePue = g.siteId === null ? 1 : (pue.get(g.siteId) ?? 1);
    const useKg = POWERED_STATUSES.includes(g.status) ? annualUseKg(g.yearlyKwh, grid, sitePue) : 0;
    const baselineKg = g.annualEmbodiedKg + useKg;
    // Σ embodied of one lifetime ÷ (lifetime + extension): the same division as per device.
    const extendedKg = g.lifetimeYears === null ? 0 : annualEmbodiedKg(g.embodiedKg, g.lifetimeYears + extend);
    const scenarioKg = (refurbished && !g.refurbished ? extendedKg * share : extendedKg) + useKg;
    const t = byType.get(g.type) ?? { type: g.type, ...line() };
    byType.set(g.type, t);
    const site = siteById.get(g.siteId ?? -1);
    const s = bySite.get(g.siteId) ?? { code: site?.code ?? null, name: site?.name ?? null, ...line() };
    bySite.set(g.siteId, s);
    for (const l of [t, s, total]) {
      l.owned += g.owned;
      l.baselineKg += baselineKg;
      l.scenarioKg += scenarioKg;
    }
  }
  for (const l of [...byType.values(), ...bySite.values(), total]) finish(l);
  return {
    methodVersion: LIFECYCLE_METHOD_VERSION,
    assumptions: { extendLifetimeYears: extend, refurbished, refurbishedEmbodiedShare: share, gridKgPerKwh: grid },
    perType: [...byType.values()].sort((a, b) => a.type.localeCompare(b.type)),
    perSite: [...bySite.values()].sort((a, b) => (a.code ?? '').localeCompare(b.code ?? '')),
    total,
  };
}

function line(): ScenarioLine {
  return { owned: 0, baselineKg: 0, scenarioKg: 0, deltaKg: 0, deltaShare: null };
}

function finish(l: ScenarioLine): void {
  l.deltaKg = l.scenarioKg - l.baselineKg;
  l.deltaShare = l.baselineKg > 0 ? l.deltaKg / l.baselineKg : null;
}
