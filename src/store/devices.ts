/**
 * Devices of the fleet: idempotent upsert by serial, then uuid, with a dated status history,
 * and the per-device lifecycle figures (columns lc_*, migration 002) written beside them.
 */
import type { Db } from './database.js';
import type { DeviceStatus, DeviceType } from '../scoring/factors.js';
import { annualEmbodiedKg, OWNED_STATUSES, type DeviceLifecycle } from '../scoring/lifecycle.js';
import { DEVICE_STATUSES, DEVICE_TYPES } from '../model/devices.js';

/** The lists the devices table's CHECK constraints are built from (migration 009), checked here in bulk mode. */
const TYPE_SET: ReadonlySet<string> = new Set(DEVICE_TYPES);
const STATUS_SET: ReadonlySet<string> = new Set(DEVICE_STATUSES);

export interface DeviceInput {
  siteId: number | null;
  type: DeviceType;
  manufacturer: string | null;
  model: string | null;
  serial: string | null;
  uuid: string | null;
  name: string | null;
  purchaseDate: string | null;
  warrantyEnd: string | null;
  status: DeviceStatus;
  lifetimeYears: number | null;
  refurbished: boolean;
  cpu: string | null;
  ramGb: number | null;
  storageGb: number | null;
  screenIn: number | null;
  embodiedKg: number | null;
  yearlyKwh: number | null;
  hardwareJson: string | null;
  /** Where the record came from: 'import:glpi', 'collect', 'push:SITE'… */
  source: string;
  /** The export's own type and status words when numresp mapped or did not know them (issue 11). */
  typeRaw?: string | null;
  statusRaw?: string | null;
  /** How the type was inferred when the export gave none (e.g. from the model name). */
  typeNote?: string | null;
  /** Why the tool's id or the name identifies the device (dummy serial). */
  identityNote?: string | null;
  /** HMAC of the export's user column (import --keep-users); never the clear value. */
  userHash?: string | null;
  /** When the status took its value, if the source says; null: unknown; omitted: now (history only). */
  statusChangedAt?: string | null;
}

export interface StoredDevice extends DeviceInput {
  id: number;
}

export type UpsertOutcome = 'inserted' | 'updated' | 'unchanged';

// Column ↔ field pairs compared to decide whether an upsert changes anything ('source' is provenance only).
const FIELDS: [keyof DeviceInput, string][] = [
  ['siteId', 'site_id'],
  ['type', 'type'],
  ['manufacturer', 'manufacturer'],
  ['model', 'model'],
  ['serial', 'serial'],
  ['uuid', 'uuid'],
  ['name', 'name'],
  ['purchaseDate', 'purchase_date'],
  ['warrantyEnd', 'warranty_end'],
  ['status', 'status'],
  ['lifetimeYears', 'lifetime_years'],
  ['refurbished', 'refurbished'],
  ['cpu', 'cpu'],
  ['ramGb', 'ram_gb'],
  ['storageGb', 'storage_gb'],
  ['screenIn', 'screen_in'],
  ['embodiedKg', 'embodied_kg'],
  ['yearlyKwh', 'yearly_kwh'],
  ['hardwareJson', 'hardware_json'],
  ['typeRaw', 'type_raw'],
  ['statusRaw', 'status_raw'],
  ['typeNote', 'type_note'],
  ['identityNote', 'identity_note'],
  ['userHash', 'user_hash'],
];
const LC_FIELDS: [keyof DeviceLifecycle, string][] = [
  ['embodiedKg', 'lc_embodied_kg'],
  ['embodiedSource', 'lc_embodied_source'],
  ['embodiedMatch', 'lc_embodied_match'],
  ['matchQuality', 'lc_match_quality'],
  ['lifetimeYears', 'lc_lifetime_years'],
  ['lifetimeSource', 'lc_lifetime_source'],
  ['yearlyKwh', 'lc_yearly_kwh'],
  ['kwhSource', 'lc_kwh_source'],
  ['methodVersion', 'lc_method'],
];

const DAY_MS = 86_400_000;
/** Julian day of a YYYY-MM-DD date at 00:00 UTC, as SQLite's julianday() gives it. */
export function julianDay(isoDate: string): number {
  return Date.parse(isoDate + 'T00:00:00Z') / DAY_MS + 2440587.5;
}

function toColumns(d: DeviceInput, lc: DeviceLifecycle): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [f, c] of FIELDS) row[c] = f === 'refurbished' ? (d.refurbished ? 1 : 0) : (d[f] ?? null);
  for (const [f, c] of LC_FIELDS) row[c] = lc[f];
  Object.assign(row, derivedColumns(d.purchaseDate, lc));
  return row;
}

