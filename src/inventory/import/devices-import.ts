/**
 * `inventory import`: reads a GLPI / OCS / Snipe-IT / numresp / NumEcoEval CSV export, validates each row, and saves
 * the valid ones in one transaction. A word numresp does not know never loses a device: it is stored with type
 * `other` or status `unknown`, the raw word kept, and one warning per distinct word with its count and the mapping
 * line that fixes it. Virtual machines are recorded as VMs, never as devices. Columns naming people are dropped
 * (issue 15). Rejected rows are reported with their line and reason, repeated reasons grouped; re-importing the same
 * file changes nothing (idempotent upsert by serial, then uuid). Formats: docs/inventory-formats.md.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db, OnStoreBusy } from '../../store/database.js';
import { nowIso, writeOrRehearse } from '../../store/database.js';
import { listSitesWithUai, upsertSiteWithUai, type Site } from '../../store/sites.js';
import { upsertInventoriedVm, type InventoriedVm } from '../../store/vms.js';
import { storeSecret } from '../../store/meta.js';
import { recordImport } from '../../store/imports.js';
import {
  countDevices,
  DEVICE_FIELD_COUNT,
  derivedColumnsMemo,
  deviceFromFieldValues,
  inputFingerprint,
  lifecycleValues,
  SITE_ID_INDEX,
  writeDeviceFieldValues,
  type DerivedColumns,
  type DeviceInput,
  type StoredFingerprints,
} from '../../store/devices.js';
import { UserError } from '../../model/errors.js';
import { USER_HMAC_SECRET_KEY, userPseudonym } from '../../model/pseudonym.js';
import { DEVICE_STATUSES, DEVICE_TYPES, GONE_STATUSES, type DeviceStatus, type DeviceType, type SiteKind } from '../../model/devices.js';
import type { DeviceLifecycle, LifecycleOptions } from '../../scoring/lifecycle.js';
import { cleanDevice, devicePreparer, lifecycleOf, saveContext, saveDevice } from '../save.js';
import { deviceRowsFromWorker, workerAvailable } from './device-rows-thread.js';
import { openTable, type Encoding } from './decode.js';
import { columnIndexes, detectPreset, foldHeader, IMPORT_FIELDS, isPersonalHeader, PRESET_COLUMNS, PRESETS, type ImportField, type Preset } from './presets.js';
import { inferSiteKind, looksLikeRoom, siteCodeFromName } from './site-names.js';
import { numecoevalTypeToDevice } from './numecoeval-types.js';
import {
  dateOrderHint,
  isDummySerial,
  isExcelMangledSerial,
  isGenericComputerWord,
  looksLikeFormula,
  parseBoolean,
  parseDate,
  parseDeviceStatus,
  parseDeviceType,
  parseNumber,
  typeFromModel,
  virtualPlatform,
  type DateOrder,
} from './values.js';

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
  /** Create the sites the file names and the store does not know (kind inferred from the name). */
  createSites?: boolean;
  /** Keep the user column as an HMAC with the store's secret (never the clear value). */
  keepUsers?: boolean;
  /** Day/month order of the file's short dates when its values cannot settle it. */
  dateFormat?: DateOrder;
  /** Name recorded in the imports table. */
  fileLabel: string;
  lifecycle?: LifecycleOptions;
  at?: string;
  /** Told once when another process holds the store's write lock and the import waits for it. */
  onBusy?: OnStoreBusy;
  /**
   * Read and validate a big file (≥ WORKER_MIN_BYTES) in a worker thread while this one writes the rows already
   * read (the CLI does; the result is the same as reading here). Needs the built dist/ tree. Only when the file has
   * more lines than the store has devices: then most rows are likely new and the writes are most of the work; when
   * most are known (a re-import), reading is all the work and one thread does it without copying rows across.
   */
  readInWorker?: boolean;
}

export interface Rejection {
  line: number;
  reason: string;
}

/** Rows rejected for the same reason: how many, and the first lines. */
export interface RejectionGroup {
  reason: string;
  count: number;
  lines: number[];
}

/** Something guessed or not understood, once per distinct word, with how many rows it touched. */
export interface ImportWarning {
  message: string;
  count: number;
  /** The --mapping line that would settle it, when one does. */
  fix?: string;
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
  rejectionGroups: RejectionGroup[];
  warnings: ImportWarning[];
  /** Header columns nothing was read from (for checking a mapping). */
  ignoredColumns: string[];
  /** Columns naming people, not stored (GDPR minimisation). */
  personalColumnsDropped: string[];
  /** The user column kept as an HMAC (--keep-users), if any. */
  userColumnHashed: string | null;
  /** Day/month order used for short dates, and how it was settled. */
  dateOrder: { order: DateOrder; settledBy: 'values' | 'option' | 'no short dates' };
  vms: { read: number; imported: number; updated: number; unchanged: number };
  sitesCreated: { code: string; name: string; kind: SiteKind }[];
  /** Whether the file was read in a worker thread while this one wrote (readInWorker). */
  readInWorker: boolean;
}

