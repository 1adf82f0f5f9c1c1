/**
 * Equipment lifecycle model: pure, synchronous maths over one device's facts and the reference factors.
 * Method and sources: docs/lifecycle.md and src/scoring/factors.ts.
 *
 *   embodied kgCO2e  = value given for the device
 *                    | Boavizta manufacturer+model match: gwp_total × (1 − gwp_use_ratio)
 *                    | type default (ADEME, else Boavizta subcategory median)
 *                    (× refurbished share when the device was bought refurbished)
 *   yearly kWh       = from metered readings | given for the device | Boavizta yearly_tec | type default
 *   annual use kg    = yearly kWh × PUE (data-centre sites, else 1) × grid kgCO2e/kWh
 *   annualised kg    = embodied ÷ lifetime years + annual use kg
 */
import {
  FRENCH_GRID_FACTOR,
  LIFECYCLE_METHOD_VERSION,
  REFURBISHED_EMBODIED_SHARE,
  TYPE_DEFAULTS,
  type DeviceStatus,
  type DeviceType,
} from './factors.js';

/** Where a device's embodied figure came from; stored per device. */
// 'none': the type has no public default (src/scoring/factors.ts) and nothing else gave a figure.
export type EmbodiedSource = 'device' | 'boavizta' | 'type-default' | 'none';
export type LifetimeSource = 'device' | 'type-default' | 'none';
export type KwhSource = 'reading' | 'device' | 'boavizta' | 'type-default' | 'none';

/** How a model found its Boavizta rows: its whole name, a whole-word prefix, or after French generic words were dropped. */
export type MatchQuality = 'exact' | 'prefix' | 'generic-words-removed';

/** A Boavizta dataset match for one manufacturer + model (see src/inventory/boavizta.ts). */
export interface BoaviztaMatch {
  /** Mean over the matched rows that have gwp_use_ratio of gwp_total × (1 − gwp_use_ratio), kgCO2e; null when none has. */
  embodiedKg: number | null;
  /** Mean yearly_tec of the matched rows that give it, kWh/year; null when none does. */
  yearlyKwh: number | null;
  /** Dataset names matched, for traceability ("Latitude 5420" or "OptiPlex 7090 Tower | OptiPlex 7090 Micro"). */
  matchedNames: string;
  quality: MatchQuality;
}

export interface BoaviztaLookup {
  match(manufacturer: string | null | undefined, model: string | null | undefined): BoaviztaMatch | null;
}

export interface DeviceFacts {
  type: DeviceType;
  manufacturer?: string | null;
  model?: string | null;
  /** Embodied kgCO2e given for this very device (e.g. from its manufacturer sheet). */
  embodiedKg?: number | null;
  lifetimeYears?: number | null;
  /** kWh/year given for the device. */
  yearlyKwh?: number | null;
  /** kWh/year annualised from metered readings of this device; wins over every other source. */
  measuredYearlyKwh?: number | null;
  /** The device was bought refurbished (second life), not new. */
  refurbished?: boolean;
}

export interface DeviceLifecycle {
  /** null when no figure exists for the device (source 'none'). */
  embodiedKg: number | null;
  embodiedSource: EmbodiedSource;
  /** Which dataset rows or default gave the embodied figure. */
  embodiedMatch: string | null;
  /** How the model name matched the Boavizta dataset when a matched row gave the embodied or the kWh figure (issue 17.3); null when none did. */
  matchQuality: MatchQuality | null;
  lifetimeYears: number | null;
  lifetimeSource: LifetimeSource;
  yearlyKwh: number | null;
  kwhSource: KwhSource;
  methodVersion: string;
}

export interface LifecycleOptions {
  /** Share of the new-device embodied footprint carried by a refurbished device (default 0.13, ADEME 2022). */
  refurbishedEmbodiedShare?: number;
}

const positive = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
const nonNegative = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