/** The same values as toColumns, positionally in the writer's column order (the insert path of bulk imports). */
function columnValues(d: DeviceInput, lc: DeviceLifecycle, derived: DerivedColumns): unknown[] {
  return [...deviceFieldValues(d), ...lifecycleValues(lc), ...derivedValues(derived)];
}

/*
 * The insert values of a device in three positional parts, so that an import can compute them where it reads the
 * file (a worker thread) and hand them over as plain arrays (src/inventory/import/devices-import.ts):
 * the device's own fields (FIELDS order, refurbished as 0/1), its lifecycle columns (LC_FIELDS order), and the
 * three derived columns.
 */
/** How many values deviceFieldValues gives. */
export const DEVICE_FIELD_COUNT = FIELDS.length;

export function deviceFieldValues(d: DeviceInput): unknown[] {
  const values: unknown[] = [];
  writeDeviceFieldValues(d, values, 0);
  return values;
}

/** deviceFieldValues written into `out` from `at` (an import's batch array, without an array per device). */
export function writeDeviceFieldValues(d: DeviceInput, out: unknown[], at: number): void {
  // FIELDS order, written out (a test holds it to FIELDS): reading the fields by a variable key cost twice as much.
  out[at] = d.siteId ?? null;
  out[at + 1] = d.type;
  out[at + 2] = d.manufacturer ?? null;
  out[at + 3] = d.model ?? null;
  out[at + 4] = d.serial ?? null;
  out[at + 5] = d.uuid ?? null;
  out[at + 6] = d.name ?? null;
  out[at + 7] = d.purchaseDate ?? null;
  out[at + 8] = d.warrantyEnd ?? null;
  out[at + 9] = d.status;
  out[at + 10] = d.lifetimeYears ?? null;
  out[at + 11] = d.refurbished ? 1 : 0;
  out[at + 12] = d.cpu ?? null;
  out[at + 13] = d.ramGb ?? null;
  out[at + 14] = d.storageGb ?? null;
  out[at + 15] = d.screenIn ?? null;
  out[at + 16] = d.embodiedKg ?? null;
  out[at + 17] = d.yearlyKwh ?? null;
  out[at + 18] = d.hardwareJson ?? null;
  out[at + 19] = d.typeRaw ?? null;
  out[at + 20] = d.statusRaw ?? null;
  out[at + 21] = d.typeNote ?? null;
  out[at + 22] = d.identityNote ?? null;
  out[at + 23] = d.userHash ?? null;
}

/**
 * deviceFieldValues read back (values[from] onwards). Written out field by field (FIELDS order; a test holds the two
 * together): one object shape for every device, four times faster than assigning FIELDS in a loop.
 */
export function deviceFromFieldValues(v: readonly unknown[], from: number, source: string, statusChangedAt: string | null | undefined): DeviceInput {
  const d = {
    siteId: v[from] as number | null,
    type: v[from + 1] as DeviceType,
    manufacturer: v[from + 2] as string | null,
    model: v[from + 3] as string | null,
    serial: v[from + 4] as string | null,
    uuid: v[from + 5] as string | null,
    name: v[from + 6] as string | null,
    purchaseDate: v[from + 7] as string | null,
    warrantyEnd: v[from + 8] as string | null,
    status: v[from + 9] as DeviceStatus,
    lifetimeYears: v[from + 10] as number | null,
    refurbished: v[from + 11] === 1,
    cpu: v[from + 12] as string | null,
    ramGb: v[from + 13] as number | null,
    storageGb: v[from + 14] as number | null,
    screenIn: v[from + 15] as number | null,
    embodiedKg: v[from + 16] as number | null,
    yearlyKwh: v[from + 17] as number | null,
    hardwareJson: v[from + 18] as string | null,
    source,
    typeRaw: v[from + 19] as string | null,
    statusRaw: v[from + 20] as string | null,
    typeNote: v[from + 21] as string | null,
    identityNote: v[from + 22] as string | null,
    userHash: v[from + 23] as string | null,
    statusChangedAt,
  };
  return d;
}

export function lifecycleValues(lc: DeviceLifecycle): unknown[] {
  return LC_FIELDS.map(([f]) => lc[f]);
}

function derivedValues(derived: DerivedColumns): unknown[] {
  return [derived.lc_annual_embodied_kg, derived.lc_purchase_jd, derived.lc_end_date];
}

/** Index of the site id among deviceFieldValues (set after the values were computed when the site is created). */
export const SITE_ID_INDEX = FIELDS.findIndex(([f]) => f === 'siteId');

/**
 * What inserting a device needs, computed before the write (possibly in another thread): its input fingerprint
 * (null: computed by the writer, e.g. once a new site's id is known) and its insert values (columnValues).
 */
export interface PreparedInsert {
  fp: string | null;
  /** null: not computed (the reading side expected the device unchanged); the writer computes them if needed. */
  values: unknown[] | null;
}

