/**
 * Devices of the fleet: idempotent upsert by serial, then uuid, with a dated status history,
 * and the per-device lifecycle figures (columns lc_*, migration 002) written beside them.
 */
import type { Db } from './database.js';
import type { DeviceStatus, DeviceType } from '../scoring/factors.js';
import type { DeviceLifecycle } from '../scoring/lifecycle.js';

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
];
const LC_FIELDS: [keyof DeviceLifecycle, string][] = [
  ['embodiedKg', 'lc_embodied_kg'],
  ['embodiedSource', 'lc_embodied_source'],
  ['embodiedMatch', 'lc_embodied_match'],
  ['lifetimeYears', 'lc_lifetime_years'],
  ['lifetimeSource', 'lc_lifetime_source'],
  ['yearlyKwh', 'lc_yearly_kwh'],
  ['kwhSource', 'lc_kwh_source'],
  ['methodVersion', 'lc_method'],
];

function toColumns(d: DeviceInput, lc: DeviceLifecycle): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [f, c] of FIELDS) row[c] = f === 'refurbished' ? (d.refurbished ? 1 : 0) : d[f];
  for (const [f, c] of LC_FIELDS) row[c] = lc[f];
  return row;
}

/** Prepared statements for many upserts in one transaction (imports, pushes). */
export class DeviceWriter {
  private readonly bySerial;
  private readonly byUuid;
  private readonly insert;
  private readonly update;
  private readonly history;

  constructor(private readonly db: Db) {
    const all = [...FIELDS.map(([, c]) => c), ...LC_FIELDS.map(([, c]) => c)];
    this.bySerial = db.prepare(`SELECT id, ${all.join(', ')} FROM devices WHERE serial = ?`);
    this.byUuid = db.prepare(`SELECT id, ${all.join(', ')} FROM devices WHERE uuid = ?`);
    this.insert = db.prepare(
      `INSERT INTO devices (${all.join(', ')}, source, created_at, updated_at)
       VALUES (${all.map((c) => '@' + c).join(', ')}, @source, @at, @at)`,
    );
    this.update = db.prepare(
      `UPDATE devices SET ${all.map((c) => `${c} = @${c}`).join(', ')}, source = @source, updated_at = @at WHERE id = @id`,
    );
    this.history = db.prepare('INSERT INTO device_status_history (device_id, status, changed_at, note) VALUES (?, ?, ?, ?)');
  }

  find(serial: string | null, uuid: string | null): (Record<string, unknown> & { id: number }) | undefined {
    return ((serial !== null ? this.bySerial.get(serial) : undefined) ?? (uuid !== null ? this.byUuid.get(uuid) : undefined)) as
      | (Record<string, unknown> & { id: number })
      | undefined;
  }

