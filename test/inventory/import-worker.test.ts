import { openStore, type Db } from '../../src/store/database.js';
import { upsertSite } from '../../src/store/sites.js';
import { importDevices, WORKER_MIN_BYTES, type DeviceImportOptions } from '../../src/inventory/import/devices-import.js';
import { UserError } from '../../src/model/errors.js';
import { deviceFieldValues, deviceFromFieldValues, DEVICE_FIELD_COUNT, getDeviceBySerial, type DeviceInput } from '../../src/store/devices.js';
import { saveContext, saveDevice } from '../../src/inventory/save.js';

/**
 * Issue 11, speed: the CLI reads a big file in a worker thread while the main thread writes the rows already read
 * (src/inventory/import/device-rows-thread.ts). The worker runs the built dist/ code (npx tsc -p . first). These
 * tests import the same files both ways and require the same store and the same report, row for row, with the cases
 * an import meets: new sites created on the way, VMs, duplicates, rejected rows, unknown words, placeholder serials,
 * devices already stored (the worker is told their fingerprints), and an error in the file.
 */
const AT = '2026-01-15T00:00:00.000Z';
const ROWS = 8000;

/** A GLPI-like French export (`;`, DD/MM/YYYY), big enough to be read in the worker. */
function exportCsv(change?: (i: number, cells: string[]) => void): Buffer {
  const lines = ['Nom;Statut;Fabricant;Modèle;Numéro de série;Type;Lieu;Date d\'achat'];
  for (let i = 0; i < ROWS; i++) {
    const cells = [
      `PC-${i}`,
      i % 97 === 0 ? 'Parc > Zone 51' : i % 10 === 0 ? 'Réformé' : 'En service',
      i % 3 ? 'Dell Inc.' : 'HP',
      i % 500 === 1 ? 'VMware Virtual Platform' : i % 3 ? 'OptiPlex 7090' : 'ProDesk 400 G7 Microtower',
      i % 250 === 2 ? 'To be filled by O.E.M.' : `SN-${String(i).padStart(6, '0')}`,
      i % 4 ? 'Ordinateur' : 'Portable',
      i % 400 === 3 ? 'Lycée Nouveau' : i % 2 ? 'Lycée A' : 'Lycée B',
      i % 300 === 4 ? '31/12/2099' : `${String((i % 28) + 1).padStart(2, '0')}/0${(i % 9) + 1}/2021`,
    ];
    if (i % 1000 === 5) cells[4] = 'SN-000006'; // row 5 (line 7) takes row 6's serial: row 6 and rows 1005, 2005… are duplicates
    change?.(i, cells);
    lines.push(cells.join(';'));
  }
  return Buffer.from(lines.join('\r\n') + '\r\n');
}

function storeWithSites(): Db {
  const db = openStore(':memory:');
  upsertSite(db, { code: 'LYC-A', name: 'Lycée A', kind: 'lycee' });
  upsertSite(db, { code: 'LYC-B', name: 'Lycée B', kind: 'lycee' });
  return db;
}

/** Everything an import writes, in a comparable form. */
function contents(db: Db) {
  return {
    devices: db.prepare('SELECT * FROM devices ORDER BY id').all(),
    history: db.prepare('SELECT * FROM device_status_history ORDER BY id').all(),
    vms: db.prepare('SELECT * FROM vms ORDER BY id').all(),
    sites: db.prepare('SELECT id, code, name, kind FROM sites ORDER BY id').all(),
  };
}

function both(steps: { bytes: Buffer; options: Omit<DeviceImportOptions, 'fileLabel' | 'at'> }[]) {
  const here = storeWithSites();
  const worker = storeWithSites();
  const reports = steps.map(({ bytes, options }, n) => {
    const at = `2026-01-1${5 + n}T00:00:00.000Z`;
    const a = importDevices(here, bytes, { ...options, fileLabel: 'export.csv', at });
    const b = importDevices(worker, bytes, { ...options, fileLabel: 'export.csv', at, readInWorker: true });
    return { a, b };
  });
  return { here, worker, reports };
}