/**
 * The stored serials and uuids, each followed by its device's input fingerprint (flat pairs, cheap to copy to a
 * thread): lets the reading side of an import skip the lifecycle of rows it can tell unchanged (the writer still
 * decides, from the store).
 */
export interface StoredFingerprints {
  serial: (string | null)[];
  uuid: (string | null)[];
}

/**
 * What a device input says, as one string hashed: stored with the row (import_fp, migration 013) so that re-importing
 * an unchanged row costs no read of the row and no lifecycle recompute. `salt` names what else the stored figures
 * depend on (lifecycle method version and options). Any other write to the row clears it (trigger of migration 013).
 */
export function inputFingerprint(d: DeviceInput, salt: string): string {
  let s = salt;
  for (const [f] of FIELDS) {
    const v = d[f];
    if (v === null || v === undefined) s += '|-';
    else {
      // Length-prefixed: no value can pass for a field boundary, whatever characters it holds.
      const text = String(v);
      s += `|${text.length}:${text}`;
    }
  }
  return hash64(s);
}

/**
 * 64-bit non-cryptographic hash of a string, hex (cyrb53's two-lane mixing, both lanes kept whole). A collision
 * would only make a changed row look unchanged for the one device whose old and new inputs collide, a negligible
 * chance at 64 bits; crypto's SHA-1 cost five times more per row and buys nothing here: whoever writes the file
 * writes the values.
 */