  /**
   * Inserts or updates one device found by serial, else uuid. A device without either is always inserted
   * (callers reject such rows when idempotency matters). A status change appends to the history.
   * Fields given as null keep their stored value on update, so a sparse source does not erase a richer one.
   */
  upsert(
    device: DeviceInput,
    lifecycle: (measuredYearlyKwh: number | null) => DeviceLifecycle,
    at: string,
    note: string | null = null,
  ): { id: number; outcome: UpsertOutcome } {
    const existing = this.find(device.serial, device.uuid);
    // kWh annualised from this device's readings (energy import) stays until new readings replace it.
    const measured = existing && existing.lc_kwh_source === 'reading' ? (existing.lc_yearly_kwh as number) : null;
    const cols = toColumns(device, lifecycle(measured));
    if (!existing) {
      const id = Number(this.insert.run({ ...cols, source: device.source, at }).lastInsertRowid);
      this.history.run(id, device.status, at, note ?? `first seen (${device.source})`);
      return { id, outcome: 'inserted' };
    }
    for (const [, c] of FIELDS) if (cols[c] === null || cols[c] === undefined) cols[c] = existing[c];
    const changed = Object.keys(cols).some((c) => !sameValue(cols[c], existing[c]));
    if (!changed) return { id: existing.id, outcome: 'unchanged' };
    this.update.run({ ...cols, source: device.source, at, id: existing.id });
    if (existing.status !== cols.status) this.history.run(existing.id, cols.status, at, note ?? `from ${existing.status} (${device.source})`);
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

export function deviceStatusHistory(db: Db, deviceId: number): { status: DeviceStatus; changedAt: string; note: string | null }[] {
  return db
    .prepare('SELECT status, changed_at changedAt, note FROM device_status_history WHERE device_id = ? ORDER BY id')
    .all(deviceId) as { status: DeviceStatus; changedAt: string; note: string | null }[];
}

function fromRow(r: Record<string, unknown>): StoredDevice {
  const d: Record<string, unknown> = { id: r.id, source: r.source };
  for (const [f, c] of FIELDS) d[f] = f === 'refurbished' ? r[c] === 1 : r[c];
  return d as unknown as StoredDevice;
}

/** Every device with the facts the lifecycle model needs, for a recompute (new factors, new readings). */
export function* iterateDevicesForLifecycle(db: Db, ids?: readonly number[]): Generator<StoredDevice> {
  const sql = 'SELECT * FROM devices' + (ids ? ` WHERE id IN (${ids.map(() => '?').join(',')})` : '');
  for (const r of db.prepare(sql).iterate(...(ids ?? [])) as Iterable<Record<string, unknown>>) yield fromRow(r);
}

export function updateDeviceLifecycle(db: Db, id: number, lc: DeviceLifecycle): void {
  const set = LC_FIELDS.map(([, c]) => `${c} = @${c}`).join(', ');
  const params: Record<string, unknown> = { id };
  for (const [f, c] of LC_FIELDS) params[c] = lc[f];
  db.prepare(`UPDATE devices SET ${set} WHERE id = @id`).run(params);
}

export function countDevices(db: Db): number {
  return (db.prepare('SELECT count(*) n FROM devices').get() as { n: number }).n;
}

/** One row per device with what the summary aggregates (figures precomputed in lc_*). */
export interface FleetRow {
  id: number;
  siteId: number | null;
  type: DeviceType;
  status: DeviceStatus;
  refurbished: number;
  purchaseDate: string | null;
  lifetimeYears: number | null;
  embodiedKg: number | null;
  embodiedSource: string | null;
  lcLifetimeYears: number | null;
  yearlyKwh: number | null;
  kwhSource: string | null;
}

/**
 * Aggregates per (site, type, status, refurbished, age bucket) in one pass, computed in SQLite so that
 * 100,000 devices stay well under the 200 ms budget. Age is whole years at `atIso` from purchase_date.
 */
export interface FleetGroup {
  siteId: number | null;
  type: DeviceType;
  status: DeviceStatus;
  refurbished: number;
  ageBucket: string;
  n: number;
  withAge: number;
  ageYearsSum: number;
  pastLifetime: number;
  embodiedKgSum: number;
  annualEmbodiedKgSum: number;
  yearlyKwhSum: number;
  measuredKwhDevices: number;
  embodiedFromBoavizta: number;
  embodiedFromDevice: number;
  embodiedFromDefault: number;
}

export function fleetGroups(db: Db, atIso: string, siteIds: readonly number[] | null): FleetGroup[] {
  const where = siteIds ? `WHERE site_id IN (${siteIds.map(() => '?').join(',')})` : '';
  const sql = `
    WITH d AS (
      SELECT site_id, type, status, refurbished, lc_embodied_kg, lc_embodied_source, lc_lifetime_years, lc_yearly_kwh,
             lc_kwh_source,
             CASE WHEN purchase_date IS NULL THEN NULL
                  ELSE (julianday(@at) - julianday(purchase_date)) / 365.25 END AS age
        FROM devices ${where}
    )
    SELECT site_id siteId, type, status, refurbished,
           CASE WHEN age IS NULL THEN 'unknown' WHEN age < 1 THEN '0-1' WHEN age < 3 THEN '1-3'
                WHEN age < 5 THEN '3-5' WHEN age < 7 THEN '5-7' ELSE '7+' END AS ageBucket,
           count(*) n,
           count(age) withAge,
           coalesce(sum(age), 0) ageYearsSum,
           sum(CASE WHEN age > lc_lifetime_years THEN 1 ELSE 0 END) pastLifetime,
           coalesce(sum(lc_embodied_kg), 0) embodiedKgSum,
           coalesce(sum(lc_embodied_kg / lc_lifetime_years), 0) annualEmbodiedKgSum,
           coalesce(sum(lc_yearly_kwh), 0) yearlyKwhSum,
           sum(lc_kwh_source = 'reading') measuredKwhDevices,
           sum(lc_embodied_source = 'boavizta') embodiedFromBoavizta,
           sum(lc_embodied_source = 'device') embodiedFromDevice,
           sum(lc_embodied_source = 'type-default') embodiedFromDefault
      FROM d
     GROUP BY 1, 2, 3, 4, 5`;
  const params: unknown[] = siteIds ? [...siteIds] : [];
  return db.prepare(sql).all({ at: atIso }, ...params) as FleetGroup[];
}

/** Data-centre hosts with VMs: their annual figures, for allocating to served sites. */
export interface HostFigures {
  id: number;
  siteId: number | null;
  status: DeviceStatus;
  annualEmbodiedKg: number;
  yearlyKwh: number;
}

export function hostsWithVms(db: Db): HostFigures[] {
  return db
    .prepare(
      `SELECT id, site_id siteId, status, lc_embodied_kg / lc_lifetime_years annualEmbodiedKg, lc_yearly_kwh yearlyKwh
         FROM devices WHERE id IN (SELECT host_device_id FROM vms)`,
    )
    .all() as HostFigures[];
}

export function d3eSentCount(db: Db, siteIds: readonly number[] | null, sinceIso: string | null, untilIso: string): number {
  const conds = [`h.status = 'd3e'`, 'h.changed_at <= ?'];
  const params: unknown[] = [untilIso];
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

/** Per (site, type) sums the scenarios need, over owned devices; `extendYears` is added to every lifetime. */
export interface ScenarioGroup {
  siteId: number | null;
  type: DeviceType;
  owned: number;
  /** Σ embodied ÷ lifetime, now. */
  annualEmbodiedKg: number;
  /** Σ embodied ÷ (lifetime + extendYears), for devices bought new / bought refurbished. */
  extendedNewKg: number;
  extendedRefurbishedKg: number;
  /** Σ yearly kWh of powered devices (before PUE). */
  poweredYearlyKwh: number;
}

export function scenarioGroups(db: Db, extendYears: number, siteIds: readonly number[] | null): ScenarioGroup[] {
  const where = siteIds ? `AND site_id IN (${siteIds.map(() => '?').join(',')})` : '';
  const sql = `
    SELECT site_id siteId, type, count(*) owned,
           coalesce(sum(lc_embodied_kg / lc_lifetime_years), 0) annualEmbodiedKg,
           coalesce(sum(CASE WHEN refurbished = 0 THEN lc_embodied_kg / (lc_lifetime_years + @x) END), 0) extendedNewKg,
           coalesce(sum(CASE WHEN refurbished = 1 THEN lc_embodied_kg / (lc_lifetime_years + @x) END), 0) extendedRefurbishedKg,
           coalesce(sum(CASE WHEN status IN ('in-service','redeployed') THEN lc_yearly_kwh END), 0) poweredYearlyKwh
      FROM devices
     WHERE status IN ('in-service','in-stock','redeployed') ${where}
     GROUP BY 1, 2`;
  return db.prepare(sql).all({ x: extendYears }, ...(siteIds ?? [])) as ScenarioGroup[];
}