describe('import read in a worker thread', () => {
  test('a device goes across as plain values and comes back whole', () => {
    // Every field a distinct value, so that two fields swapped in deviceFromFieldValues cannot pass unseen.
    const device: DeviceInput = {
      siteId: 7, type: 'laptop', manufacturer: 'Acme', model: 'Z1', serial: 'S1', uuid: 'U1', name: 'N1',
      purchaseDate: '2021-02-03', warrantyEnd: '2024-02-03', status: 'in-stock', lifetimeYears: 6.5, refurbished: true,
      cpu: 'i5', ramGb: 8, storageGb: 256, screenIn: 14, embodiedKg: 150, yearlyKwh: 20, hardwareJson: '{}',
      source: 'import:glpi', typeRaw: 'Portable', statusRaw: 'En stock', typeNote: 'note t', identityNote: 'note i',
      userHash: 'hmac-sha256:ab', statusChangedAt: '2021-02-04',
    };
    const values = deviceFieldValues(device);
    expect(values).toHaveLength(DEVICE_FIELD_COUNT);
    expect(deviceFromFieldValues(['x', ...values], 1, 'import:glpi', '2021-02-04')).toEqual(device);
    expect(deviceFromFieldValues(values, 0, 'import:glpi', undefined).statusChangedAt).toBeUndefined();
    // Stored through the positional insert (FIELDS order) and read back by column name: the same device.
    const db = storeWithSites();
    db.prepare("INSERT INTO sites (id, code, name, kind, created_at) VALUES (7, 'S7', 'Site 7', 'lycee', 'x')").run();
    saveDevice(saveContext(db, {}, AT), device);
    const { statusChangedAt, ...stored } = device;
    expect(getDeviceBySerial(db, 'S1')).toEqual({ ...stored, id: 1 });
  });

  test('the file is big enough for the worker', () => {
    expect(exportCsv().length).toBeGreaterThanOrEqual(WORKER_MIN_BYTES);
  });

  test('gives the same store and report as reading in the main thread', () => {
    const { here, worker, reports } = both([{ bytes: exportCsv(), options: { createSites: true } }]);
    const [{ a, b }] = reports;
    expect(a.readInWorker).toBe(false);
    expect(b.readInWorker).toBe(true);
    expect({ ...b, readInWorker: false }).toEqual(a);
    // The cases are there: one new site, VMs, rejections (duplicate, future date), words kept raw, placeholders.
    expect(a.sitesCreated.map((s) => s.name)).toEqual(['Lycée Nouveau']);
    expect(a.vms.imported).toBe(16);
    expect(a.rejectionGroups.map((g) => [g.reason.slice(0, 20), g.count])).toEqual(
      expect.arrayContaining([['purchase date 2099-1', 27], ['duplicate of line 7 ', 8]]),
    );
    expect(a.warnings.find((w) => w.message.includes('Parc > Zone 51'))?.count).toBeGreaterThan(0);
    expect(a.imported).toBe(ROWS - 16 - a.rejected);
    expect(contents(worker)).toEqual(contents(here));
  });

  test('rows already stored: unchanged, changed and new ones come out the same', () => {
    const half = Buffer.from(exportCsv().toString('utf8').split('\r\n').slice(0, ROWS / 2 + 1).join('\r\n') + '\r\n');
    const changed = exportCsv((i, cells) => {
      if (i % 7 === 0) cells[1] = 'HS'; // status change: history row
      if (i % 11 === 0) cells[3] = 'OptiPlex 3000'; // model change: lifecycle recomputed
    });
    // The second import has more lines than the store has devices: read in the worker, told the stored fingerprints.
    const { here, worker, reports } = both([
      { bytes: half, options: { createSites: true } },
      { bytes: changed, options: { createSites: true } },
    ]);
    expect(reports[0].b.readInWorker).toBe(false); // too small
    const { a, b } = reports[1];
    expect(b.readInWorker).toBe(true);
    expect({ ...b, readInWorker: false }).toEqual(a);
    expect(a.unchanged).toBeGreaterThan(2000);
    expect(a.updated).toBeGreaterThan(500);
    expect(a.imported).toBeGreaterThan(3500);
    expect(contents(worker)).toEqual(contents(here));
  });

  test('an error found while reading stops the import with the same one-line error, nothing stored', () => {
    // All short dates ambiguous (day and month ≤ 12): the order cannot be settled.
    const ambiguous = exportCsv((i, cells) => (cells[7] = '05/06/2021'));
    const db = storeWithSites();
    let error: unknown;
    try {
      importDevices(db, ambiguous, { fileLabel: 'export.csv', at: AT, readInWorker: true });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe('export.csv: no date settles whether "05/06/2021" is day-month or month-day; pass --date-format dmy|mdy|ymd');
    expect(contents(db).devices).toEqual([]);
  });

  test('a dry run in the worker path counts the same and stores nothing', () => {
    const db = storeWithSites();
    const dry = importDevices(db, exportCsv(), { fileLabel: 'export.csv', at: AT, readInWorker: true, dryRun: true, createSites: true });
    expect(dry.readInWorker).toBe(true);
    expect(dry.imported).toBeGreaterThan(7000);
    expect(contents(db).devices).toEqual([]);
    expect(contents(db).sites.map((s) => (s as { code: string }).code)).toEqual(['LYC-A', 'LYC-B']);
  });
});