function hash64(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/**
 * Figures derived from the lifecycle at write time, so that reads only add them up: the annualised embodied figure
 * (migration 006, by the tested annualEmbodiedKg) and the date columns of migration 003 (same figures as its SQL
 * back-fill). A type without any public figure (source 'none') has none of them.
 */
export interface DerivedColumns {
  lc_annual_embodied_kg: number | null;
  lc_purchase_jd: number | null;
  lc_end_date: string | null;
}
function derivedColumns(purchaseDate: string | null, lc: DeviceLifecycle): DerivedColumns {
  const lc_annual_embodied_kg = lc.embodiedKg !== null && lc.lifetimeYears !== null ? annualEmbodiedKg(lc.embodiedKg, lc.lifetimeYears) : null;
  if (!purchaseDate) return { lc_annual_embodied_kg, lc_purchase_jd: null, lc_end_date: null };
  const jd = julianDay(purchaseDate);
  if (lc.lifetimeYears === null) return { lc_annual_embodied_kg, lc_purchase_jd: jd, lc_end_date: null };
  const end = new Date(Date.parse(purchaseDate + 'T00:00:00Z') + lc.lifetimeYears * 365.25 * DAY_MS).toISOString().slice(0, 10);
  return { lc_annual_embodied_kg, lc_purchase_jd: jd, lc_end_date: end };
}

/** derivedColumns, computed once per (purchase date, lifetime, embodied): a fleet repeats a few thousand of them. */
export function derivedColumnsMemo(): (purchaseDate: string | null, lc: DeviceLifecycle) => DerivedColumns {
  const memo = new Map<string, DerivedColumns>();
  return (purchaseDate, lc) => {
    const key = `${purchaseDate}|${lc.lifetimeYears}|${lc.embodiedKg}`;
    let d = memo.get(key);
    if (!d) {
      d = derivedColumns(purchaseDate, lc);
      memo.set(key, d);
    }
    return d;
  };
}

/** A stored row back to the input shape. */
function rowToInput(r: Record<string, unknown>): DeviceInput {
  const d: Record<string, unknown> = { source: r.source };
  for (const [f, c] of FIELDS) d[f] = f === 'refurbished' ? r[c] === 1 : r[c];
  return d as unknown as DeviceInput;
}

/** Status-history rows written by one multi-row INSERT in bulk mode (4 values each, well under SQLite's 32,766). */
const HISTORY_BATCH = 200;

/** Prepared statements for many upserts in one transaction (imports, pushes). */
export class DeviceWriter {
  private readonly bySerial;
  private readonly byUuid;
  private readonly insert;
  private readonly update;
  private readonly setFingerprint;
  private readonly history;
  private readonly byId;
  private readonly columns: string[];
  /** serial/uuid → id and id → input fingerprint of every stored device, when prefetched (bulk imports): new
   *  devices then cost no SELECT, unchanged ones neither. */
  private keys: { serial: Map<string, number>; uuid: Map<string, number>; fingerprint: Map<number, string> } | null = null;
  /** Status-history rows not yet written (bulk mode only; flushed by finish()). */
  private pendingHistory: unknown[] | null = null;
  private historyBatch: ReturnType<Db['prepare']> | null = null;
  private readonly derived = derivedColumnsMemo();

  /**
   * @param fingerprintSalt what the stored lifecycle figures depend on besides the device's own facts (method
   *   version, options): a change of it makes every re-imported row recomputed.
   */
  constructor(
    private readonly db: Db,
    private readonly fingerprintSalt = '',
  ) {
    // Bulk upserts touch five B-trees per device; a 16 MiB page cache (default 2 MiB) keeps their hot pages (the
    // right edges of the appended trees, the small site/type/status indexes) in memory for a 100,000-device import.
    // 64 MiB was no faster in bench/inventory and held 50 MiB more at peak (issue 11: peak RSS ≤ 300 MB).
    if ((db.pragma('cache_size', { simple: true }) as number) > -16384) db.pragma('cache_size = -16384');
    const all = [...FIELDS.map(([, c]) => c), ...LC_FIELDS.map(([, c]) => c), 'lc_annual_embodied_kg', 'lc_purchase_jd', 'lc_end_date'];
    this.bySerial = db.prepare(`SELECT id, source, import_fp, ${all.join(', ')} FROM devices WHERE serial = ?`);
    this.byUuid = db.prepare(`SELECT id, source, import_fp, ${all.join(', ')} FROM devices WHERE uuid = ?`);
    this.columns = all;
    this.byId = db.prepare(`SELECT id, source, import_fp, ${all.join(', ')} FROM devices WHERE id = ?`);
    // Positional parameters: binding ~35 values by name per row costs more than by position.
    this.insert = db.prepare(
      `INSERT INTO devices (${all.join(', ')}, source, created_at, updated_at, import_fp)
       VALUES (${all.map(() => '?').join(', ')}, ?, ?, ?, ?)`,
    );
    this.update = db.prepare(
      `UPDATE devices SET ${all.map((c) => `${c} = @${c}`).join(', ')}, source = @source, updated_at = @at, import_fp = @fp WHERE id = @id`,
    );
    this.setFingerprint = db.prepare('UPDATE devices SET import_fp = ? WHERE id = ?');
    this.history = db.prepare('INSERT INTO device_status_history (device_id, status, changed_at, note) VALUES (?, ?, ?, ?)');
  }

  /** Loads every stored serial, uuid and input fingerprint once; worth it before upserting thousands of devices. */
  prefetchKeys(): void {
    const serial = new Map<string, number>();
    const uuid = new Map<string, number>();
    const fingerprint = new Map<number, string>();
    for (const r of this.db.prepare('SELECT id, serial, uuid, import_fp FROM devices').raw().all() as [number, string | null, string | null, string | null][]) {
      if (r[1] !== null) serial.set(r[1], r[0]);
      if (r[2] !== null) uuid.set(r[2], r[0]);
      if (r[3] !== null) fingerprint.set(r[0], r[3]);
    }
    this.keys = { serial, uuid, fingerprint };
  }

  /** The stored keys with their devices' input fingerprints, as the bulk mode's prefetch read them. */
  storedFingerprints(): StoredFingerprints {
    const out: StoredFingerprints = { serial: [], uuid: [] };
    if (!this.keys) return out;
    const { fingerprint } = this.keys;
    for (const [key, id] of this.keys.serial) out.serial.push(key, fingerprint.get(id) ?? null);
    for (const [key, id] of this.keys.uuid) out.uuid.push(key, fingerprint.get(id) ?? null);
    return out;
  }

  /**
   * Runs `fn` (thousands of upserts, inside the caller's transaction) in bulk mode: keys and fingerprints
   * prefetched, status-history rows written by batches of HISTORY_BATCH, and the type/status CHECK constraints of
   * the devices table verified here against the same lists instead of by SQLite (evaluating the two IN lists is
   * about a third of an insert's cost in SQLite: bench/inventory). Same guarantee: a row outside the lists is
   * refused with SQLite's error code before it is written. The pragma is a connection flag, restored on the way out.
   */
  bulk<T>(fn: () => T): T {
    this.prefetchKeys();
    this.pendingHistory = [];
    this.historyBatch = this.db.prepare(
      `INSERT INTO device_status_history (device_id, status, changed_at, note) VALUES ${Array.from({ length: HISTORY_BATCH }, () => '(?, ?, ?, ?)').join(', ')}`,
    );
    const checks = this.db.pragma('ignore_check_constraints', { simple: true }) as number;
    this.db.pragma('ignore_check_constraints = ON');
    this.checkVocabulary = true;
    try {
      const result = fn();
      const pending = this.pendingHistory;
      for (let i = 0; i < pending.length; i += 4) this.history.run(pending[i], pending[i + 1], pending[i + 2], pending[i + 3]);
      return result;
    } finally {
      this.db.pragma(`ignore_check_constraints = ${checks ? 'ON' : 'OFF'}`);
      this.checkVocabulary = false;
      this.pendingHistory = null;
    }
  }

  /** Runs `fn` (writes to other tables, e.g. a new site) with SQLite's CHECK constraints on, also in bulk mode. */
  checked<T>(fn: () => T): T {
    if (!this.checkVocabulary) return fn();
    this.db.pragma('ignore_check_constraints = OFF');
    try {
      return fn();
    } finally {
      this.db.pragma('ignore_check_constraints = ON');
    }
  }

  /** In bulk mode: the devices table's CHECK constraints, verified before writing (SQLite's are switched off). */
  private checkVocabulary = false;
  private assertVocabulary(type: unknown, status: unknown): void {
    for (const [column, value, set] of [['type', type, TYPE_SET], ['status', status, STATUS_SET]] as const) {
      if (!set.has(value as string)) {
        throw Object.assign(new Error(`CHECK constraint failed: ${column} IN (...) (got ${JSON.stringify(value)})`), { code: 'SQLITE_CONSTRAINT_CHECK' });
      }
    }
  }

  private addHistory(id: number, status: string, changedAt: string | null, note: string): void {
    const pending = this.pendingHistory;
    if (!pending) {
      this.history.run(id, status, changedAt, note);
      return;
    }
    pending.push(id, status, changedAt, note);
    if (pending.length === HISTORY_BATCH * 4) {
      this.historyBatch!.run(pending);
      pending.length = 0;
    }
  }

  find(serial: string | null, uuid: string | null): (Record<string, unknown> & { id: number }) | undefined {
    if (this.keys) {
      const id = this.keyedId(serial, uuid);
      return id === undefined ? undefined : (this.byId.get(id) as Record<string, unknown> & { id: number });
    }
    return ((serial !== null ? this.bySerial.get(serial) : undefined) ?? (uuid !== null ? this.byUuid.get(uuid) : undefined)) as
      | (Record<string, unknown> & { id: number })
      | undefined;
  }

  private keyedId(serial: string | null, uuid: string | null): number | undefined {
    return (serial !== null ? this.keys!.serial.get(serial) : undefined) ?? (uuid !== null ? this.keys!.uuid.get(uuid) : undefined);
  }

  /**
   * Inserts or updates one device found by serial, else uuid. A device without either is always inserted
   * (callers reject such rows when idempotency matters). A status change appends to the history.
   * Fields given as null keep their stored value on update, so a sparse source does not erase a richer one.
   * A device whose stored input fingerprint is this input's is unchanged without reading or recomputing anything:
   * the same input merged into the row it produced gives that row again.
   */
  upsert(
    device: DeviceInput,
    lifecycle: (device: DeviceInput, measuredYearlyKwh: number | null) => DeviceLifecycle,
    at: string,
    note: string | null = null,
    prepared?: PreparedInsert,
  ): { id: number; outcome: UpsertOutcome } {
    const fp = prepared?.fp ?? inputFingerprint(device, this.fingerprintSalt);
    let existing: (Record<string, unknown> & { id: number }) | undefined;
    if (this.keys) {
      const id = this.keyedId(device.serial, device.uuid);
      if (id !== undefined && this.keys.fingerprint.get(id) === fp) return { id, outcome: 'unchanged' };
      existing = id === undefined ? undefined : (this.byId.get(id) as Record<string, unknown> & { id: number });
    } else {
      existing = this.find(device.serial, device.uuid);
      if (existing && existing.import_fp === fp) return { id: existing.id, outcome: 'unchanged' };
    }
    if (!existing) {
      if (this.checkVocabulary) this.assertVocabulary(device.type, device.status);
      let values: unknown[];
      if (prepared?.values) values = prepared.values;
      else {
        const lc = lifecycle(device, null);
        values = columnValues(device, lc, this.derived(device.purchaseDate, lc));
      }
      values.push(device.source, at, at, fp);
      const id = Number(this.insert.run(values).lastInsertRowid);
      if (this.keys) {
        if (device.serial !== null) this.keys.serial.set(device.serial, id);
        if (device.uuid !== null) this.keys.uuid.set(device.uuid, id);
        this.keys.fingerprint.set(id, fp);
      }
      this.addHistory(id, device.status, device.statusChangedAt === undefined ? at : device.statusChangedAt, note ?? `first seen (${device.source})`);
      return { id, outcome: 'inserted' };
    }
    // Fields given as null keep their stored value, so a sparse source does not erase a richer one.
    const stored = rowToInput(existing);
    const merged = { ...device } as Record<string, unknown>;
    for (const [f] of FIELDS) if (merged[f] === null || merged[f] === undefined) merged[f] = stored[f];
    // kWh annualised from this device's readings (energy import) stays until new readings replace it.
    const measured = existing.lc_kwh_source === 'reading' ? (existing.lc_yearly_kwh as number) : null;
    const cols = toColumns(merged as unknown as DeviceInput, lifecycle(merged as unknown as DeviceInput, measured));
    const changed = Object.keys(cols).some((c) => !sameValue(cols[c], existing[c]));
    if (!changed) {
      // Same values from another input (e.g. sparser): remember this one, so its next re-import is skipped early.
      this.setFingerprint.run(fp, existing.id);
      this.keys?.fingerprint.set(existing.id, fp);
      return { id: existing.id, outcome: 'unchanged' };
    }
    if (this.checkVocabulary) this.assertVocabulary(cols.type, cols.status);
    this.update.run({ ...cols, source: device.source, at, id: existing.id, fp });
    if (this.keys) {
      this.keys.fingerprint.set(existing.id, fp);
      // Keep the key maps what the table holds: a changed serial or uuid no longer finds this device.
      if (existing.serial !== null && existing.serial !== cols.serial) this.keys.serial.delete(existing.serial as string);
      if (existing.uuid !== null && existing.uuid !== cols.uuid) this.keys.uuid.delete(existing.uuid as string);
      if (cols.serial !== null) this.keys.serial.set(cols.serial as string, existing.id);
      if (cols.uuid !== null) this.keys.uuid.set(cols.uuid as string, existing.id);
    }
    if (existing.status !== cols.status) {
      this.addHistory(existing.id, cols.status as string, device.statusChangedAt ?? at, note ?? `from ${existing.status} (${device.source})`);
    }
    return { id: existing.id, outcome: 'updated' };
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  return (a ?? null) === (b ?? null);
}

export function getDeviceBySerial(db: Db, serial: string): StoredDevice | undefined {
  const r = db.prepare('SELECT * FROM devices WHERE serial = ?').get(serial) as Record<string, unknown> | undefined;
  return r ? fromRow(r) : undefined;
}

export function deviceStatusHistory(db: Db, deviceId: number): { status: DeviceStatus; changedAt: string | null; note: string | null }[] {
  return db
    .prepare('SELECT status, changed_at changedAt, note FROM device_status_history WHERE device_id = ? ORDER BY id')
    .all(deviceId) as { status: DeviceStatus; changedAt: string | null; note: string | null }[];
}

function fromRow(r: Record<string, unknown>): StoredDevice {
  return { ...rowToInput(r), id: r.id as number };
}

/** Every device with the facts the lifecycle model needs, for a recompute (new factors, new readings). */
export function* iterateDevicesForLifecycle(db: Db, ids?: readonly number[]): Generator<StoredDevice> {
  const sql = 'SELECT * FROM devices' + (ids ? ` WHERE id IN (${ids.map(() => '?').join(',')})` : '');
  for (const r of db.prepare(sql).iterate(...(ids ?? [])) as Iterable<Record<string, unknown>>) yield fromRow(r);
}

export function updateDeviceLifecycle(db: Db, id: number, purchaseDate: string | null, lc: DeviceLifecycle): void {
  const params: Record<string, unknown> = { id, ...derivedColumns(purchaseDate, lc) };
  for (const [f, c] of LC_FIELDS) params[c] = lc[f];
  const set = Object.keys(params).filter((c) => c !== 'id').map((c) => `${c} = @${c}`).join(', ');
  db.prepare(`UPDATE devices SET ${set} WHERE id = @id`).run(params);
}

export function countDevices(db: Db): number {
  return (db.prepare('SELECT count(*) n FROM devices').get() as { n: number }).n;
}

/**
 * Aggregates per (site, type, status) in one pass over the devices. Ages use the precomputed
 * columns of migration 003 and plain comparisons (no date function per row), which keeps 100,000 devices well
 * under the 200 ms budget. `bounds` are the purchase dates 1, 3, 5 and 7 years before `atIso` (YYYY-MM-DD).
 */
export interface FleetGroup {
  siteId: number | null;
  type: DeviceType;
  status: DeviceStatus;
  /** Devices of the group bought refurbished. */
  refurbished: number;
  n: number;
  /** Devices by age: < 1, 1–3, 3–5, 5–7, ≥ 7 years; the rest have no purchase date. */
  age01: number;
  age13: number;
  age35: number;
  age57: number;
  age7: number;
  withAge: number;
  /** Σ julian day of purchase (mean age = at − Σ ÷ withAge). */
  purchaseJdSum: number;
  pastLifetime: number;
  embodiedKgSum: number;
  annualEmbodiedKgSum: number;
  yearlyKwhSum: number;
  measuredKwhDevices: number;
  embodiedFromBoavizta: number;
  embodiedFromDevice: number;
  embodiedFromDefault: number;
  matchExact: number;
  matchPrefix: number;
  matchGenericWordsRemoved: number;
}

export function fleetAggregates(
  db: Db,
  bounds: AgeBounds,
  siteIds: readonly number[] | null,
): FleetGroup[] {
  const on = devicesOn(db, bounds, siteIds);
  // Fast path (no status change after the date): the stored status, grouped along the (site, type, status) index.
  const sql = `
    SELECT site_id siteId, type, ${on.status} status, sum(refurbished) refurbished, count(*) n,
           coalesce(sum(purchase_date > @y1), 0) age01,
           coalesce(sum(purchase_date <= @y1 AND purchase_date > @y3), 0) age13,
           coalesce(sum(purchase_date <= @y3 AND purchase_date > @y5), 0) age35,
           coalesce(sum(purchase_date <= @y5 AND purchase_date > @y7), 0) age57,
           coalesce(sum(purchase_date <= @y7), 0) age7,
           count(lc_purchase_jd) withAge,
           coalesce(sum(lc_purchase_jd), 0) purchaseJdSum,
           coalesce(sum(lc_end_date < @at), 0) pastLifetime,
           coalesce(sum(lc_embodied_kg), 0) embodiedKgSum,
           coalesce(sum(lc_annual_embodied_kg), 0) annualEmbodiedKgSum,
           coalesce(sum(lc_yearly_kwh), 0) yearlyKwhSum,
           coalesce(sum(lc_kwh_source = 'reading'), 0) measuredKwhDevices,
           coalesce(sum(lc_embodied_source = 'boavizta'), 0) embodiedFromBoavizta,
           coalesce(sum(lc_embodied_source = 'device'), 0) embodiedFromDevice,
           coalesce(sum(lc_embodied_source = 'type-default'), 0) embodiedFromDefault,
           coalesce(sum(lc_match_quality = 'exact'), 0) matchExact,
           coalesce(sum(lc_match_quality = 'prefix'), 0) matchPrefix,
           coalesce(sum(lc_match_quality = 'generic-words-removed'), 0) matchGenericWordsRemoved
      FROM devices d WHERE ${on.where}
     GROUP BY site_id, type, ${on.status === 'status' ? 'status' : '3'}`;
  return db.prepare(sql).all(bounds, ...on.params) as FleetGroup[];
}

/**
 * The devices of the fleet on a date (bounds.at, YYYY-MM-DD; bounds.atEnd, the end of that day as an ISO instant):
 * those bought on or before it (or of unknown purchase date), with their status on it: the latest status change
 * at or before the end of that day, else (first seen later) the first status recorded. When the history holds no
 * change after the date, every status on it is the stored one and no history is read.
 */
function devicesOn(db: Db, bounds: Pick<AgeBounds, 'at' | 'atEnd'>, siteIds: readonly number[] | null): { where: string; status: string; params: unknown[] } {
  const conds = ['(d.purchase_date IS NULL OR d.purchase_date <= @at)'];
  if (siteIds) conds.push(`d.site_id IN (${siteIds.map(() => '?').join(',')})`);
  const later = db.prepare('SELECT 1 FROM device_status_history WHERE changed_at > ? LIMIT 1').get(bounds.atEnd);
  const status = later
    ? `coalesce(
        (SELECT h.status FROM device_status_history h WHERE h.device_id = d.id AND h.changed_at <= @atEnd ORDER BY h.changed_at DESC, h.id DESC LIMIT 1),
        (SELECT h.status FROM device_status_history h WHERE h.device_id = d.id ORDER BY h.changed_at, h.id LIMIT 1),
        d.status)`
    : 'status';
  return { where: conds.join(' AND '), status, params: [...(siteIds ?? [])] };
}

/** `status IN (?, …)` for a list of statuses bound as parameters (the lists live in src/scoring/lifecycle.ts). */
function inList(column: string, values: readonly string[]): string {
  return `${column} IN (${values.map(() => '?').join(', ')})`;
}

export interface AgeBounds {
  /** The date, YYYY-MM-DD. */
  at: string;
  /** The end of that day, ISO instant (status changes up to it count). */
  atEnd: string;
  y1: string;
  y3: string;
  y5: string;
  y7: string;
}

/** `atIso`'s date and the dates 1, 3, 5, 7 calendar years before it (YYYY-MM-DD), the age bucket bounds. */
export function ageBounds(atIso: string): AgeBounds {
  const before = (n: number) => {
    const d = new Date(atIso);
    d.setUTCFullYear(d.getUTCFullYear() - n);
    return d.toISOString().slice(0, 10);
  };
  return { at: atIso.slice(0, 10), atEnd: atIso, y1: before(1), y3: before(3), y5: before(5), y7: before(7) };
}

/** Baseline for the benchmark: one plain pass over every device. */
export function totalEmbodiedKg(db: Db): number {
  return (db.prepare('SELECT coalesce(sum(lc_embodied_kg), 0) kg FROM devices').get() as { kg: number }).kg;
}

/** Data-centre hosts with VMs: their annual figures, for allocating to served sites. */
export interface HostFigures {
  id: number;
  siteId: number | null;
  status: DeviceStatus;
  annualEmbodiedKg: number;
  yearlyKwh: number;
}

/** Hosts owned on `atIso`'s date (see devicesOn), with their status on it. */
export function hostsWithVms(db: Db, atIso: string): HostFigures[] {
  const on = devicesOn(db, { at: atIso.slice(0, 10), atEnd: atIso }, null);
  return db
    .prepare(
      `SELECT id, site_id siteId, ${on.status} status, lc_annual_embodied_kg annualEmbodiedKg, lc_yearly_kwh yearlyKwh
         FROM devices d WHERE id IN (SELECT host_device_id FROM vms) AND ${on.where}`,
    )
    .all({ at: atIso.slice(0, 10), atEnd: atIso }, ...on.params) as HostFigures[];
}

/** Devices whose status became `status` (e.g. 'd3e') between the two instants, both included. */
export function statusChangeCount(db: Db, status: DeviceStatus, siteIds: readonly number[] | null, sinceIso: string | null, untilIso: string): number {
  const conds = ['h.status = ?', 'h.changed_at <= ?'];
  const params: unknown[] = [status, untilIso];
  if (sinceIso) {
    conds.push('h.changed_at >= ?');
    params.push(sinceIso);
  }
  if (siteIds) {
    conds.push(`d.site_id IN (${siteIds.map(() => '?').join(',')})`);
    params.push(...siteIds);
  }
  const sql = `SELECT count(DISTINCT h.device_id) n FROM device_status_history h JOIN devices d ON d.id = h.device_id WHERE ${conds.join(' AND ')}`;
  return (db.prepare(sql).get(...params) as { n: number }).n;
}

/**
 * Owned devices on a date per (site, type, status, refurbished, lifetime): the scenarios divide Σ embodied by
 * lifetime + extension with the lifecycle functions, exact within a group of one lifetime.
 */
export interface ScenarioGroup {
  siteId: number | null;
  type: DeviceType;
  status: DeviceStatus;
  refurbished: 0 | 1;
  /** null for a type without any public lifetime (its embodied figure is unknown too). */
  lifetimeYears: number | null;
  owned: number;
  /** Σ embodied kgCO2e (not annualised). */
  embodiedKg: number;
  /** Σ embodied ÷ lifetime, as stored. */
  annualEmbodiedKg: number;
  /** Σ yearly kWh (before PUE). */
  yearlyKwh: number;
}

export function scenarioGroups(db: Db, atIso: string, siteIds: readonly number[] | null): ScenarioGroup[] {
  const bounds = { at: atIso.slice(0, 10), atEnd: atIso };
  const on = devicesOn(db, bounds, siteIds);
  const sql = `
    SELECT siteId, type, status, refurbished, lifetimeYears, count(*) owned,
           coalesce(sum(e), 0) embodiedKg, coalesce(sum(ae), 0) annualEmbodiedKg, coalesce(sum(kwh), 0) yearlyKwh
      FROM (SELECT site_id siteId, type, ${on.status} status, refurbished, lc_lifetime_years lifetimeYears,
                   lc_embodied_kg e, lc_annual_embodied_kg ae, lc_yearly_kwh kwh
              FROM devices d WHERE ${on.where})
     WHERE ${inList('status', OWNED_STATUSES)}
     GROUP BY 1, 2, 3, 4, 5`;
  return db.prepare(sql).all(bounds, ...on.params, ...OWNED_STATUSES) as ScenarioGroup[];
}

/** One device with its stored lifecycle figures, for `inventory show`. */
export function deviceWithLifecycle(db: Db, serialOrUuid: string): Record<string, unknown> | undefined {
  return db
    .prepare(
      `SELECT d.*, s.code site_code FROM devices d LEFT JOIN sites s ON s.id = d.site_id
        WHERE d.serial = ? OR d.uuid = ? ORDER BY d.serial = ? DESC LIMIT 1`,
    )
    .get(serialOrUuid, serialOrUuid, serialOrUuid) as Record<string, unknown> | undefined;
}

/** Distinct embodied figures per type with how many devices carry each and where it came from (outlier check). */
export interface EmbodiedFigureGroup {
  type: DeviceType;
  embodiedKg: number;
  source: string;
  match: string | null;
  devices: number;
}

export function embodiedFigureGroups(db: Db, siteIds: readonly number[] | null): EmbodiedFigureGroup[] {
  const where = siteIds ? `AND site_id IN (${siteIds.map(() => '?').join(',')})` : '';
  return db
    .prepare(
      `SELECT type, lc_embodied_kg embodiedKg, lc_embodied_source source, lc_embodied_match matched, count(*) devices
         FROM devices WHERE lc_embodied_kg IS NOT NULL ${where} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2`,
    )
    .all(...(siteIds ?? []))
    .map((r) => {
      const { matched, ...rest } = r as EmbodiedFigureGroup & { matched: string | null };
      return { ...rest, match: matched };
    });
}
