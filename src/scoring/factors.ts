/**
 * Reference factors of the equipment lifecycle model, each with its value, unit, year and source.
 * Pure data: no I/O. The Boavizta dataset itself is loaded by src/inventory/boavizta.ts.
 * See docs/lifecycle.md for how they combine.
 */

import type { DeviceType } from '../model/devices.js';
// The vocabulary lives in src/model; re-exported here for the modules that read it with the factors.
export { DEVICE_STATUSES, DEVICE_TYPES, type DeviceStatus, type DeviceType } from '../model/devices.js';

/** Version stamped on every per-device lifecycle figure; bump when a factor or rule below changes. */
export const LIFECYCLE_METHOD_VERSION = 'numresp-lifecycle-1 (ADEME/Arcep 2022 via impactco2, Boavizta 2023-02-23, grid FR 2019)';

export interface Factor {
  value: number;
  unit: string;
  year: number;
  source: string;
}

/**
 * Electricity emission factor of the French grid: 0.098 kgCO2e/kWh, reference year 2019.
 * Source: Boavizta/boaviztapi `boaviztapi/data/crowdsourcing/electrical_mix.csv`, row "Climate change" (gwp,
 * priority 1), column FRA, which cites Scarlat et al., "Quantification of the carbon intensity of electricity produced
 * and used in Europe", Applied Energy 2022 (https://www.sciencedirect.com/science/article/pii/S0306261921012149).
 * Configurable per run (`--grid-kg-per-kwh`).
 */
export const FRENCH_GRID_FACTOR: Factor = {
  value: 0.098,
  unit: 'kgCO2e/kWh',
  year: 2019,
  source: 'Boavizta boaviztapi electrical_mix.csv (FRA, gwp), after Scarlat et al. 2022, Applied Energy',
};

const ADEME_SOURCE =
  'ADEME/Arcep 2022 "Évaluation de l\'impact environnemental du numérique en France", via incubateur-ademe/impactco2 src/data/categories/numerique.json';
const BOAVIZTA_SOURCE = 'Boavizta environmental-footprint-data (commit 61323eb, 2023-02-23), ODbL 1.0';

export interface TypeDefaults {
  /** Manufacture (construction, assembly) + distribution, kgCO2e per device; null when no public source gives one. */
  embodiedKg: number | null;
  embodiedSource: string;
  /** Planned lifetime when the device has none, years; null when no public source gives one. */
  lifetimeYears: number | null;
  lifetimeSource: string;
  /** Electricity used per year when neither a reading nor a dataset match gives it, kWh/year; null when unsourced. */
  yearlyKwh: number | null;
  yearlyKwhSource: string;
}

/**
 * Default figures per device type.
 *
 * ADEME (impactco2 `numerique.json`, figures of the ADEME/Arcep 2022 study): embodied = ecv id 5 ("Construction") +
 * ecv id 4 ("Assemblage et distribution"), names from impactco2 src/data/ecv.json, kgCO2e; `usage.defaultyears` gives the lifetime. End of life (`end`, e.g. 2.8 kg for a
 * laptop) is listed apart by impactco2 and not included, so these match the figures quoted in issue 4
 * (laptop 182.6, desktop 204.4, monitor 65.9).
 *   laptop "ordinateurportable": 170.3 + 12.3 = 182.6 kg, 5 years
 *   desktop "ordinateurfixeprofessionnel" (without screen): 202.6 + 1.8 = 204.4 kg, 6 years
 *   monitor "ecran": 64.6 + 1.3 = 65.9 kg, 6 years
 *   tablet "tabletteclassique": 56.3 + 3.4 = 59.7 kg, 3 years
 *   smartphone "smartphone": 83 + 2.1 = 85.1 kg, 2.5 years
 * Types ADEME does not cover (thin client, server, printer, network, other) take the median over the Boavizta
 * dataset rows of the matching subcategory of gwp_total × (1 − gwp_use_ratio) and of `lifetime`; "other" takes the
 * median over all rows. Yearly kWh is, for every type, the median `yearly_tec` of the subcategory's rows.
 * test/inventory/factors.test.ts recomputes every Boavizta median from the CSV, so these cannot drift.
 */
