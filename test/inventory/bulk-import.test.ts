import { openStore, type Db } from '../../src/store/database.js';
import { upsertSite } from '../../src/store/sites.js';
import { moveDevice } from '../../src/store/device-identity.js';
import { deviceStatusHistory, DeviceWriter, getDeviceBySerial, updateDeviceLifecycle, type DeviceInput } from '../../src/store/devices.js';
import { importDevices } from '../../src/inventory/import/devices-import.js';
import { deviceLifecycle } from '../../src/scoring/lifecycle.js';
import { REFURBISHED_EMBODIED_SHARE, TYPE_DEFAULTS } from '../../src/scoring/factors.js';

/**
 * Issue 11, speed: an import of more than 1,000 rows runs the writer's bulk mode (keys and input fingerprints
 * prefetched, status history written by batches, type/status checked by the writer), and a re-import skips the rows
 * whose stored fingerprint is the row's. These tests pin that the shortcuts change no outcome: every row and its
 * first status are stored, and a row another writer touched since (move, lifecycle recompute) or whose lifecycle
 * options changed is compared again, not skipped.
 */
const AT = '2026-01-15T00:00:00.000Z';
const ROWS = 1500;

/** A canonical numresp CSV (docs/inventory-formats.md): every 10th device gone to D3E, every 7th bought refurbished. */
function fleetCsv(change?: (i: number, cells: string[]) => void): Buffer {
  const lines = ['site,type,manufacturer,model,serial,purchase_date,status,lifetime_years,name,uuid,refurbished'];
  for (let i = 0; i < ROWS; i++) {
    const cells = [i % 2 ? 'LYC-A' : 'LYC-B', i % 3 ? 'laptop' : 'desktop', 'Acme', 'Model Z', `SN-${i}`, '2022-03-01', i % 10 === 0 ? 'd3e' : 'in-service', '', `PC-${i}`, '', i % 7 === 0 ? 'yes' : 'no'];
    change?.(i, cells);
    lines.push(cells.join(','));
  }
  return Buffer.from(lines.join('\n') + '\n');
}

function freshDb(): { db: Db; a: number; b: number } {
  const db = openStore(':memory:');
  const a = upsertSite(db, { code: 'LYC-A', name: 'Lycée A', kind: 'lycee' }).id;
  const b = upsertSite(db, { code: 'LYC-B', name: 'Lycée B', kind: 'lycee' }).id;
  return { db, a, b };
}

const counts = (r: { imported: number; updated: number; unchanged: number; rejected: number }) => [r.imported, r.updated, r.unchanged, r.rejected];