const MAX_TEXT = 200;
const TEXT_FIELDS = ['manufacturer', 'model', 'serial', 'uuid', 'name', 'cpu'] as const;
const FORMULA_FIELDS = [...TEXT_FIELDS, 'site'] as const;
/** looksLikeFormula, after a look at the first character (= + @ tab CR -) that most cells fail. */
function mayBeFormula(cell: string): boolean {
  const c = cell.charCodeAt(0);
  return (c === 0x3d || c === 0x2b || c === 0x40 || c === 0x09 || c === 0x0d || c === 0x2d) && looksLikeFormula(cell);
}
const FIRST_LINES = 5;

interface PendingSite {
  code: string;
  name: string;
  kind: SiteKind;
}

/** Options of the reading side: plain data (a worker thread gets a copy). */
type ReaderOptions = Omit<DeviceImportOptions, 'onBusy'>;

/** What reading needs from the store, read before it starts. */
export interface StoreFacts {
  sites: (Site & { uai: string | null })[];
  /** The store's HMAC secret for --keep-users, else null. */
  userKey: string | null;
}

/** Yielded first by the reading side: rows read (the writer's bulk mode is for big files) and the preset. */
export interface RowsHead {
  read: number;
  preset: Preset;
}

/**
 * Valid rows as the reading side hands them to the writer: flat arrays of plain values, cheap to copy between
 * threads (objects cost four times more to copy). ROW_WIDTH values per device: line, input fingerprint (null when
 * the device goes to a site the writer creates first), that new site's code or null, the status change date (false:
 * the export gives none), the index of its lifecycle columns in `lifecycles` (each distinct set sent once per
 * import), the device's fields (deviceFieldValues), its three derived columns (DerivedColumns, in that order).
 */
export interface RowBatch {
  rows: unknown[];
  /** Lifecycle column values (lifecycleValues) first used in this batch, indexed in order across the import. */
  lifecycles: unknown[][];
  newSites: PendingSite[];
  vms: { line: number; vm: InventoriedVm; newSite: string | null }[];
}

/** What the reading side returns once every row is read. */
export interface ReadResult {
  report: DeviceImportReport;
  sha256: string;
}

const ROW_HEAD = 5;
/** The derived columns of a row the reader found unchanged (the writer does not need them). */
const NO_DERIVED: DerivedColumns = { lc_annual_embodied_kg: null, lc_purchase_jd: null, lc_end_date: null };
const ROW_WIDTH = ROW_HEAD + DEVICE_FIELD_COUNT + 3;
/** Rows per batch: big enough that a batch's copy costs little per row, small enough that the writer starts early. */
const BATCH_ROWS = 2000;
/** Files from this size are read in a worker thread when asked (readInWorker): about 7,000 rows of a GLPI export. */
export const WORKER_MIN_BYTES = 512 * 1024;

export function importDevices(db: Db, bytes: Uint8Array, options: DeviceImportOptions): DeviceImportReport {
  const { onBusy, ...readerOptions } = options;
  const facts: StoreFacts = {
    sites: listSitesWithUai(db),
    userKey: options.keepUsers ? storeSecret(db, USER_HMAC_SECRET_KEY) : null,
  };
  const inWorker = (options.readInWorker ?? false) && bytes.length >= WORKER_MIN_BYTES && lineCount(bytes) - 1 > countDevices(db) && workerAvailable();
  // The worker starts reading at once, while this thread waits for the store's write lock and loads the keys.
  const reader = inWorker ? deviceRowsFromWorker(bytes, readerOptions, facts) : readDeviceRows(bytes, readerOptions, facts);
  try {
    return writeDeviceRows(db, reader, inWorker, options);
  } finally {
    // Stops the worker thread when the write failed before reading it all.
    reader.return(undefined as never);
  }
}