export const TYPE_DEFAULTS: Record<DeviceType, TypeDefaults> = {
  laptop: ademe(182.6, 5, 18.78, 'Laptop', 225),
  desktop: ademe(204.4, 6, 56.5472, 'Desktop', 149),
  monitor: ademe(65.9, 6, 40.88, 'Monitor', 224),
  tablet: ademe(59.7, 3, 14.75, 'Tablet', 10),
  smartphone: ademe(85.1, 2.5, 7, 'Smartphone', 16),
  'thin-client': boavizta(47.64, 2, 41.42, 'Thin Client + Thin client', 16, 16),
  server: boavizta(1278, 4, 1528.62, 'Server', 55, 48),
  printer: boavizta(129.956, 5, 19.24, 'Printer', 11, 11),
  network: boavizta(19, 4, 36.5, 'Network', 4, 4),
  other: boavizta(265.66, 4, 34.0284, 'all', 1151, 734),
  // Types added for the equipment schools hold (issue 11). Neither the ADEME/Arcep 2022 figures published in impactco2
  // nor the Boavizta dataset has rows for them (its one "SAN/NAS" row is a 190 t enterprise storage platform, not a
  // school NAS): no default is invented. Such a device counts in the fleet with no embodied or use figure, said as
  // such ('none') until a figure is given for it (embodied_kg / yearly_kwh columns) or its model matches a dataset row.
  'video-projector': none('a video projector'),
  'interactive-display': none('an interactive display (TNI/TBI/ENI)'),
  ups: none('a UPS'),
  storage: none('a NAS / storage array'),
  'desk-phone': none('a desk IP phone'),
  'docking-station': none('a docking station'),
  'document-camera': none('a document camera'),
};

function none(what: string): TypeDefaults {
  const why = `no public default for ${what} in ADEME/Arcep 2022 (impactco2) or the Boavizta dataset`;
  return { embodiedKg: null, embodiedSource: why, lifetimeYears: null, lifetimeSource: why, yearlyKwh: null, yearlyKwhSource: why };
}

function ademe(embodiedKg: number, lifetimeYears: number, yearlyKwh: number, sub: string, nKwh: number): TypeDefaults {
  return {
    embodiedKg,
    embodiedSource: `ADEME default (${ADEME_SOURCE})`,
    lifetimeYears,
    lifetimeSource: `ADEME usage.defaultyears (${ADEME_SOURCE})`,
    yearlyKwh,
    yearlyKwhSource: `median yearly_tec of ${nKwh} Boavizta "${sub}" rows (${BOAVIZTA_SOURCE})`,
  };
}

function boavizta(
  embodiedKg: number,
  lifetimeYears: number,
  yearlyKwh: number,
  sub: string,
  nEmbodied: number,
  nKwh: number,
): TypeDefaults {
  return {
    embodiedKg,
    embodiedSource: `median gwp_total×(1−gwp_use_ratio) of ${nEmbodied} Boavizta "${sub}" rows (${BOAVIZTA_SOURCE})`,
    lifetimeYears,
    lifetimeSource: `median lifetime of Boavizta "${sub}" rows (${BOAVIZTA_SOURCE})`,
    yearlyKwh,
    yearlyKwhSource: `median yearly_tec of ${nKwh} Boavizta "${sub}" rows (${BOAVIZTA_SOURCE})`,
  };
}

/**
 * Share of a new device's embodied footprint that a refurbished one carries: 0.13 (i.e. −87 %).
 * Source: ADEME, "Évaluation de l'impact environnemental d'un ensemble de produits reconditionnés", Sept. 2022:
 * a refurbished smartphone cuts the yearly climate-change impact by 87 % against a new one. ADEME published that
 * figure for smartphones; applying it to other types is our approximation (documented in docs/lifecycle.md),
 * configurable with `--refurbished-embodied-share`.
 */
export const REFURBISHED_EMBODIED_SHARE: Factor = {
  value: 0.13,
  unit: 'share of new embodied kgCO2e',
  year: 2022,
  source: 'ADEME 2022, Évaluation de l\'impact environnemental d\'un ensemble de produits reconditionnés (smartphone, climate change −87 %)',
};