describe('bulk import and re-import', () => {
  test('every row and its first status are stored; the same file again is unchanged', () => {
    const { db, a } = freshDb();
    expect(counts(importDevices(db, fleetCsv(), { fileLabel: 'fleet.csv', at: AT }))).toEqual([ROWS, 0, 0, 0]);
    expect((db.prepare('SELECT count(*) n FROM devices').get() as { n: number }).n).toBe(ROWS);
    // One history row per device, the last partial batch (1500 = 7 × 200 + 100) included.
    expect((db.prepare('SELECT count(*) n FROM device_status_history').get() as { n: number }).n).toBe(ROWS);
    const inService = getDeviceBySerial(db, 'SN-1499')!;
    expect(inService).toMatchObject({ siteId: a, type: 'laptop', status: 'in-service', purchaseDate: '2022-03-01' });
    expect(deviceStatusHistory(db, inService.id)).toEqual([{ status: 'in-service', changedAt: AT, note: 'import fleet.csv' }]);
    // Already gone in the export, no change date: recorded as unknown, not "now" (issue 11, history).
    expect(deviceStatusHistory(db, getDeviceBySerial(db, 'SN-1490')!.id)).toEqual([{ status: 'd3e', changedAt: null, note: 'import fleet.csv' }]);
    // Type default for a model Boavizta does not know, as the lifecycle module computes it.
    const lc = db.prepare("SELECT lc_embodied_kg kg, lc_embodied_source s FROM devices WHERE serial = 'SN-1'").get();
    expect(lc).toEqual({ kg: TYPE_DEFAULTS.laptop.embodiedKg, s: 'type-default' });

    expect(counts(importDevices(db, fleetCsv(), { fileLabel: 'fleet.csv', at: '2026-02-01T00:00:00.000Z' }))).toEqual([0, 0, ROWS, 0]);
    expect((db.prepare('SELECT count(*) n FROM device_status_history').get() as { n: number }).n).toBe(ROWS);
  });

  test('a changed row is updated with its history; rows another writer touched are compared again', () => {
    const { db, a, b } = freshDb();
    importDevices(db, fleetCsv(), { fileLabel: 'fleet.csv', at: AT });

    // The export changed one status.
    const changed = fleetCsv((i, cells) => {
      if (i === 5) cells[6] = 'd3e';
    });
    expect(counts(importDevices(db, changed, { fileLabel: 'fleet-2.csv', at: '2026-02-01T00:00:00.000Z' }))).toEqual([0, 1, ROWS - 1, 0]);
    const sn5 = getDeviceBySerial(db, 'SN-5')!;
    expect(sn5.status).toBe('d3e');
    expect(deviceStatusHistory(db, sn5.id).map((h) => [h.status, h.changedAt])).toEqual([
      ['in-service', AT],
      ['d3e', '2026-02-01T00:00:00.000Z'],
    ]);

    // Moved by hand (inventory move) and figures rewritten by a recompute: the file is the truth again on re-import.
    const sn1 = getDeviceBySerial(db, 'SN-1')!;
    expect(sn1.siteId).toBe(a);
    moveDevice(db, sn1.id, b, '2026-02-02T00:00:00.000Z');
    const sn2 = getDeviceBySerial(db, 'SN-2')!;
    const wrong = { ...deviceLifecycle({ ...sn2, measuredYearlyKwh: null }, null), embodiedKg: 1 };
    updateDeviceLifecycle(db, sn2.id, sn2.purchaseDate, wrong);
    const third = importDevices(db, changed, { fileLabel: 'fleet-2.csv', at: '2026-02-03T00:00:00.000Z' });
    expect(counts(third)).toEqual([0, 2, ROWS - 2, 0]);
    expect(getDeviceBySerial(db, 'SN-1')!.siteId).toBe(a);
    expect(db.prepare("SELECT lc_embodied_kg kg FROM devices WHERE serial = 'SN-2'").get()).toEqual({ kg: TYPE_DEFAULTS.laptop.embodiedKg });
  });

  test('another refurbished share recomputes the refurbished devices: the options are part of the fingerprint', () => {
    const { db } = freshDb();
    importDevices(db, fleetCsv(), { fileLabel: 'fleet.csv', at: AT });
    const refurbished = Math.ceil(ROWS / 7);
    const r = importDevices(db, fleetCsv(), { fileLabel: 'fleet.csv', at: AT, lifecycle: { refurbishedEmbodiedShare: 0.5 } });
    expect(counts(r)).toEqual([0, refurbished, ROWS - refurbished, 0]);
    // SN-0: a desktop bought refurbished, type default × 0.5 (× REFURBISHED_EMBODIED_SHARE before).
    const kg = (db.prepare("SELECT lc_embodied_kg kg FROM devices WHERE serial = 'SN-0'").get() as { kg: number }).kg;
    expect(kg).toBeCloseTo(TYPE_DEFAULTS.desktop.embodiedKg! * 0.5, 9);
    expect(REFURBISHED_EMBODIED_SHARE.value).not.toBe(0.5);
  });

  test('bulk mode refuses a type or status outside the lists, and gives SQLite its CHECK constraints back', () => {
    const { db } = freshDb();
    const writer = new DeviceWriter(db);
    const bogus = {
      siteId: null, type: 'toaster', manufacturer: null, model: null, serial: 'T1', uuid: null, name: null, purchaseDate: null, warrantyEnd: null,
      status: 'in-service', lifetimeYears: null, refurbished: false, cpu: null, ramGb: null, storageGb: null, screenIn: null,
      embodiedKg: null, yearlyKwh: null, hardwareJson: null, source: 'test',
    } as unknown as DeviceInput;
    const lifecycle = (d: DeviceInput) => deviceLifecycle({ ...d, type: 'other', measuredYearlyKwh: null }, null);
    expect(() => db.transaction(() => writer.bulk(() => writer.upsert(bogus, lifecycle, AT)))()).toThrow(
      expect.objectContaining({ code: 'SQLITE_CONSTRAINT_CHECK' }),
    );
    expect(() =>
      db.transaction(() => writer.bulk(() => writer.upsert({ ...bogus, type: 'laptop', status: 'borrowed' } as unknown as DeviceInput, lifecycle, AT)))(),
    ).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_CHECK' }));
    expect((db.prepare('SELECT count(*) n FROM devices').get() as { n: number }).n).toBe(0);
    expect(db.pragma('ignore_check_constraints', { simple: true })).toBe(0);
    expect(() => db.prepare("INSERT INTO devices (type, status, source, created_at, updated_at) VALUES ('toaster', 'in-service', 't', 'x', 'x')").run()).toThrow(
      expect.objectContaining({ code: 'SQLITE_CONSTRAINT_CHECK' }),
    );
  });
});
