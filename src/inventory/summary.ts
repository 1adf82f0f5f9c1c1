/**
 * Fleet summary for reports and the dashboard: counts by type, age and status, ages, lifetime, reuse, D3E,
 * embodied vs use footprint, energy estimated vs measured, per type and per site (with data-centre hosts
 * allocated to the sites their VMs serve).
 *
 *   import { fleetSummary } from '../inventory/summary.js';
 *   const s = fleetSummary(db, { siteCodes: ['LYC-001'], at: '2026-06-30' });
 *
 * Reads only precomputed per-device figures (columns lc_*), so it is a handful of aggregate queries
 * (≤ 200 ms for 100,000 devices, see bench/inventory). Method: docs/lifecycle.md.
 */
import type { Db } from '../store/database.js';
import { ageBounds, fleetAggregates, hostsWithVms, julianDay, statusChangeCount, type FleetGroup } from '../store/devices.js';
import { readingsOverlapping } from '../store/energy.js';
import { listSitePue, listSites, type Site, type SiteKind } from '../store/sites.js';
import { listVms } from '../store/vms.js';
import { fleetEmbodiedOutliers, type EmbodiedOutlier } from './outliers.js';
import { UserError } from '../model/errors.js';
import {
  DEVICE_STATUSES,
  DEVICE_TYPES,
  FRENCH_GRID_FACTOR,
  LIFECYCLE_METHOD_VERSION,
  type DeviceStatus,
  type DeviceType,
  type Factor,
} from '../scoring/factors.js';
import { annualUseKg, hostAllocation, OWNED_STATUSES, POWERED_STATUSES } from '../scoring/lifecycle.js';
import { BOAVIZTA_ATTRIBUTION } from './boavizta.js';

