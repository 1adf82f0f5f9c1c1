/**
 * `energy import`: metered kWh per site or per device over a period, e.g. from the building's meters or smart PDUs.
 * Columns (French or English): site | device (serial), period_start, period_end, kwh, [source].
 * Devices with readings then take their yearly kWh from them (recomputed lifecycle figures).
 */
import { createHash } from 'node:crypto';
import type { Db, OnStoreBusy } from '../../store/database.js';
import { nowIso, writeOrRehearse } from '../../store/database.js';
import { overlappingReading, upsertReading } from '../../store/energy.js';
import { getDeviceBySerial } from '../../store/devices.js';
import { listSites } from '../../store/sites.js';
import { recordImport } from '../../store/imports.js';
import { UserError } from '../../model/errors.js';
import { recomputeLifecycle } from '../save.js';
import { parseTable } from './decode.js';
import { columnIndexes, foldHeader } from './presets.js';
import { looksLikeFormula, parseDate, parseNumber } from './values.js';
import type { Rejection } from './devices-import.js';

const COLUMNS = {
  site: ['site', 'code site', 'site code'],
  device: ['device', 'serial', 'numero de serie', 'equipement', 'device serial'],
  periodStart: ['period start', 'period_start', 'start', 'debut', 'date debut', 'du'],
  periodEnd: ['period end', 'period_end', 'end', 'fin', 'date fin', 'au'],
  kwh: ['kwh', 'consommation kwh', 'energy kwh', 'energie kwh', 'consommation'],
  source: ['source', 'compteur', 'meter'],
};

/**
 * Physical bounds on a reading (issue 16.8): the mean power over the period may not exceed these, so a typo
 * (kwh=1e308, a meter's Wh read as kWh…) is refused instead of shown as "∞ kWh".
 * A device meter: 20 kW, a fully loaded high-density rack, above any single device (servers draw ≤ 3 kW).
 * A site meter: 100 MW, the order of the largest data-centre campuses (IEA, "Data Centres and Data Transmission
 * Networks", 2023: hyperscale sites of 100 MW and more are the exception).
 */
export const MAX_MEAN_KW = { device: 20, site: 100_000 } as const;

export interface EnergyImportReport {
  file: string;
  read: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejections: Rejection[];
  devicesRecomputed: number;
}

export function importEnergy(db: Db, bytes: Uint8Array, fileLabel: string, options: { dryRun?: boolean; onBusy?: OnStoreBusy } = {}): EnergyImportReport {
  const table = parseTable(bytes, fileLabel);
  const cols = Object.fromEntries(Object.entries(COLUMNS).map(([k, v]) => [k, v.map(foldHeader)]));
  const idx = columnIndexes(table.header, cols as never) as Record<keyof typeof COLUMNS, number | undefined>;
  for (const need of ['periodStart', 'periodEnd', 'kwh'] as const) {
    if (idx[need] === undefined) {
      throw new UserError(`${fileLabel}: no ${need} column; expected columns site|device, period_start, period_end, kwh`);
    }
  }
  if (idx.site === undefined && idx.device === undefined) throw new UserError(`${fileLabel}: needs a site or a device column`);
  const sites = new Map(listSites(db).map((s) => [s.code, s]));
  const report: EnergyImportReport = { file: fileLabel, read: table.rows.length, imported: 0, updated: 0, unchanged: 0, rejected: 0, rejections: [], devicesRecomputed: 0 };
  const deviceIds = new Set<number>();
  const run = () => {
    for (const { line, cells } of table.rows) {
      const cell = (k: keyof typeof COLUMNS) => (idx[k] === undefined ? '' : (cells[idx[k]!] ?? '').trim());
      const reject = (reason: string) => report.rejections.push({ line, reason });
      if ([cell('site'), cell('device'), cell('source')].some(looksLikeFormula)) {
        reject('a cell looks like a spreadsheet formula');
        continue;
      }
      const start = parseDate(cell('periodStart'));
      const end = parseDate(cell('periodEnd'));
      const kwh = parseNumber(cell('kwh'));
      if (start === null || start === 'invalid' || end === null || end === 'invalid') {
        reject(`period "${cell('periodStart')}" – "${cell('periodEnd')}" is not two dates`);
        continue;
      }
      if (end <= start) {
        reject(`period end ${end} is not after its start ${start}`);
        continue;
      }
      if (typeof kwh !== 'number' || kwh < 0) {
        reject(`kwh "${cell('kwh')}" is not a number ≥ 0`);
        continue;
      }
      const hours = Math.max(1, (Date.parse(end) - Date.parse(start)) / 3_600_000);
      const maxKwh = MAX_MEAN_KW[cell('device') ? 'device' : 'site'] * hours;
      if (kwh > maxKwh) {
        reject(
          `kwh ${cell('kwh')} over ${start} – ${end} is a mean of ${Math.round(kwh / hours).toLocaleString('en')} kW, above the ${cell('device') ? 'device' : 'site'} bound of ` +
            `${MAX_MEAN_KW[cell('device') ? 'device' : 'site'].toLocaleString('en')} kW (docs/security.md); check the unit (Wh or kWh?)`,
        );
        continue;
      }
      let siteId: number | null = null;
      let deviceId: number | null = null;
      if (cell('device')) {
        const d = getDeviceBySerial(db, cell('device'));
        if (!d) {
          reject(`unknown device serial "${cell('device')}"; import the inventory first`);
          continue;
        }
        deviceId = d.id;
      } else if (cell('site')) {
        const s = sites.get(cell('site'));
        if (!s) {
          reject(`unknown site "${cell('site')}"; add it with numresp sites add`);
          continue;
        }
        siteId = s.id;
      } else {
        reject('neither a site nor a device');
        continue;
      }
      const overlap = overlappingReading(db, { siteId, deviceId, periodStart: start, periodEnd: end });
      if (overlap) {
        reject(`period ${start} – ${end} overlaps the reading ${overlap.periodStart} – ${overlap.periodEnd} of the same meter; a meter's periods must not overlap`);
        continue;
      }
      const outcome = upsertReading(db, { siteId, deviceId, periodStart: start, periodEnd: end, kwh, source: cell('source') || fileLabel });
      report[outcome === 'inserted' ? 'imported' : outcome]++;
      if (deviceId !== null && outcome !== 'unchanged') deviceIds.add(deviceId);
    }
    report.rejected = report.rejections.length;
    report.devicesRecomputed = deviceIds.size ? recomputeLifecycle(db, [...deviceIds]) : 0;
    if (!options.dryRun) {
      recordImport(db, {
        kind: 'energy',
        file: fileLabel,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        importedAt: nowIso(),
        counts: { read: report.read, imported: report.imported, updated: report.updated, unchanged: report.unchanged, rejected: report.rejected },
      });
    }
  };
  writeOrRehearse(db, run, options);
  return report;
}
