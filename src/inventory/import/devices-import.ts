/**
 * `inventory import`: reads a GLPI / OCS / Snipe-IT / numresp CSV export, validates each row, and saves the valid
 * ones in one transaction. Rejected rows are reported with their line and reason; re-importing the same file
 * changes nothing (idempotent upsert by serial, then uuid).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db, OnStoreBusy } from '../../store/database.js';
import { nowIso, writeTransaction } from '../../store/database.js';
import { listSites, type Site } from '../../store/sites.js';
import { recordImport } from '../../store/imports.js';
import type { DeviceInput } from '../../store/devices.js';
import { UserError } from '../../model/errors.js';
import { DEVICE_STATUSES, DEVICE_TYPES, type DeviceStatus, type DeviceType } from '../../scoring/factors.js';
import type { LifecycleOptions } from '../../scoring/lifecycle.js';
import { saveContext, saveDevice } from '../save.js';
import { parseTable, type Encoding } from './decode.js';
import { columnIndexes, detectPreset, foldHeader, IMPORT_FIELDS, PRESET_COLUMNS, PRESETS, type ImportField, type Preset } from './presets.js';
import { looksLikeFormula, parseBoolean, parseDate, parseDeviceStatus, parseDeviceType, parseNumber } from './values.js';

/** A --mapping file: which header holds each field, and extra words for types and statuses. */
export const MappingSchema = z
  .object({
    columns: z.partialRecord(z.enum(IMPORT_FIELDS), z.string().min(1)).default({}),
    types: z.record(z.string(), z.enum(DEVICE_TYPES)).default({}),
    statuses: z.record(z.string(), z.enum(DEVICE_STATUSES)).default({}),
    sites: z.record(z.string(), z.string()).default({}),
  })
  .strict();
export type Mapping = z.infer<typeof MappingSchema>;

export interface DeviceImportOptions {
  preset?: Preset;
  mapping?: Mapping;
  dryRun?: boolean;
  /** Device type for every row, for exports of one item class (e.g. GLPI's Monitors view, whose Type column
   *  holds the monitor's own classification). */
  forceType?: DeviceType;
  /** Site code for every row (overrides the file's site column). */
  siteCode?: string;
  /** Name recorded in the imports table. */
  fileLabel: string;
  lifecycle?: LifecycleOptions;
  at?: string;
  /** Told once when another process holds the store's write lock and the import waits for it. */
  onBusy?: OnStoreBusy;
}

export interface Rejection {
  line: number;
  reason: string;
}

export interface DeviceImportReport {
  file: string;
  preset: Preset;
  encoding: Encoding;
  delimiter: string;
  dryRun: boolean;
  read: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejections: Rejection[];
  /** Header columns nothing was read from (for checking a mapping). */
  ignoredColumns: string[];
}

const MAX_TEXT = 200;
const TEXT_FIELDS = ['manufacturer', 'model', 'serial', 'uuid', 'name', 'cpu'] as const;

/** Serials that mean "unknown" in real exports; they cannot identify a device. */
const PLACEHOLDER_SERIALS = new Set(['', 'to be filled by o e m', 'default string', 'system serial number', 'none', 'n a', '0', '00000000', '123456789', 'not specified', 'not applicable']);