export const AGE_BUCKETS = ['0-1', '1-3', '3-5', '5-7', '7+', 'unknown'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

export interface FleetSummaryOptions {
  /** Restrict to these site codes (unknown codes are a UserError). Default: every site and unassigned devices. */
  siteCodes?: string[];
  /** Reference date for ages, PUE year and the 12-month energy window. Default: now. */
  at?: Date | string;
  /** Grid factor, kgCO2e/kWh. Default: FRENCH_GRID_FACTOR (0.098, 2019). */
  gridKgPerKwh?: number;
}

/** Annual footprint split, kgCO2e per year. */
export interface Footprint {
  /** Embodied ÷ lifetime over owned devices (in service, in stock, redeployed). */
  annualEmbodiedKg: number;
  /** Yearly kWh × PUE × grid factor over powered devices (in service, redeployed). */
  annualUseKg: number;
  annualTotalKg: number;
}

export interface TypeSummary extends Footprint {
  type: DeviceType;
  /** Every device of the type, whatever its status. */
  count: number;
  /** In service, in stock or redeployed. */
  owned: number;
}

export interface SiteSummary extends Footprint {
  code: string;
  name: string;
  kind: SiteKind;
  /** PUE applied to the site's use phase (1 outside data centres); null when a data centre has none recorded. */
  pue: number | null;
  count: number;
  owned: number;
  /** The site's devices by type and by status (all statuses). */
  byType: Partial<Record<DeviceType, number>>;
  byStatus: Partial<Record<DeviceStatus, number>>;
  /** Share of data-centre hosts' footprint moved here because VMs on them serve this site. */
  allocatedInKg: number;
  /** Footprint of this site's hosts moved to the sites their VMs serve. */
  allocatedOutKg: number;
  /** annualTotalKg + allocatedInKg − allocatedOutKg. */
  annualAfterAllocationKg: number;
}

export interface FleetSummary {
  at: string;
  methodVersion: string;
  gridFactor: Factor;
  attribution: string;
  /** Site codes in scope, or null for the whole fleet. */
  siteCodes: string[] | null;
  deviceCount: number;
  byType: Record<DeviceType, number>;
  byStatus: Record<DeviceStatus, number>;
  /** Owned devices by age in years at `at` ('unknown': no purchase date). */
  byAge: Record<AgeBucket, number>;
  /** The same, per device type (the age pyramid): types with owned devices only. */
  ageByType: Partial<Record<DeviceType, Record<AgeBucket, number>>>;
  /** Mean age of owned devices with a purchase date, years; null when none has one. */
  averageAgeYears: number | null;
  /** Owned devices older than their lifetime (planned, else type default) ÷ owned devices with a purchase date. */
  pastLifetimeShare: number | null;
  /** Owned devices bought refurbished ÷ owned devices. */
  refurbishedShare: number | null;
  /** Devices redeployed ÷ owned devices. */
  redeployedShare: number | null;
  /** Devices given a second life outside (status 'refurbished': donated/refurbished). */
  donatedCount: number;
  /** Devices whose status is 'd3e' now, and those sent to D3E in the 12 months before `at`. */
  d3e: { total: number; last12Months: number };
  /** How the embodied figure of each device was obtained; `none`: no figure (a type without a public default, issue 11). */
  embodiedSources: { device: number; boavizta: number; typeDefault: number; none: number };
  /** How devices' model names matched the Boavizta dataset (issue 17.3): 'none' = no matched row gave a figure. */
  boaviztaMatches: { exact: number; prefix: number; genericWordsRemoved: number; none: number };
  /** Total embodied footprint of owned devices (not annualised), kgCO2e. */
  embodiedKgTotal: number;
  footprint: Footprint;
  energy: {
    /** Estimated kWh/year of powered devices (× PUE in data centres). */
    estimatedYearlyKwh: number;
    /** Devices whose kWh comes from their own readings. */
    devicesWithMeasuredKwh: number;
    /** Site-level metered kWh in the 12 months before `at` (readings prorated to the window). */
    measuredSiteKwh12Months: number;
    /** Estimate for a whole year of the sites that have site-level readings. */
    estimatedKwhForMeteredSites: number;
    /**
     * The estimate over the days the readings cover (each metered site's yearly estimate × its covered days ÷ the
     * window's days): what measuredSiteKwh12Months compares with.
     */
    estimatedKwhOnCoveredDays: number;
    /**
     * Days of the window covered by site-level readings (any metered site; per site in bySite), and the window's
     * length. A comparison over less than 80 % of the window is flagged by the report and the dashboard.
     */
    coverage: { days: number; windowDays: number; bySite: { code: string; days: number }[] };
    meteredSiteCodes: string[];
    window: { start: string; end: string };
  };
  perType: TypeSummary[];
  perSite: SiteSummary[];
  /** Embodied figures far from their type's distribution (src/inventory/outliers.ts), to be looked at. */
  embodiedOutliers: EmbodiedOutlier[];
}

const DAY_MS = 86_400_000;

export function resolveSites(db: Db, siteCodes?: string[]): { all: Site[]; scope: Site[] | null } {
  const all = listSites(db);
  if (!siteCodes || siteCodes.length === 0) return { all, scope: null };
  const byCode = new Map(all.map((s) => [s.code, s]));
  const unknown = siteCodes.filter((c) => !byCode.has(c));
  if (unknown.length) {
    throw new UserError(`unknown site code ${unknown.join(', ')}; known: ${all.map((s) => s.code).join(', ') || 'none (run numresp sites add)'}`);
  }
  return { all, scope: siteCodes.map((c) => byCode.get(c)!) };
}

/**
 * The instant a figure "as of" `at` is taken at. A bare day (YYYY-MM-DD) means the end of that day, UTC, as in the
 * report's and the dashboard's periods: readings and status changes of that day count.
 */
export function toIsoDate(at: Date | string | undefined): string {
  if (typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at.trim())) at = `${at.trim()}T23:59:59.999Z`;
  const d = at === undefined ? new Date() : new Date(at);
  if (Number.isNaN(d.getTime())) throw new UserError(`invalid date ${String(at)}; use YYYY-MM-DD`);
  return d.toISOString();
}

/** PUE per site for the year of `atIso`: that year, else the latest earlier year, else the earliest recorded. */
export function pueBySite(db: Db, sites: readonly Site[], atIso: string): Map<number, number | null> {
  const year = Number(atIso.slice(0, 4));
  const recorded = listSitePue(db);
  const out = new Map<number, number | null>();
  for (const s of sites) {
    if (s.kind !== 'datacenter') {
      out.set(s.id, 1);
      continue;
    }
    const rows = recorded.filter((r) => r.siteId === s.id);
    const atOrBefore = rows.filter((r) => r.year <= year).sort((a, b) => b.year - a.year)[0];
    out.set(s.id, (atOrBefore ?? rows.sort((a, b) => a.year - b.year)[0])?.pue ?? null);
  }
  return out;
}