export function deviceLifecycle(
  device: DeviceFacts,
  boavizta: BoaviztaLookup | null,
  options: LifecycleOptions = {},
): DeviceLifecycle {
  const defaults = TYPE_DEFAULTS[device.type];
  const match = boavizta ? boavizta.match(device.manufacturer, device.model) : null;

  let embodiedKg: number | null;
  let embodiedSource: EmbodiedSource;
  let embodiedMatch: string | null;
  if (positive(device.embodiedKg)) {
    [embodiedKg, embodiedSource, embodiedMatch] = [device.embodiedKg, 'device', null];
  } else if (match && match.embodiedKg !== null) {
    [embodiedKg, embodiedSource, embodiedMatch] = [match.embodiedKg, 'boavizta', match.matchedNames];
  } else if (defaults.embodiedKg !== null) {
    [embodiedKg, embodiedSource, embodiedMatch] = [defaults.embodiedKg, 'type-default', defaults.embodiedSource];
  } else {
    [embodiedKg, embodiedSource, embodiedMatch] = [null, 'none', defaults.embodiedSource];
  }
  // A value given for the device is taken as is: its owner knows whether it is a second-life figure.
  if (device.refurbished && embodiedSource !== 'device' && embodiedKg !== null) {
    embodiedKg *= options.refurbishedEmbodiedShare ?? REFURBISHED_EMBODIED_SHARE.value;
  }

  const lifetimeYears = positive(device.lifetimeYears) ? device.lifetimeYears : defaults.lifetimeYears;
  const lifetimeSource: LifetimeSource = positive(device.lifetimeYears) ? 'device' : defaults.lifetimeYears !== null ? 'type-default' : 'none';

  let yearlyKwh: number | null;
  let kwhSource: KwhSource;
  if (nonNegative(device.measuredYearlyKwh)) [yearlyKwh, kwhSource] = [device.measuredYearlyKwh, 'reading'];
  else if (nonNegative(device.yearlyKwh)) [yearlyKwh, kwhSource] = [device.yearlyKwh, 'device'];
  else if (match && match.yearlyKwh !== null) [yearlyKwh, kwhSource] = [match.yearlyKwh, 'boavizta'];
  else if (defaults.yearlyKwh !== null) [yearlyKwh, kwhSource] = [defaults.yearlyKwh, 'type-default'];
  else [yearlyKwh, kwhSource] = [null, 'none'];

  const matchQuality = match && (embodiedSource === 'boavizta' || kwhSource === 'boavizta') ? match.quality : null;
  return {
    embodiedKg,
    embodiedSource,
    embodiedMatch,
    matchQuality,
    lifetimeYears,
    lifetimeSource,
    yearlyKwh,
    kwhSource,
    methodVersion: LIFECYCLE_METHOD_VERSION,
  };
}

/** Embodied footprint spread over the lifetime, kgCO2e/year. */
export function annualEmbodiedKg(embodiedKg: number, lifetimeYears: number): number {
  return embodiedKg / lifetimeYears;
}

/** Use-phase footprint, kgCO2e/year: kWh × PUE (1 outside data centres) × grid factor. */
export function annualUseKg(yearlyKwh: number, gridKgPerKwh: number = FRENCH_GRID_FACTOR.value, pue = 1): number {
  return yearlyKwh * pue * gridKgPerKwh;
}

/** Annualised footprint = embodied ÷ lifetime + yearly use, kgCO2e/year. */
export function annualisedKg(lc: Pick<DeviceLifecycle, 'embodiedKg' | 'lifetimeYears' | 'yearlyKwh'>, gridKgPerKwh?: number, pue = 1): number {
  // A figure that does not exist (source 'none') adds nothing; the coverage says how many devices lack one.
  const embodied = lc.embodiedKg !== null && lc.lifetimeYears !== null ? annualEmbodiedKg(lc.embodiedKg, lc.lifetimeYears) : 0;
  return embodied + (lc.yearlyKwh !== null ? annualUseKg(lc.yearlyKwh, gridKgPerKwh, pue) : 0);
}

/** Devices still owned: their embodied footprint is amortised. Gone ones (donated, D3E, lost) are not. */
export const OWNED_STATUSES: readonly DeviceStatus[] = ['in-service', 'in-stock', 'redeployed'];
/** Devices drawing power: stock sits unplugged. */
export const POWERED_STATUSES: readonly DeviceStatus[] = ['in-service', 'redeployed'];

/**
 * Kilowatt-hours per year from metered readings: total kWh ÷ total days covered × 365.
 * Returns null when the readings cover no time.
 */
export function yearlyKwhFromReadings(readings: readonly { kwh: number; days: number }[]): number | null {
  let kwh = 0;
  let days = 0;
  for (const r of readings) {
    if (r.days > 0 && r.kwh >= 0) {
      kwh += r.kwh;
      days += r.days;
    }
  }
  return days > 0 ? (kwh / days) * 365 : null;
}

/**
 * Share of a host's footprint that each served site carries: by vCPUs when every VM gives them, else one share per VM.
 * Returns an empty map for a host without VMs (its footprint stays at its own site).
 */
export function hostAllocation(vms: readonly { servedSiteId: number | null; vcpus: number | null }[]): Map<number | null, number> {
  const shares = new Map<number | null, number>();
  if (vms.length === 0) return shares;
  const byVcpu = vms.every((v) => positive(v.vcpus));
  const total = byVcpu ? vms.reduce((s, v) => s + (v.vcpus as number), 0) : vms.length;
  for (const v of vms) {
    const w = (byVcpu ? (v.vcpus as number) : 1) / total;
    shares.set(v.servedSiteId, (shares.get(v.servedSiteId) ?? 0) + w);
  }
  return shares;
}
