/**
 * Loads the demo fleet of samples/inventory into a store: three lycées, the head office, the data centre with its
 * PUE and VMs, ~300 devices in our template, a small GLPI export, and a year of energy readings.
 * Idempotent: running it twice changes nothing. Used by `numresp inventory sample` (and available to `numresp sample`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../store/database.js';
import { getSiteByCode, setSitePue, upsertSite, type SiteKind } from '../store/sites.js';
import { projectRoot } from '../util/project-root.js';
import { importDevices, type DeviceImportReport } from './import/devices-import.js';
import { importEnergy, type EnergyImportReport } from './import/energy-import.js';
import { importVmDeclarations } from './import/vm-import.js';

export const SAMPLE_SITES: { code: string; name: string; kind: SiteKind }[] = [
  { code: 'LYC-JM', name: 'Lycée Jean Moulin', kind: 'lycee' },
  { code: 'LYC-MC', name: 'Lycée Marie Curie', kind: 'lycee' },
  { code: 'LYC-VH', name: 'Lycée Victor Hugo', kind: 'lycee' },
  { code: 'SIEGE', name: 'Hôtel de Région', kind: 'office' },
  { code: 'DC-01', name: 'Data centre régional', kind: 'datacenter' },
];
/** Illustrative PUE of the sample data centre (a sample value, not a measurement). */
export const SAMPLE_PUE = [
  { year: 2024, pue: 1.62 },
  { year: 2025, pue: 1.55 },
];

export interface SampleLoadReport {
  fleet: DeviceImportReport;
  glpi: DeviceImportReport;
  vms: number;
  energy: EnergyImportReport;
}

export function inventorySampleDir(): string {
  return join(projectRoot(), 'samples', 'inventory');
}

export function loadInventorySample(db: Db, dir = inventorySampleDir()): SampleLoadReport {
  for (const s of SAMPLE_SITES) upsertSite(db, s);
  const dc = getSiteByCode(db, 'DC-01')!;
  for (const p of SAMPLE_PUE) setSitePue(db, dc.id, p.year, p.pue, 'numresp sample (illustrative)');
  const fleet = importDevices(db, readFileSync(join(dir, 'fleet.csv')), { fileLabel: 'samples/inventory/fleet.csv', preset: 'numresp' });
  const glpi = importDevices(db, readFileSync(join(dir, 'glpi-lycee-jean-moulin.csv')), { fileLabel: 'samples/inventory/glpi-lycee-jean-moulin.csv', preset: 'glpi' });
  // The same validated path as `inventory vm import`: a bad row of the sample is an error, not a silent skip.
  const vmReport = importVmDeclarations(db, readFileSync(join(dir, 'vms.csv')), 'samples/inventory/vms.csv');
  if (vmReport.rejections.length) {
    const r = vmReport.rejections[0];
    throw new Error(`samples/inventory/vms.csv line ${r.line}: ${r.reason}`);
  }
  const vms = vmReport.imported + vmReport.updated + vmReport.unchanged;
  const energy = importEnergy(db, readFileSync(join(dir, 'energy-readings.csv')), 'samples/inventory/energy-readings.csv');
  return { fleet, glpi, vms, energy };
}