const isOwned = (s: DeviceStatus) => OWNED_STATUSES.includes(s);
const isPowered = (s: DeviceStatus) => POWERED_STATUSES.includes(s);

export function fleetSummary(db: Db, options: FleetSummaryOptions = {}): FleetSummary {
  const at = toIsoDate(options.at);
  const grid = options.gridKgPerKwh ?? FRENCH_GRID_FACTOR.value;
  const { all, scope } = resolveSites(db, options.siteCodes);
  const scopeIds = scope ? scope.map((s) => s.id) : null;
  const pue = pueBySite(db, all, at);
  const pueOf = (siteId: number | null) => (siteId === null ? 1 : (pue.get(siteId) ?? 1));
  const atDate = at.slice(0, 10);
  // Age buckets compare purchase dates with these bounds: "< 1 year" means bought after the date 1 year before.
  const groups = fleetAggregates(db, ageBounds(at), scopeIds);
  const atJd = julianDay(atDate);

  const byType = Object.fromEntries(DEVICE_TYPES.map((t) => [t, 0])) as Record<DeviceType, number>;
  const byStatus = Object.fromEntries(DEVICE_STATUSES.map((s) => [s, 0])) as Record<DeviceStatus, number>;
  const ages = () => Object.fromEntries(AGE_BUCKETS.map((b) => [b, 0])) as Record<AgeBucket, number>;
  const byAge = ages();
  const ageByType: Partial<Record<DeviceType, Record<AgeBucket, number>>> = {};
  const perType = new Map<DeviceType, TypeSummary>(DEVICE_TYPES.map((t) => [t, { type: t, count: 0, owned: 0, ...zero() }]));
  type SiteRaw = { count: number; owned: number; fp: Footprint; kwh: number; byType: Partial<Record<DeviceType, number>>; byStatus: Partial<Record<DeviceStatus, number>> };
  const perSiteRaw = new Map<number | null, SiteRaw>();
  const emptySite = (): SiteRaw => ({ count: 0, owned: 0, fp: zero(), kwh: 0, byType: {}, byStatus: {} });
  const sources = { device: 0, boavizta: 0, typeDefault: 0 };
  const matches = { exact: 0, prefix: 0, genericWordsRemoved: 0, none: 0 };
  let deviceCount = 0;
  let owned = 0;
  let ownedWithAge = 0;
  let purchaseJdSum = 0;
  let pastLifetime = 0;
  let refurbished = 0;
  let embodiedKgTotal = 0;
  let estimatedYearlyKwh = 0;
  let devicesWithMeasuredKwh = 0;

  for (const g of groups as FleetGroup[]) {
    deviceCount += g.n;
    byType[g.type] += g.n;
    byStatus[g.status] += g.n;
    sources.device += g.embodiedFromDevice ?? 0;
    sources.boavizta += g.embodiedFromBoavizta ?? 0;
    sources.typeDefault += g.embodiedFromDefault ?? 0;
    matches.exact += g.matchExact ?? 0;
    matches.prefix += g.matchPrefix ?? 0;
    matches.genericWordsRemoved += g.matchGenericWordsRemoved ?? 0;
    matches.none += g.n - (g.matchExact ?? 0) - (g.matchPrefix ?? 0) - (g.matchGenericWordsRemoved ?? 0);
    const t = perType.get(g.type)!;
    t.count += g.n;
    const site = perSiteRaw.get(g.siteId) ?? emptySite();
    perSiteRaw.set(g.siteId, site);
    site.count += g.n;
    site.byType[g.type] = (site.byType[g.type] ?? 0) + g.n;
    site.byStatus[g.status] = (site.byStatus[g.status] ?? 0) + g.n;
    if (isOwned(g.status)) {
      owned += g.n;
      t.owned += g.n;
      site.owned += g.n;
      for (const a of [byAge, (ageByType[g.type] ??= ages())]) {
        a['0-1'] += g.age01;
        a['1-3'] += g.age13;
        a['3-5'] += g.age35;
        a['5-7'] += g.age57;
        a['7+'] += g.age7;
        a.unknown += g.n - g.withAge;
      }
      ownedWithAge += g.withAge;
      purchaseJdSum += g.purchaseJdSum;
      pastLifetime += g.pastLifetime;
      refurbished += g.refurbished;
      embodiedKgTotal += g.embodiedKgSum;
      t.annualEmbodiedKg += g.annualEmbodiedKgSum;
      site.fp.annualEmbodiedKg += g.annualEmbodiedKgSum;
    }
    if (isPowered(g.status)) {
      const kwh = g.yearlyKwhSum * pueOf(g.siteId);
      estimatedYearlyKwh += kwh;
      site.kwh += kwh;
      devicesWithMeasuredKwh += g.measuredKwhDevices ?? 0;
      t.annualUseKg += annualUseKg(kwh, grid);
      site.fp.annualUseKg += annualUseKg(kwh, grid);
    }
  }
  for (const t of perType.values()) t.annualTotalKg = t.annualEmbodiedKg + t.annualUseKg;

  // Hosts with VMs: move their footprint to the sites their VMs serve.
  const allocIn = new Map<number | null, number>();
  const allocOut = new Map<number | null, number>();
  const vmsByHost = new Map<number, { servedSiteId: number | null; vcpus: number | null }[]>();
  for (const vm of listVms(db)) {
    const list = vmsByHost.get(vm.hostDeviceId) ?? [];
    list.push(vm);
    vmsByHost.set(vm.hostDeviceId, list);
  }
  for (const host of hostsWithVms(db, at)) {
    const hostKg =
      (isOwned(host.status) ? host.annualEmbodiedKg : 0) +
      (isPowered(host.status) ? annualUseKg(host.yearlyKwh, grid, pueOf(host.siteId)) : 0);
    for (const [served, share] of hostAllocation(vmsByHost.get(host.id) ?? [])) {
      if (served === host.siteId) continue;
      allocOut.set(host.siteId, (allocOut.get(host.siteId) ?? 0) + hostKg * share);
      allocIn.set(served, (allocIn.get(served) ?? 0) + hostKg * share);
    }
  }

  const sitesInScope = scope ?? all;
  const perSite: SiteSummary[] = sitesInScope.map((s) => {
    const raw = perSiteRaw.get(s.id) ?? emptySite();
    const annualTotalKg = raw.fp.annualEmbodiedKg + raw.fp.annualUseKg;
    const inKg = allocIn.get(s.id) ?? 0;
    const outKg = allocOut.get(s.id) ?? 0;
    return {
      code: s.code,
      name: s.name,
      kind: s.kind,
      pue: pue.get(s.id) ?? null,
      count: raw.count,
      owned: raw.owned,
      byType: raw.byType,
      byStatus: raw.byStatus,
      annualEmbodiedKg: raw.fp.annualEmbodiedKg,
      annualUseKg: raw.fp.annualUseKg,
      annualTotalKg,
      allocatedInKg: inKg,
      allocatedOutKg: outKg,
      annualAfterAllocationKg: annualTotalKg + inKg - outKg,
    };
  });

  // Energy measured at site level in the 12 months before `at`, prorated by overlap.
  // The 365 days that end with `at` (its end of day, for a bare date): [end − 365 days, end).
  const end = new Date(Date.parse(at) + 1);
  const start = new Date(end.getTime() - 365 * DAY_MS);
  const inScope = new Set(sitesInScope.map((s) => s.id));
  const metered = new Map<number, number>();
  // Time each site's readings cover inside the window, so the estimate is compared over those days only.
  const covered = new Map<number, [number, number][]>();
  for (const r of readingsOverlapping(db, start.toISOString(), end.toISOString())) {
    if (r.siteId === null || r.deviceId !== null || !inScope.has(r.siteId)) continue;
    const ps = Date.parse(r.periodStart);
    const pe = Date.parse(r.periodEnd);
    if (!(pe > ps)) continue;
    const from = Math.max(ps, start.getTime());
    const to = Math.min(pe, end.getTime());
    const overlap = Math.max(0, to - from);
    metered.set(r.siteId, (metered.get(r.siteId) ?? 0) + (r.kwh * overlap) / (pe - ps));
    if (overlap > 0) covered.set(r.siteId, [...(covered.get(r.siteId) ?? []), [from, to]]);
  }
  const meteredSites = sitesInScope.filter((s) => metered.has(s.id));
  const windowDays = (end.getTime() - start.getTime()) / DAY_MS;
  const siteCoveredDays = new Map([...covered].map(([id, spans]) => [id, unionMs(spans) / DAY_MS]));

  const footprintAnnualEmbodied = [...perType.values()].reduce((s, t) => s + t.annualEmbodiedKg, 0);
  const footprintAnnualUse = [...perType.values()].reduce((s, t) => s + t.annualUseKg, 0);
  return {
    at,
    methodVersion: LIFECYCLE_METHOD_VERSION,
    gridFactor: options.gridKgPerKwh === undefined ? FRENCH_GRID_FACTOR : { ...FRENCH_GRID_FACTOR, value: grid, source: 'given by the user' },
    attribution: BOAVIZTA_ATTRIBUTION,
    siteCodes: scope ? scope.map((s) => s.code) : null,
    deviceCount,
    byType,
    byStatus,
    byAge,
    ageByType,
    // Mean age in years of 365.25 days: at − mean purchase day.
    averageAgeYears: ownedWithAge ? (atJd - purchaseJdSum / ownedWithAge) / 365.25 : null,
    pastLifetimeShare: ownedWithAge ? pastLifetime / ownedWithAge : null,
    refurbishedShare: owned ? refurbished / owned : null,
    redeployedShare: owned ? byStatus.redeployed / owned : null,
    donatedCount: byStatus.refurbished,
    d3e: { total: byStatus.d3e, last12Months: statusChangeCount(db, 'd3e', scopeIds, start.toISOString(), at) },
    embodiedSources: { ...sources, none: deviceCount - sources.device - sources.boavizta - sources.typeDefault },
    boaviztaMatches: matches,
    embodiedKgTotal,
    footprint: {
      annualEmbodiedKg: footprintAnnualEmbodied,
      annualUseKg: footprintAnnualUse,
      annualTotalKg: footprintAnnualEmbodied + footprintAnnualUse,
    },
    energy: {
      estimatedYearlyKwh,
      devicesWithMeasuredKwh,
      measuredSiteKwh12Months: [...metered.values()].reduce((a, b) => a + b, 0),
      estimatedKwhForMeteredSites: meteredSites.reduce((a, s) => a + (perSiteRaw.get(s.id)?.kwh ?? 0), 0),
      estimatedKwhOnCoveredDays: meteredSites.reduce(
        (a, s) => a + ((perSiteRaw.get(s.id)?.kwh ?? 0) * (siteCoveredDays.get(s.id) ?? 0)) / windowDays,
        0,
      ),
      coverage: {
        days: unionMs([...covered.values()].flat()) / DAY_MS,
        windowDays,
        bySite: meteredSites.map((s) => ({ code: s.code, days: siteCoveredDays.get(s.id) ?? 0 })),
      },
      meteredSiteCodes: meteredSites.map((s) => s.code),
      window: { start: start.toISOString(), end: at },
    },
    perType: [...perType.values()].filter((t) => t.count > 0),
    perSite,
    embodiedOutliers: fleetEmbodiedOutliers(db, scopeIds),
  };
}

/** Length of the union of [from, to) spans, ms (overlapping readings count once). */
function unionMs(spans: readonly [number, number][]): number {
  let total = 0;
  let reach = -Infinity;
  for (const [from, to] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (to <= reach) continue;
    total += to - Math.max(from, reach);
    reach = to;
  }
  return total;
}

/** Share of the window below which a metered-vs-estimated comparison is flagged as partial. */
export const ENERGY_COVERAGE_WARNING_SHARE = 0.8;

function zero(): Footprint {
  return { annualEmbodiedKg: 0, annualUseKg: 0, annualTotalKg: 0 };
}