/** Line breaks in the file: about its rows (a quoted cell may hold more), without decoding it. */
function lineCount(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

type RowsReader = Generator<RowsHead | RowBatch, ReadResult, StoredFingerprints | null | undefined>;

/**
 * The writing side of an import: the batches of `reader` saved in one transaction (rolled back for a dry run).
 * Bulk mode (DeviceWriter.bulk) for files read in a worker (big by definition) and files over 1,000 rows.
 */
function writeDeviceRows(db: Db, reader: RowsReader, inWorker: boolean, options: DeviceImportOptions): DeviceImportReport {
  const { fileLabel, onBusy } = options;
  const at = options.at ?? nowIso();
  const dryRun = options.dryRun ?? false;
  let head: RowsHead | undefined;
  let result: ReadResult | undefined;
  const writeRejections: Rejection[] = [];
  const sitesCreated: PendingSite[] = [];
  const counts = { imported: 0, updated: 0, unchanged: 0 };
  const vmCounts = { imported: 0, updated: 0, unchanged: 0 };
  /** Found while writing: VMs naming a host the store does not have, once per host name. */
  const hostWarnings = new Map<string, ImportWarning>();
  const readHead = () => {
    const first = reader.next();
    if (first.done || !('read' in first.value)) throw new Error('device rows reader yielded no head');
    return first.value;
  };
  const run = () => {
    const ctx = saveContext(db, options.lifecycle, at);
    const pending = new Map<string, PendingSite>();
    const created = new Map<string, number>();
    const siteOf = (code: string | null, id: number | null): number | null => {
      if (code === null) return id;
      const known = created.get(code);
      if (known !== undefined) return known;
      const p = pending.get(code)!;
      // Sites keep their CHECK constraints, which bulk mode leaves off for the devices table.
      const sid = ctx.writer.checked(() => upsertSiteWithUai(db, { ...p, uai: null, commune: null }).site.id);
      created.set(code, sid);
      sitesCreated.push(p);
      return sid;
    };
    const lifecycles: unknown[][] = [];
    const vms: { line: number; vm: InventoriedVm; newSite: string | null }[] = [];
    const note = `import ${fileLabel}`;
    const saveAll = (stored: StoredFingerprints | null) => {
      const source = `import:${head!.preset}`;
      for (let step = reader.next(stored); ; step = reader.next()) {
        if (step.done) {
          result = step.value;
          return;
        }
        const batch = step.value as RowBatch;
        for (const p of batch.newSites) pending.set(p.code, p);
        lifecycles.push(...batch.lifecycles);
        vms.push(...batch.vms);
        const rows = batch.rows;
        for (let o = 0; o < rows.length; o += ROW_WIDTH) {
          const line = rows[o] as number;
          const from = o + ROW_HEAD;
          const changedAt = rows[o + 3] as string | null | false;
          const device = deviceFromFieldValues(rows, from, source, changedAt === false ? undefined : changedAt);
          const newSite = rows[o + 2] as string | null;
          if (newSite !== null) device.siteId = rows[from + SITE_ID_INDEX] = siteOf(newSite, null);
          const lcIndex = rows[o + 4] as number;
          // Insert values only for a row the reader prepared (lcIndex < 0: it found the device unchanged).
          const values =
            lcIndex < 0
              ? null
              : rows.slice(from, from + DEVICE_FIELD_COUNT).concat(lifecycles[lcIndex], rows.slice(from + DEVICE_FIELD_COUNT, o + ROW_WIDTH));
          let outcome;
          try {
            outcome = saveDevice(ctx, device, note, { fp: rows[o + 1] as string | null, values }).outcome;
          } catch (err) {
            // A failed statement is undone alone inside the transaction, so the other rows go on.
            if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
            writeRejections.push({ line, reason: `serial ${device.serial} and uuid ${device.uuid} belong to two different stored devices` });
            continue;
          }
          counts[outcome === 'inserted' ? 'imported' : outcome]++;
        }
      }
    };
    if (inWorker) {
      ctx.writer.bulk(() => {
        head = readHead();
        saveAll(ctx.writer.storedFingerprints());
      });
    } else {
      head = readHead();
      if (head.read > 1000) ctx.writer.bulk(() => saveAll(ctx.writer.storedFingerprints()));
      else saveAll(null);
    }
    for (const { line, vm, newSite } of vms) {
      vm.siteId = siteOf(newSite, vm.siteId);
      try {
        const { outcome, hostFound } = upsertInventoriedVm(db, vm);
        vmCounts[outcome === 'inserted' ? 'imported' : outcome]++;
        if (hostFound === false) {
          const message = `virtual machines naming host "${vm.hostName}", which no stored device has (serial or name): recorded without their host, the name kept`;
          const w = hostWarnings.get(message);
          if (w) w.count++;
          else hostWarnings.set(message, { message, count: 1 });
        }
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
        writeRejections.push({ line, reason: `virtual machine ${vm.name}: its serial or uuid belongs to another VM` });
      }
    }
    if (!dryRun) {
      const r = result!.report;
      recordImport(db, {
        kind: `devices:${head!.preset}`,
        file: fileLabel,
        sha256: result!.sha256,
        importedAt: at,
        counts: {
          read: r.read,
          ...counts,
          rejected: r.rejections.length + writeRejections.length,
          vms: vmCounts.imported + vmCounts.updated + vmCounts.unchanged,
        },
      });
    }
  };
  writeOrRehearse(db, run, { dryRun, onBusy });
  const report = result!.report;
  report.readInWorker = inWorker;
  report.warnings.push(...hostWarnings.values());
  Object.assign(report, counts);
  Object.assign(report.vms, vmCounts);
  report.sitesCreated = sitesCreated;
  report.rejections.push(...writeRejections);
  report.rejected = report.rejections.length;
  report.rejectionGroups = groupRejections(report.rejections);
  return report;
}


/**
 * The reading side of an import: parses the file, maps and validates each row, and yields first the head (rows read,
 * preset), then batches of valid rows with their insert values, then returns the report of what reading found
 * (rejections, warnings, columns). Needs no store: what it needs of it comes in `facts`, so it runs in a worker
 * thread for big files (readInWorker) while the main thread writes the batches it has already read.
 * @param holdRows keep the parsed rows between passes (one parse); a worker thread, whose memory adds to the
 *   writer's, reads the text again at each pass instead (peak RSS).
 */
export function* readDeviceRows(bytes: Uint8Array, options: ReaderOptions, facts: StoreFacts, holdRows = true): Generator<RowsHead | RowBatch, ReadResult, StoredFingerprints | null | undefined> {
  const table = openTable(bytes, options.fileLabel, { hold: holdRows });
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
  // People's names, logins, e-mails, phones: never read. The user column alone may be kept as an HMAC.
  const personal = new Set<number>();
  table.header.forEach((h, i) => {
    if (h && isPersonalHeader(h)) personal.add(i);
  });
  // The preset's user column names a person whatever its header says (Snipe-IT fr-FR: "Date de libération").
  if (idx.user !== undefined) personal.add(idx.user);
  const userIdx = idx.user !== undefined && options.keepUsers ? idx.user : undefined;
  delete idx.user;
  for (const f of Object.keys(idx) as ImportField[]) if (personal.has(idx[f]!)) delete idx[f];

  const hasModel = idx.model !== undefined;
  const hasStatusColumn = idx.status !== undefined;
  if (idx.type === undefined && !options.forceType && !hasModel) {
    throw new UserError(
      `${options.fileLabel}: no device type or model column found for preset ${preset} (header: ${table.header.slice(0, 12).join(', ')}); ` +
        `pass --preset (${PRESETS.join('|')}) or --mapping FILE`,
    );
  }
  if (idx.serial === undefined && idx.uuid === undefined && idx.toolId === undefined && idx.name === undefined) {
    throw new UserError(`${options.fileLabel}: no serial, uuid, id or name column found for preset ${preset}; pass --preset or --mapping FILE`);
  }

  const dateOrder = settleDateOrder(table.rows(), [idx.purchaseDate, idx.warrantyEnd, idx.statusDate], options);

  const sites = facts.sites;
  const forced = options.siteCode ? sites.find((s) => s.code === options.siteCode) : undefined;
  if (options.siteCode && !forced) throw new UserError(`--site ${options.siteCode}: unknown site; add it with numresp sites add`);
  const siteLookup = buildSiteLookup(sites, options.mapping?.sites ?? {});
  const takenCodes = new Set(sites.map((s) => s.code));
  const pendingSites = new Map<string, PendingSite>();
  const typeWords = new Map(Object.entries(options.mapping?.types ?? {}).map(([k, v]) => [foldHeader(k), v]));
  const statusWords = new Map(Object.entries(options.mapping?.statuses ?? {}).map(([k, v]) => [foldHeader(k), v]));
  const userKey = userIdx !== undefined ? facts.userKey : null;

  const used = new Set(Object.values(idx));
  const report: DeviceImportReport = {
    file: options.fileLabel,
    preset,
    encoding: table.encoding,
    delimiter: table.delimiter,
    dryRun: options.dryRun ?? false,
    read: table.rowCount,
    imported: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    rejections: [],
    rejectionGroups: [],
    warnings: [],
    ignoredColumns: table.header.filter((h, i) => h !== '' && !used.has(i) && !personal.has(i)),
    personalColumnsDropped: table.header.filter((h, i) => personal.has(i) && i !== userIdx),
    userColumnHashed: userIdx !== undefined ? table.header[userIdx] : null,
    dateOrder,
    vms: { read: 0, imported: 0, updated: 0, unchanged: 0 },
    sitesCreated: [],
    readInWorker: false,
  };
  const warnings = new Map<string, ImportWarning>();
  const warn = (key: string, message: string, fix?: string) => {
    const w = warnings.get(key);
    if (w) w.count++;
    else warnings.set(key, { message, count: 1, fix });
  };
  // Valid rows leave in batches (flat arrays: see RowBatch), each device with its insert values computed here.
  const preparer = devicePreparer(options.lifecycle);
  const lifecycleIndex = new Map<DeviceLifecycle, number>();
  const derivedOf = derivedColumnsMemo();
  const sentSites = new Set<string>();
  const newBatch = (): RowBatch => ({ rows: [], lifecycles: [], newSites: [], vms: [] });
  let batch = newBatch();
  let batchRows = 0;
  let vmCount = 0;
  const siteKey = (p: PendingSite | undefined) => {
    if (!p) return null;
    if (!sentSites.has(p.code)) {
      sentSites.add(p.code);
      batch.newSites.push(p);
    }
    return p.code;
  };
  // The stored devices' fingerprints (bulk imports): a row whose fingerprint is its device's is unchanged, and the
  // writer will not need its lifecycle columns. Only a hint: the writer checks against the store itself.
  let storedBySerial: Map<string, string | null> | null = null;
  let storedByUuid: Map<string, string | null> | null = null;
  const storedFingerprint = (serial: string | null, uuid: string | null) =>
    (serial !== null ? storedBySerial!.get(serial) : undefined) ?? (uuid !== null ? storedByUuid!.get(uuid) : undefined);
  const emit = (line: number, input: DeviceInput, newSite: PendingSite | undefined) => {
    const device = cleanDevice(input);
    // A new site's id is known only when the writer creates it: the fingerprint (which covers the site) waits.
    const fp = newSite ? null : inputFingerprint(device, preparer.salt);
    const changedAt = device.statusChangedAt === undefined ? false : device.statusChangedAt;
    let lcIndex = -1;
    let derived = NO_DERIVED;
    if (fp === null || !storedBySerial || storedFingerprint(device.serial, device.uuid) !== fp) {
      const lc = lifecycleOf(preparer, device, null);
      const known = lifecycleIndex.get(lc);
      if (known !== undefined) lcIndex = known;
      else {
        lcIndex = lifecycleIndex.size;
        lifecycleIndex.set(lc, lcIndex);
        batch.lifecycles.push(lifecycleValues(lc));
      }
      derived = derivedOf(device.purchaseDate, lc);
    }
    // Appended in order (no holes: a packed array is copied to the writer thread as a block, a holey one value by value).
    const rows = batch.rows;
    const o = rows.length;
    rows.push(line, fp, siteKey(newSite), changedAt, lcIndex);
    writeDeviceFieldValues(device, rows, o + ROW_HEAD);
    rows.push(derived.lc_annual_embodied_kg, derived.lc_purchase_jd, derived.lc_end_date);
    batchRows++;
  };
  // Exports repeat a handful of type and status words: parse each once.
  const typeCache = new Map<string, DeviceType | null>();
  const statusCache = new Map<string, DeviceStatus | null>();
  const seenSerial = new Map<string, number>();
  const seenUuid = new Map<string, number>();
  const source = `import:${preset}`;
  const today = (options.at ?? nowIso()).slice(0, 10);
  // Exports repeat a few hundred sites, models, dates and flags over 100,000 rows: each distinct cell is read once.
  const placeOf = memo((key: string) => {
    const [location, entity] = key.split('\u0000');
    return resolveSite(location, entity, siteLookup);
  });
  const platformOf = memo((key: string) => {
    const [manufacturer, model] = key.split('\u0000');
    return virtualPlatform(manufacturer, model);
  });
  const typeWordOf = memo((cell: string) => typeWords.get(foldHeader(cell)));
  const dateOf = memo((cell: string) => parseDate(cell, dateOrder.order));
  const numberOf = memo(parseNumber);
  const booleanOf = memo(parseBoolean);
  const isVmTypeWord = memo((cell: string) => /\b(virtual machine|machine virtuelle|vm)\b/.test(foldHeader(cell)));

  // The row's cells by field, trimmed once per row (one object reused: every value is copied out before the next row).
  const read = (Object.entries(idx) as [ImportField, number][]).filter(([, i]) => i !== undefined);
  const values = Object.fromEntries(IMPORT_FIELDS.map((f) => [f, ''])) as Record<ImportField, string>;
  const cell = (f: ImportField) => values[f];
  let line = 0;
  const reject = (reason: string) => report.rejections.push({ line, reason });
  // The writer answers the head with the stored fingerprints (bulk mode) or null.
  let stored = yield { read: table.rowCount, preset };
  if (stored && (stored.serial.length || stored.uuid.length)) {
    storedBySerial = new Map();
    storedByUuid = new Map();
    for (let i = 0; i < stored.serial.length; i += 2) storedBySerial.set(stored.serial[i]!, stored.serial[i + 1]);
    for (let i = 0; i < stored.uuid.length; i += 2) storedByUuid.set(stored.uuid[i]!, stored.uuid[i + 1]);
  }
  stored = null;
  for (const row of table.rows()) {
    if (batchRows >= BATCH_ROWS) {
      yield batch;
      batch = newBatch();
      batchRows = 0;
    }
    const cells = row.cells;
    line = row.line;
    if (cells.every((c) => c.trim() === '')) continue;
    for (const [f, i] of read) values[f] = (cells[i] ?? '').trim();

    const formulaField = FORMULA_FIELDS.find((f) => mayBeFormula(cell(f)));
    if (formulaField) {
      reject(`${formulaField} "${cell(formulaField).slice(0, 40)}" looks like a spreadsheet formula; remove the leading = + - @`);
      continue;
    }
    const tooLong = TEXT_FIELDS.find((f) => cell(f).length > MAX_TEXT);
    if (tooLong) {
      reject(`${tooLong} longer than ${MAX_TEXT} characters`);
      continue;
    }

    // Site first: a VM and a device are both placed by it.
    let siteId: number | null = null;
    let newSite: PendingSite | undefined;
    if (forced) siteId = forced.id;
    else {
      let location = cell('site');
      if (!location && cell('defaultSite')) {
        location = cell('defaultSite');
        warn('site-default', 'site taken from the default location (location empty)');
      }
      const place = placeOf(`${location}\u0000${cell('entity')}`);
      if (place.site) {
        siteId = place.site.id;
        // NumEcoEval names the site by nomEntite by design: nothing guessed there.
        if (place.viaEntity && preset !== 'numecoeval') {
          warn('site-entity', `site taken from the ${preset === 'glpi' ? 'GLPI entity path' : 'entity column'} (location empty or a room)`);
        }
      } else if (!place.name) {
        warn('no-site', 'no site in the export (location empty): stored without a site', 'pass --site CODE for an export of one site, or fill the location in the tool');
      } else {
        if (options.createSites) {
          const key = foldHeader(place.name);
          newSite = pendingSites.get(key);
          if (!newSite) {
            newSite = { code: siteCodeFromName(place.name, takenCodes), name: place.name, kind: inferSiteKind(place.name) };
            pendingSites.set(key, newSite);
          }
        } else {
          reject(`unknown site "${place.name}"; add it with numresp sites add or sites import, pass --create-sites, map it in --mapping {"sites": {...}}, or pass --site`);
          continue;
        }
      }
    }

    const manufacturer = cell('manufacturer');
    const model = cell('model');
    const typeCell = cell('type');
    const platform = platformOf(`${manufacturer}\u0000${model}`) ?? (isVmTypeWord(typeCell) ? 'virtual machine' : null);
    if (platform && !options.forceType) {
      const serial = cell('serial');
      const vm: InventoriedVm = {
        name: cell('name') || cell('toolId') || serial || cell('uuid'),
        platform,
        serial: serial && !isDummySerial(serial) ? serial : null,
        uuid: cell('uuid') || null,
        siteId,
        hostName: cell('host') || null,
        vcpus: null,
        source,
      };
      if (!vm.name) reject('virtual machine without a name, serial or uuid');
      else {
        batch.vms.push({ line, vm, newSite: siteKey(newSite) });
        vmCount++;
      }
      continue;
    }

    let type: DeviceType | null | undefined = options.forceType;
    let typeNote: string | null = null;
    let typeRaw: string | null = null;
    if (!type) {
      type = typeWords.size ? typeWordOf(typeCell) : undefined;
      if (!type && preset === 'numecoeval') type = numecoevalTypeToDevice(typeCell);
      if (!type) {
        type = typeCache.get(typeCell);
        if (type === undefined) {
          type = parseDeviceType(typeCell);
          typeCache.set(typeCell, type);
        }
      }
      if (type && typeCell && type !== typeCell) typeRaw = typeCell;
      if (!type && (typeCell === '' || isGenericComputerWord(typeCell))) {
        const fromModel = typeFromModel(manufacturer, model);
        if (fromModel) {
          type = fromModel;
          typeNote = `inferred from the model "${`${manufacturer} ${model}`.trim()}"`;
          if (typeCell) typeRaw = typeCell;
          warn(`inferred:${fromModel}`, `type ${fromModel} inferred from the model name (${typeCell ? `type "${typeCell}"` : 'no type column'})`);
        } else if (typeCell === '') {
          type = 'other';
          typeNote = 'no type in the export and the model does not tell';
          warn('no-type', 'no type in the export and the model does not tell: recorded as other', 'add a type column, or pass --type TYPE for an export of one kind of device');
        }
      }
      if (!type) {
        type = 'other';
        typeRaw = typeCell;
        warn(`type:${foldHeader(typeCell)}`, `unknown type "${typeCell}": recorded as other, the word kept`, `{"types": {${JSON.stringify(typeCell)}: "desktop"}}`);
      }
    }

    const statusCell = cell('status');
    let status = statusCache.get(statusCell);
    if (status === undefined) {
      status = statusWords.get(foldHeader(statusCell)) ?? parseDeviceStatus(statusCell);
      statusCache.set(statusCell, status);
    }
    let statusRaw: string | null = statusCell && statusCell !== status ? statusCell : null;
    if (statusCell === '' && hasStatusColumn) warn('status-empty', 'no status in the export: taken as in service');
    if (!status) {
      status = 'unknown';
      statusRaw = statusCell;
      warn(`status:${foldHeader(statusCell)}`, `unknown status "${statusCell}": recorded as unknown, the word kept`, `{"statuses": {${JSON.stringify(statusCell)}: "in-service"}}`);
    }

    let serial: string | null = cell('serial');
    let uuidCell = cell('uuid');
    // Our NumEcoEval export names a device without serial `uuid:<uuid>` (src/inventory/numecoeval.ts).
    if (preset === 'numecoeval' && serial.startsWith('uuid:')) [uuidCell, serial] = [serial.slice(5), ''];
    if (isExcelMangledSerial(serial)) {
      reject(`serial "${serial}" was turned into a number by a spreadsheet (digits lost); export again without opening the file in Excel, or format the column as text`);
      continue;
    }
    let uuid = uuidCell || null;
    let identityNote: string | null = null;
    if (isDummySerial(serial)) {
      const dummy = serial;
      serial = null;
      if (!uuid) {
        const toolId = cell('toolId');
        const name = cell('name');
        if (toolId) {
          uuid = `${preset}-id:${toolId}`;
          identityNote = dummy ? `serial "${dummy}" is a placeholder: identified by the ${preset} id ${toolId}` : `no serial: identified by the ${preset} id ${toolId}`;
        } else if (name) {
          uuid = `name:${name}`;
          identityNote = dummy ? `serial "${dummy}" is a placeholder: identified by its name` : 'no serial: identified by its name';
        }
        if (identityNote) {
          warn(
            `identity:${toolId ? 'id' : 'name'}`,
            toolId
              ? `devices without a usable serial identified by their ${preset} id (a device deleted and re-created in ${preset} will be seen as new)`
              : 'devices without a usable serial identified by their name (a renamed device will be seen as new)',
          );
        }
      }
    }
    if (!serial && !uuid) {
      reject('no serial number, uuid, id or name: the device could not be found again on re-import');
      continue;
    }
    const dupLine = (serial && seenSerial.get(serial)) || (uuid && seenUuid.get(uuid));
    if (dupLine) {
      reject(`duplicate of line ${dupLine} (same ${serial && seenSerial.has(serial) ? `serial ${serial}` : `uuid ${uuid}`})`);
      continue;
    }

    const dates: Partial<Record<'purchaseDate' | 'warrantyEnd' | 'statusDate', string | null>> = {};
    let bad: string | null = null;
    for (const f of ['purchaseDate', 'warrantyEnd', 'statusDate'] as const) {
      const d = dateOf(cell(f));
      if (d === 'invalid') {
        if (f !== 'statusDate') bad ??= `${f === 'purchaseDate' ? 'purchase date' : 'warranty end'} "${cell(f)}" is not a date (${dateOrder.order === 'mdy' ? 'MM/DD/YYYY' : 'DD/MM/YYYY'} or YYYY-MM-DD)`;
      } else dates[f] = d;
    }
    const numbers: Partial<Record<'lifetimeYears' | 'ramGb' | 'ramMb' | 'storageGb' | 'screenIn' | 'embodiedKg' | 'yearlyKwh', number | null>> = {};
    for (const f of ['lifetimeYears', 'ramGb', 'ramMb', 'storageGb', 'screenIn', 'embodiedKg', 'yearlyKwh'] as const) {
      const n = numberOf(cell(f));
      if (n === 'invalid' || (typeof n === 'number' && n < 0)) bad ??= `${f} "${cell(f)}" is not a number ≥ 0`;
      else numbers[f] = n;
    }
    if (numbers.lifetimeYears !== null && numbers.lifetimeYears !== undefined && (numbers.lifetimeYears <= 0 || numbers.lifetimeYears > 50)) {
      bad ??= `lifetime_years ${numbers.lifetimeYears} is outside 0–50 years`;
    }
    const refurbished = booleanOf(cell('refurbished'));
    if (refurbished === 'invalid') bad ??= `refurbished "${cell('refurbished')}" is not yes/no`;
    if (dates.purchaseDate && dates.purchaseDate > today) {
      bad ??= `purchase date ${dates.purchaseDate} is in the future`;
    }
    if (bad) {
      reject(bad);
      continue;
    }
    // NumEcoEval's dateRetrait is a withdrawal date: a status date only for a device that left.
    if (preset === 'numecoeval' && !GONE_STATUSES.includes(status)) dates.statusDate = undefined;
    // A device first seen already gone (GONE_STATUSES) did not leave now: its change date is the export's, else
    // unknown — never the import's day, which would count it in the last 12 months.
    const statusChangedAt = dates.statusDate ?? (GONE_STATUSES.includes(status) ? null : undefined);
    if (statusChangedAt === null) warn('gone-undated', `devices already ${[...GONE_STATUSES].join('/')} with no change date in the export: date recorded as unknown (not counted in the last 12 months)`);

    const userCell = userIdx !== undefined ? (cells[userIdx] ?? '').trim() : '';
    const ramGb = numbers.ramGb ?? (numbers.ramMb != null ? Math.round((numbers.ramMb / 1024) * 100) / 100 : null);
    // NumEcoEval needs a model: our export writes the type's name when the device has none.
    const modelKnown = model && !(preset === 'numecoeval' && numecoevalTypeToDevice(model) === type);
    emit(
      line,
      {
        siteId,
        type,
        manufacturer: manufacturer || null,
        model: modelKnown ? model : null,
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
        typeRaw,
        statusRaw,
        typeNote,
        identityNote,
        userHash: userCell && userKey ? userPseudonym(userKey, userCell) : null,
        statusChangedAt,
      },
      newSite,
    );
    if (serial) seenSerial.set(serial, line);
    if (uuid) seenUuid.set(uuid, line);
  }
  if (batchRows || batch.vms.length || batch.newSites.length) yield batch;
  report.vms.read = vmCount;
  report.warnings = [...warnings.values()];
  return { report, sha256: createHash('sha256').update(bytes).digest('hex') };

}

/** `fn` computed once per distinct string argument (pure functions of one cell). */
function memo<T>(fn: (cell: string) => T): (cell: string) => T {
  const cache = new Map<string, T>();
  let empty: { value: T } | null = null;
  return (cell) => {
    // Most optional cells are empty: no map lookup for them.
    if (cell === '') return (empty ??= { value: fn('') }).value;
    let v = cache.get(cell);
    if (v === undefined && !cache.has(cell)) {
      v = fn(cell);
      cache.set(cell, v);
    }
    return v as T;
  };
}

/** Repeated reasons once each, most frequent first, with their first lines. */
export function groupRejections(rejections: readonly Rejection[]): RejectionGroup[] {
  const groups = new Map<string, RejectionGroup>();
  for (const r of rejections) {
    const g = groups.get(r.reason);
    if (g) {
      g.count++;
      if (g.lines.length < FIRST_LINES) g.lines.push(r.line);
    } else groups.set(r.reason, { reason: r.reason, count: 1, lines: [r.line] });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.lines[0] - b.lines[0]);
}

/**
 * The day/month order of the file's short dates: the option, else what the values settle (a first field > 12 means
 * day first, a second field > 12 month first); a file whose short dates are all ambiguous is refused.
 */
function settleDateOrder(
  rows: Iterable<{ line: number; cells: string[] }>,
  dateColumns: (number | undefined)[],
  options: DeviceImportOptions,
): DeviceImportReport['dateOrder'] {
  if (options.dateFormat) return { order: options.dateFormat, settledBy: 'option' };
  const cols = dateColumns.filter((c): c is number => c !== undefined);
  let dmy: { line: number; cell: string } | null = null;
  let mdy: { line: number; cell: string } | null = null;
  let either: string | null = null;
  for (const { line, cells } of rows) {
    for (const c of cols) {
      const cell = (cells[c] ?? '').trim();
      if (!cell) continue;
      const hint = dateOrderHint(cell);
      if (hint === 'dmy') dmy ??= { line, cell };
      else if (hint === 'mdy') mdy ??= { line, cell };
      else if (hint === 'either') either ??= cell;
    }
    if (dmy && mdy) break;
  }
  if (dmy && mdy) {
    throw new UserError(
      `${options.fileLabel}: dates in both orders ("${dmy.cell}" line ${dmy.line} is day-first, "${mdy.cell}" line ${mdy.line} month-first); fix the export or pass --date-format dmy|mdy|ymd`,
    );
  }
  if (dmy) return { order: 'dmy', settledBy: 'values' };
  if (mdy) return { order: 'mdy', settledBy: 'values' };
  if (either) {
    throw new UserError(
      `${options.fileLabel}: no date settles whether "${either}" is day-month or month-day; pass --date-format dmy|mdy|ymd`,
    );
  }
  return { order: 'dmy', settledBy: 'no short dates' };
}

/**
 * The site a row belongs to: the location (GLPI's is a tree, "Lycée A > Salle 12" or "Bâtiments > Lycée A > CDI": the
 * whole path, else the first of its segments that is a known site), else — when the location is empty, a room, or
 * unknown — the entity path ("Entité racine > Lycées > Lycée A": its segments from the last).
 * `name`: the site to create or to name in a rejection when nothing matched — the segment that names a school, an
 * office or a data centre, never a room, so that "Lycée B > CDI" and "Lycée B > Salle 12" are one site "Lycée B".
 */
function resolveSite(location: string, entity: string, lookup: (cell: string) => Site | undefined): { site?: Site; viaEntity?: boolean; name?: string } {
  if (location) {
    const s = lookup(location);
    if (s) return { site: s };
  }
  const segments = entity ? entity.split(/\s*>\s*/).filter(Boolean).reverse() : [];
  for (const seg of segments) {
    const s = lookup(seg);
    if (s) return { site: s, viaEntity: true };
  }
  const places = location ? location.split(/\s*>\s*/).filter(Boolean) : [];
  const entityName = segments[0] ?? '';
  const siteLike = places.find((p) => !looksLikeRoom(p) && inferSiteKind(p) !== 'other');
  if (siteLike) return { name: siteLike };
  const notRoom = places.find((p) => !looksLikeRoom(p));
  if (notRoom && (!entityName || inferSiteKind(entityName) === 'other')) return { name: notRoom };
  if (entityName && !/^(entite racine|root entity)$/.test(foldHeader(entityName))) return { name: entityName };
  return location ? { name: notRoom ?? places[0] ?? location } : {};
}

/** Site by code, name or UAI (or a --mapping alias), of the cell or of a segment of a GLPI location path. */
function buildSiteLookup(sites: (Site & { uai?: string | null })[], aliases: Record<string, string>): (cell: string) => Site | undefined {
  const byKey = new Map<string, Site>();
  for (const s of sites) {
    byKey.set(foldHeader(s.name), s);
    byKey.set(foldHeader(s.code), s);
    if (s.uai) byKey.set(foldHeader(s.uai), s);
  }
  const aliasMap = new Map(Object.entries(aliases).map(([k, v]) => [foldHeader(k), v]));
  return (cell) => {
    // The whole path, then each of its segments from the top ("Bâtiments > Lycée A > CDI" finds "Lycée A").
    const candidates = cell.includes('>') ? [cell, ...cell.split(/\s*>\s*/)] : [cell];
    for (const c of candidates) {
      const alias = aliasMap.get(foldHeader(c));
      const s = byKey.get(foldHeader(alias ?? c));
      if (s) return s;
    }
    return undefined;
  };
}