export function importDevices(db: Db, bytes: Uint8Array, options: DeviceImportOptions): DeviceImportReport {
  const table = parseTable(bytes, options.fileLabel);
  const preset = options.preset ?? detectPreset(table.header);
  const columns = { ...PRESET_COLUMNS[preset] };
  for (const [field, header] of Object.entries(options.mapping?.columns ?? {}) as [ImportField, string][]) {
    columns[field] = [foldHeader(header)];
  }
  const idx = columnIndexes(table.header, columns);
  if (options.mapping) {
    const missing = Object.entries(options.mapping.columns).filter(([field]) => idx[field as ImportField] === undefined);
    if (missing.length) {
      throw new UserError(`${options.fileLabel}: mapping names column(s) ${missing.map(([, h]) => `"${h}"`).join(', ')} not in the header`);
    }
  }
  if (idx.type === undefined && preset !== 'ocs' && !options.forceType) {
    throw new UserError(
      `${options.fileLabel}: no device type column found for preset ${preset} (header: ${table.header.slice(0, 12).join(', ')}); ` +
        `pass --preset (${PRESETS.join('|')}) or --mapping FILE`,
    );
  }
  if (idx.serial === undefined && idx.uuid === undefined) {
    throw new UserError(`${options.fileLabel}: no serial or uuid column found for preset ${preset}; pass --preset or --mapping FILE`);
  }

  const sites = listSites(db);
  const forced = options.siteCode ? sites.find((s) => s.code === options.siteCode) : undefined;
  if (options.siteCode && !forced) throw new UserError(`--site ${options.siteCode}: unknown site; add it with numresp sites add`);
  const siteLookup = buildSiteLookup(sites, options.mapping?.sites ?? {});
  const typeWords = new Map(Object.entries(options.mapping?.types ?? {}).map(([k, v]) => [foldHeader(k), v]));
  const statusWords = new Map(Object.entries(options.mapping?.statuses ?? {}).map(([k, v]) => [foldHeader(k), v]));

  const report: DeviceImportReport = {
    file: options.fileLabel,
    preset,
    encoding: table.encoding,
    delimiter: table.delimiter,
    dryRun: options.dryRun ?? false,
    read: table.rows.length,
    imported: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    rejections: [],
    ignoredColumns: table.header.filter((_, i) => !Object.values(idx).includes(i)),
  };
  const valid: { line: number; device: DeviceInput }[] = [];
  // Exports repeat a handful of type and status words: parse each once.
  const typeCache = new Map<string, DeviceType | null>();
  const statusCache = new Map<string, DeviceStatus | null>();
  const seenSerial = new Map<string, number>();
  const seenUuid = new Map<string, number>();
  const source = `import:${preset}`;
  const today = (options.at ?? nowIso()).slice(0, 10);

  for (const { line, cells } of table.rows) {
    const cell = (f: ImportField) => (idx[f] === undefined ? '' : (cells[idx[f]!] ?? '').trim());
    const reject = (reason: string) => report.rejections.push({ line, reason });
    if (cells.every((c) => c.trim() === '')) continue;

    const formulaField = [...TEXT_FIELDS, 'site' as const].find((f) => looksLikeFormula(cell(f)));
    if (formulaField) {
      reject(`${formulaField} "${cell(formulaField).slice(0, 40)}" looks like a spreadsheet formula; remove the leading = + - @`);
      continue;
    }
    const tooLong = TEXT_FIELDS.find((f) => cell(f).length > MAX_TEXT);
    if (tooLong) {
      reject(`${tooLong} longer than ${MAX_TEXT} characters`);
      continue;
    }

    const typeCell = cell('type');
    let type = options.forceType ?? typeCache.get(typeCell);
    if (type === undefined) {
      // An OCS row without chassis type is a computer whose form is unknown: 'other', not a guess.
      type = typeWords.get(foldHeader(typeCell)) ?? (typeCell === '' && preset === 'ocs' ? 'other' : parseDeviceType(typeCell));
      typeCache.set(typeCell, type);
    }
    if (!type) {
      reject(`unknown type "${typeCell}"; use one of ${DEVICE_TYPES.join(', ')} or map it in --mapping {"types": {...}}`);
      continue;
    }
    const statusCell = cell('status');
    let status = statusCache.get(statusCell);
    if (status === undefined) {
      status = statusWords.get(foldHeader(statusCell)) ?? parseDeviceStatus(statusCell);
      statusCache.set(statusCell, status);
    }
    if (!status) {
      reject(`unknown status "${statusCell}"; use one of ${DEVICE_STATUSES.join(', ')} or map it in --mapping {"statuses": {...}}`);
      continue;
    }
    let serial: string | null = cell('serial');
    if (PLACEHOLDER_SERIALS.has(foldHeader(serial))) serial = null;
    const uuid = cell('uuid') || null;
    if (!serial && !uuid) {
      reject('no serial number or uuid: the device could not be found again on re-import');
      continue;
    }
    const dupLine = (serial && seenSerial.get(serial)) || (uuid && seenUuid.get(uuid));
    if (dupLine) {
      reject(`duplicate of line ${dupLine} (same ${serial && seenSerial.has(serial) ? `serial ${serial}` : `uuid ${uuid}`})`);
      continue;
    }

    let siteId: number | null = null;
    if (forced) siteId = forced.id;
    else if (cell('site')) {
      const site = siteLookup(cell('site'));
      if (!site) {
        reject(`unknown site "${cell('site')}"; add it with numresp sites add, map it in --mapping {"sites": {...}}, or pass --site`);
        continue;
      }
      siteId = site.id;
    }

    const dates: Partial<Record<'purchaseDate' | 'warrantyEnd', string | null>> = {};
    let bad: string | null = null;
    for (const f of ['purchaseDate', 'warrantyEnd'] as const) {
      const d = parseDate(cell(f));
      if (d === 'invalid') bad = `${f === 'purchaseDate' ? 'purchase date' : 'warranty end'} "${cell(f)}" is not a date (YYYY-MM-DD or DD/MM/YYYY)`;
      else dates[f] = d;
    }
    const numbers: Partial<Record<'lifetimeYears' | 'ramGb' | 'ramMb' | 'storageGb' | 'screenIn' | 'embodiedKg' | 'yearlyKwh', number | null>> = {};
    for (const f of ['lifetimeYears', 'ramGb', 'ramMb', 'storageGb', 'screenIn', 'embodiedKg', 'yearlyKwh'] as const) {
      const n = parseNumber(cell(f));
      if (n === 'invalid' || (typeof n === 'number' && n < 0)) bad ??= `${f} "${cell(f)}" is not a number ≥ 0`;
      else numbers[f] = n;
    }
    if (numbers.lifetimeYears !== null && numbers.lifetimeYears !== undefined && (numbers.lifetimeYears <= 0 || numbers.lifetimeYears > 50)) {
      bad ??= `lifetime_years ${numbers.lifetimeYears} is outside 0–50 years`;
    }
    const refurbished = parseBoolean(cell('refurbished'));
    if (refurbished === 'invalid') bad ??= `refurbished "${cell('refurbished')}" is not yes/no`;
    if (dates.purchaseDate && dates.purchaseDate > today) {
      bad ??= `purchase date ${dates.purchaseDate} is in the future`;
    }
    if (bad) {
      reject(bad);
      continue;
    }

    const ramGb = numbers.ramGb ?? (numbers.ramMb != null ? Math.round((numbers.ramMb / 1024) * 100) / 100 : null);
    valid.push({
      line,
      device: {
        siteId,
        type,
        manufacturer: cell('manufacturer') || null,
        model: cell('model') || null,
        serial,
        uuid,
        name: cell('name') || null,
        purchaseDate: dates.purchaseDate ?? null,
        warrantyEnd: dates.warrantyEnd ?? null,
        status,
        lifetimeYears: numbers.lifetimeYears ?? null,
        refurbished: refurbished === true,
        cpu: cell('cpu') || null,
        ramGb,
        storageGb: numbers.storageGb ?? null,
        screenIn: numbers.screenIn ?? null,
        embodiedKg: numbers.embodiedKg ?? null,
        yearlyKwh: numbers.yearlyKwh ?? null,
        hardwareJson: null,
        source,
      },
    });
    if (serial) seenSerial.set(serial, line);
    if (uuid) seenUuid.set(uuid, line);
  }
  report.rejected = report.rejections.length;

  const at = options.at ?? nowIso();
  const run = () => {
    const ctx = saveContext(db, options.lifecycle, at);
    if (valid.length > 1000) ctx.writer.prefetchKeys();
    for (const { line, device } of valid) {
      let outcome;
      try {
        outcome = saveDevice(ctx, device, `import ${options.fileLabel}`).outcome;
      } catch (err) {
        // A failed statement is undone alone inside the transaction, so the other rows go on.
        if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
        report.rejections.push({ line, reason: `serial ${device.serial} and uuid ${device.uuid} belong to two different stored devices` });
        continue;
      }
      if (outcome === 'inserted') report.imported++;
      else if (outcome === 'updated') report.updated++;
      else report.unchanged++;
    }
    report.rejected = report.rejections.length;
    if (!report.dryRun) {
      recordImport(db, {
        kind: `devices:${preset}`,
        file: options.fileLabel,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        importedAt: at,
        counts: { read: report.read, imported: report.imported, updated: report.updated, unchanged: report.unchanged, rejected: report.rejected },
      });
    }
  };
  if (report.dryRun) {
    // The same writes inside a transaction rolled back: the counts are exact and nothing is kept.
    const rollback = new Error('dry run');
    try {
      db.transaction(() => {
        run();
        throw rollback;
      })();
    } catch (err) {
      if (err !== rollback) throw err;
    }
  } else {
    writeTransaction(db, run, options.onBusy);
  }
  return report;
}

/** Site by code, else by name, else by the first segment of a GLPI location path ("Lycée A > Salle 12"). */
function buildSiteLookup(sites: Site[], aliases: Record<string, string>): (cell: string) => Site | undefined {
  const byKey = new Map<string, Site>();
  for (const s of sites) {
    byKey.set(foldHeader(s.name), s);
    byKey.set(foldHeader(s.code), s);
  }
  const aliasMap = new Map(Object.entries(aliases).map(([k, v]) => [foldHeader(k), v]));
  return (cell) => {
    const candidates = [cell, cell.split(/\s+>\s+/)[0]];
    for (const c of candidates) {
      const alias = aliasMap.get(foldHeader(c));
      const s = byKey.get(foldHeader(alias ?? c));
      if (s) return s;
    }
    return undefined;
  };
}
