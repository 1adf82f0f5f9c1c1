/**
 * Inventory exports rebuilt in the test from the writers' code and translation files (docs/inventory-formats.md),
 * no third-party file copied: OCS Inventory's console export (ms_csv.php), GLPI's CSV search export
 * (CSVSearchOutput.php: `;`, BOM, every cell quoted) with French statuses and types, Snipe-IT's custom report
 * (ReportsController::postCustom: fputcsv, status "Name (meta)") in fr-FR and its list export in en-US.
 * Every stored device is asserted one by one (type, status, site, purchase date, embodied source), and the
 * warnings' words and counts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openStore, type Db } from '../../src/store/database.js';
import { upsertSite } from '../../src/store/sites.js';
import { deviceStatusHistory } from '../../src/store/devices.js';
import { importDevices, type DeviceImportReport } from '../../src/inventory/import/devices-import.js';
import { importSites } from '../../src/inventory/import/sites-import.js';
import { readImportFile } from '../../src/inventory/import/read-file.js';
import { fleetSummary } from '../../src/inventory/summary.js';
import { summaryText } from '../../src/inventory/format.js';

const AT = '2026-01-15T00:00:00.000Z';

function freshDb(): Db {
  const db = openStore(':memory:');
  upsertSite(db, { code: 'LJM', name: 'Lycée Jean Moulin', kind: 'lycee' });
  upsertSite(db, { code: 'SIEGE', name: 'Siège de la Région', kind: 'office' });
  return db;
}

interface Row {
  site: string | null;
  type: string;
  status: string;
  purchase: string | null;
  source: string;
  typeRaw: string | null;
  statusRaw: string | null;
}
/** Stored devices keyed by name: type, status, site code, purchase date, embodied source, raw words. */
function devices(db: Db): Record<string, Row> {
  const rows = db
    .prepare(
      `SELECT d.name, s.code site, d.type, d.status, d.purchase_date purchase, d.lc_embodied_source source, d.type_raw typeRaw, d.status_raw statusRaw
         FROM devices d LEFT JOIN sites s ON s.id = d.site_id ORDER BY d.id`,
    )
    .all() as (Row & { name: string })[];
  return Object.fromEntries(rows.map(({ name, ...r }) => [name, r]));
}
const dev = (site: string | null, type: string, status: string, purchase: string | null, source: string, typeRaw: string | null = null, statusRaw: string | null = null): Row => ({
  site, type, status, purchase, source, typeRaw, statusRaw,
});
const warningsOf = (r: DeviceImportReport) => Object.fromEntries(r.warnings.map((w) => [w.message, w.count]));

/**
 * GLPI's CSVSearchOutput.php: a BOM, then every header and value quoted and followed by the delimiter (";" by default,
 * so each line ends with ";"), "\n" line ends; a double quote inside a value is written as two single quotes.
 */
function glpiCsvExport(header: string[], rows: string[][]): Buffer {
  const line = (cells: string[]) => cells.map((c) => `"${c.replace(/"/g, "''")}";`).join('') + '\n';
  return Buffer.from('\ufeff' + line(header) + rows.map(line).join(''), 'utf8');
}

/** ms_csv.php: each label followed by the separator, every data row preceded by CRLF, values quoted, no final newline. */
function ocsConsoleExport(labels: string[], rows: string[][]): Buffer {
  let out = labels.map((l) => `${l};`).join('');
  for (const r of rows) out += '\r\n' + r.map((v) => `"${v}";`).join('');
  return Buffer.from(out, 'utf8');
}

describe('exports as the tools write them', () => {
  test('OCS console export in French: read as written, type inferred from the model and said, VM recorded as a VM', () => {
    const db = freshDb();
    const bytes = ocsConsoleExport(
      ['Machine', 'TAG', 'Dernier inventaire', 'Utilisateur connecté', 'Système', 'Fabricant', 'Modèle', 'BIOS Numéro de série', 'Mémoire'],
      [
        ['LJM-PROF-01', 'LJM', '2025-10-01 09:12:44', 'jdupont', 'Windows 11', 'Dell Inc.', 'Latitude 5420', '9XK2L01', '16384'],
        ['LJM-CDI-01', 'LJM', '2025-10-01 09:13:02', 'mmartin', 'Windows 10', 'LENOVO', 'ThinkCentre M70q', 'PC1OCS01', '8192'],
        ['LJM-ADM-01', 'LJM', '2025-10-01 09:14:10', 'cdurand', 'Windows 10', 'HP', 'HP EliteBook 840 G8', 'To be filled by O.E.M.', '8192'],
        ['LJM-SRV-VM1', 'LJM', '2025-10-01 09:15:00', '', 'Ubuntu 22.04', 'VMware, Inc.', 'VMware Virtual Platform', 'VMware-56 4d 1a 2b', '4096'],
        ['LJM-HV-01', 'LJM', '2025-10-01 09:15:30', '', 'Windows Server 2022', 'Microsoft Corporation', 'Virtual Machine', '0000-0000-0000-0000', '4096'],
        ['LJM-XX-01', 'LJM', '2025-10-01 09:16:00', 'ebernard', 'Windows 10', 'Acme', 'Box 3000', 'ACME0001', '4096'],
      ],
    );
    const r = importDevices(db, bytes, { fileLabel: 'ocs-fr.csv', at: AT });
    expect([r.preset, r.delimiter, r.read, r.imported, r.rejected]).toEqual(['ocs', ';', 6, 4, 0]);
    expect(r.vms).toEqual({ read: 2, imported: 2, updated: 0, unchanged: 0 });
    expect(devices(db)).toEqual({
      'LJM-PROF-01': dev('LJM', 'laptop', 'in-service', null, 'boavizta'),
      'LJM-CDI-01': dev('LJM', 'desktop', 'in-service', null, 'type-default'),
      'LJM-ADM-01': dev('LJM', 'laptop', 'in-service', null, 'type-default'),
      'LJM-XX-01': dev('LJM', 'other', 'in-service', null, 'type-default'),
    });
    expect(db.prepare("SELECT uuid, identity_note n, type_note t FROM devices WHERE name = 'LJM-ADM-01'").get()).toEqual({
      uuid: 'name:LJM-ADM-01',
      n: 'serial "To be filled by O.E.M." is a placeholder: identified by its name',
      t: 'inferred from the model "HP HP EliteBook 840 G8"',
    });
    expect(db.prepare('SELECT name, platform, serial FROM vms ORDER BY name').all()).toEqual([
      { name: 'LJM-HV-01', platform: 'Hyper-V', serial: null },
      { name: 'LJM-SRV-VM1', platform: 'VMware', serial: 'VMware-56 4d 1a 2b' },
    ]);
    expect(warningsOf(r)).toEqual({
      'type laptop inferred from the model name (no type column)': 2,
      'type desktop inferred from the model name (no type column)': 1,
      'no type in the export and the model does not tell: recorded as other': 1,
      'devices without a usable serial identified by their name (a renamed device will be seen as new)': 1,
    });
    expect(r.personalColumnsDropped).toEqual(['Utilisateur connecté']);
    expect(r.ignoredColumns).toEqual(['Dernier inventaire', 'Système']);
    // Re-import of the same export: nothing changes, VMs included.
    const again = importDevices(db, bytes, { fileLabel: 'ocs-fr.csv', at: AT });
    expect([again.imported, again.updated, again.unchanged, again.vms.unchanged]).toEqual([0, 0, 4, 2]);
  });

  test('OCS console export in English', () => {
    const db = freshDb();
    const bytes = ocsConsoleExport(
      // en_GB labels: 23 Computer, 46 Last inventory, 24 Connected user, 64 Manufacturer, 65 Model, 350 CPU type, 568 RAM (MB).
      ['Computer', 'TAG', 'Last inventory', 'Connected user', 'Manufacturer', 'Model', 'BIOS Serial number', 'CPU type', 'RAM (MB)'],
      [
        ['SIEGE-PC-01', 'SIEGE', '2025-10-02 10:00:00', 'asmith', 'HP', 'ProDesk 400 G7 Microtower PC', 'CZCOCS01', 'Intel(R) Core(TM) i5-10500', '8192'],
        ['SIEGE-VB-01', 'SIEGE', '2025-10-02 10:01:00', '', 'innotek GmbH', 'VirtualBox', '0', 'Intel(R) Core(TM) i5-10500', '2048'],
        ['SIEGE-KVM-01', 'SIEGE', '2025-10-02 10:02:00', '', 'QEMU', 'Standard PC (i440FX + PIIX, 1996)', '', 'QEMU Virtual CPU', '2048'],
      ],
    );
    const r = importDevices(db, bytes, { fileLabel: 'ocs-en.csv', at: AT });
    expect([r.preset, r.imported, r.rejected, r.vms.read]).toEqual(['ocs', 1, 0, 2]);
    expect(devices(db)).toEqual({ 'SIEGE-PC-01': dev('SIEGE', 'desktop', 'in-service', null, 'type-default') });
    expect(warningsOf(r)).toEqual({ 'type desktop inferred from the model name (no type column)': 1 });
    expect(db.prepare('SELECT name, platform FROM vms ORDER BY name').all()).toEqual([
      { name: 'SIEGE-KVM-01', platform: 'KVM/QEMU' },
      { name: 'SIEGE-VB-01', platform: 'VirtualBox' },
    ]);
    expect(r.personalColumnsDropped).toEqual(['Connected user']);
    expect(r.ignoredColumns).toEqual(['Last inventory']);
    expect(db.prepare("SELECT cpu, ram_gb ram FROM devices WHERE name = 'SIEGE-PC-01'").get()).toEqual({ cpu: 'Intel(R) Core(TM) i5-10500', ram: 8 });
  });

  test('GLPI French statuses and types: nothing lost, unknown words kept and warned once with count and fix; sites from the entity path', () => {
    const db = freshDb();
    const header = ['Nom', 'Entité', 'Statut', 'Fabricant', 'Numéro de série', 'Type', 'Modèle', 'Lieu', 'Dernière modification', 'Utilisateur', "Informations financières et administratives - Date d'achat"];
    const rows = [
      ['P-01', 'Entité racine > Lycées > Lycée Jean Moulin', 'Prêté', 'Dell Inc.', 'G-01', 'Ordinateur', 'Latitude 5420', 'Lycée Jean Moulin > CDI', '15-09-2025 10:15', 'Jean Dupont', '15-03-2021'],
      ['P-02', 'Entité racine > Lycées > Lycée Jean Moulin', 'HS', 'HP', 'G-02', 'All in One', 'ProOne 440', 'CDI', '', '', '01-09-2020'],
      ['P-03', 'Entité racine > Lycées > Lycée Jean Moulin', 'Réformé', 'HP', 'G-03', 'Mini Tower', 'ProDesk 400', 'Bâtiment B > Salle B12', '20-03-2025 09:00', '', '10-02-2016'],
      ['P-04', 'Entité racine > Lycées > Lycée Jean Moulin', 'Au rebut', 'Dell Inc.', 'G-04', 'Unité centrale', 'OptiPlex 3020', '', '', '', '13-01-2015'],
      ['P-05', 'Entité racine > Lycées > Lycée Jean Moulin', 'En réparation', 'Epson', 'G-05', 'Vidéoprojecteur', 'EB-685W', 'Salle 12', '', '', ''],
      ['P-06', 'Entité racine > Lycées > Lycée Jean Moulin', 'Parc > En service', 'Speechi', 'G-06', 'TNI', 'SpeechiTouch 75', '', '', '', ''],
      ['P-07', 'Entité racine > Lycées > Lycée Jean Moulin', 'En service', 'APC', 'G-07', 'Onduleur', 'Smart-UPS 1500', '', '', '', ''],
      ['P-08', 'Entité racine > Lycées > Lycée Jean Moulin', 'En service', 'Synology', 'G-08', 'NAS', 'DS920+', '', '', '', ''],
      ['P-09', 'Entité racine > Lycées > Lycée Jean Moulin', 'En service', 'Yealink', 'G-09', 'Téléphone IP', 'T54W', '', '', '', ''],
      ['P-10', 'Entité racine > Lycées > Lycée Jean Moulin', 'En service', 'Dell Inc.', 'G-10', "Station d'accueil", 'WD19', '', '', '', ''],
      ['P-11', 'Entité racine > Lycées > Lycée Jean Moulin', 'En service', 'IPEVO', 'G-11', 'Visualiseur', 'V4K', '', '', '', ''],
      ['P-12', 'Entité racine > Lycées > Lycée Jean Moulin', 'Attente DSI', 'Xiaomi', 'G-12', 'Trottinette', 'M365', '', '', '', ''],
      ['P-13', 'Entité racine > Lycées > Lycée Jean Moulin', 'Attente DSI', 'Xiaomi', 'G-13', 'Trottinette', 'M365', '', '', '', ''],
      ['P-14', 'Entité racine > Lycées > Lycée Jean Moulin', 'En service', 'Acme', 'G-14', 'Ordinateur', 'Box', '', '', '', ''],
    ];
    const r = importDevices(db, glpiCsvExport(header, rows), { fileLabel: 'glpi-fr.csv', at: AT });
    expect([r.preset, r.read, r.imported, r.rejected]).toEqual(['glpi', 14, 14, 0]);
    expect(r.dateOrder).toEqual({ order: 'dmy', settledBy: 'values' });
    expect(devices(db)).toEqual({
      'P-01': dev('LJM', 'laptop', 'in-service', '2021-03-15', 'boavizta', 'Ordinateur', 'Prêté'),
      'P-02': dev('LJM', 'desktop', 'in-stock', '2020-09-01', 'type-default', 'All in One', 'HS'),
      'P-03': dev('LJM', 'desktop', 'd3e', '2016-02-10', 'type-default', 'Mini Tower', 'Réformé'),
      'P-04': dev('LJM', 'desktop', 'd3e', '2015-01-13', 'type-default', 'Unité centrale', 'Au rebut'),
      'P-05': dev('LJM', 'video-projector', 'in-service', null, 'none', 'Vidéoprojecteur', 'En réparation'),
      'P-06': dev('LJM', 'interactive-display', 'in-service', null, 'none', 'TNI', 'Parc > En service'),
      'P-07': dev('LJM', 'ups', 'in-service', null, 'none', 'Onduleur', 'En service'),
      'P-08': dev('LJM', 'storage', 'in-service', null, 'none', 'NAS', 'En service'),
      'P-09': dev('LJM', 'desk-phone', 'in-service', null, 'none', 'Téléphone IP', 'En service'),
      'P-10': dev('LJM', 'docking-station', 'in-service', null, 'none', "Station d'accueil", 'En service'),
      'P-11': dev('LJM', 'document-camera', 'in-service', null, 'none', 'Visualiseur', 'En service'),
      'P-12': dev('LJM', 'other', 'unknown', null, 'type-default', 'Trottinette', 'Attente DSI'),
      'P-13': dev('LJM', 'other', 'unknown', null, 'type-default', 'Trottinette', 'Attente DSI'),
      'P-14': dev('LJM', 'other', 'in-service', null, 'type-default', 'Ordinateur', 'En service'),
    });
    expect(r.warnings).toEqual(
      expect.arrayContaining([
        { message: 'unknown type "Trottinette": recorded as other, the word kept', count: 2, fix: '{"types": {"Trottinette": "desktop"}}' },
        { message: 'unknown status "Attente DSI": recorded as unknown, the word kept', count: 2, fix: '{"statuses": {"Attente DSI": "in-service"}}' },
        { message: 'unknown type "Ordinateur": recorded as other, the word kept', count: 1, fix: '{"types": {"Ordinateur": "desktop"}}' },
        { message: 'type laptop inferred from the model name (type "Ordinateur")', count: 1, fix: undefined },
        { message: 'site taken from the GLPI entity path (location empty or a room)', count: 13, fix: undefined },
      ]),
    );
    // Nothing else was guessed.
    expect(warningsOf(r)).toEqual({
      'unknown type "Trottinette": recorded as other, the word kept': 2,
      'unknown status "Attente DSI": recorded as unknown, the word kept': 2,
      'unknown type "Ordinateur": recorded as other, the word kept': 1,
      'type laptop inferred from the model name (type "Ordinateur")': 1,
      'site taken from the GLPI entity path (location empty or a room)': 13,
      'devices already d3e/refurbished/lost with no change date in the export: date recorded as unknown (not counted in the last 12 months)': 1,
    });
    // A device first seen already disposed: the export's change date (P-03), else unknown (P-04) — neither "now".
    const id = (name: string) => (db.prepare('SELECT id FROM devices WHERE name = ?').get(name) as { id: number }).id;
    expect(deviceStatusHistory(db, id('P-03')).map((h) => [h.status, h.changedAt])).toEqual([['d3e', '2025-03-20']]);
    expect(deviceStatusHistory(db, id('P-04')).map((h) => [h.status, h.changedAt])).toEqual([['d3e', null]]);
    const summary = fleetSummary(db, { at: '2026-01-15' });
    expect(summary.d3e).toEqual({ total: 2, last12Months: 1 });
    // The seven new types have no public default: counted as having no figure, not hidden among the defaults.
    expect(summary.embodiedSources).toEqual({ device: 0, boavizta: 1, typeDefault: 6, none: 7 });
    // Devices of an unknown status are shown, and said to be left out of the owned fleet's footprint.
    expect(summaryText(summary)).toContain(
      '  status unknown for 2 (a word numresp does not know): not counted as owned in the footprint below; map it with --mapping {"statuses": …} and import again',
    );
    // The user column is personal data: not stored, named in the report.
    expect(r.personalColumnsDropped).toEqual(['Utilisateur']);
    expect(JSON.stringify(db.prepare('SELECT * FROM devices').all())).not.toMatch(/Dupont/);
  });

  test('--date-format ymd reads "yy/mm/dd" and refuses a four-digit last field instead of reading it day-first', () => {
    const csv = 'site,type,serial,purchase_date\nLJM,laptop,YMD-1,21/03/15\nLJM,laptop,YMD-2,2019-11-05\nLJM,laptop,YMD-3,10-02-2020\n';
    const db = freshDb();
    const r = importDevices(db, Buffer.from(csv), { fileLabel: 'ymd.csv', at: AT, dateFormat: 'ymd' });
    expect(r.dateOrder).toEqual({ order: 'ymd', settledBy: 'option' });
    expect(db.prepare('SELECT serial, purchase_date p FROM devices ORDER BY serial').all()).toEqual([
      { serial: 'YMD-1', p: '2021-03-15' },
      { serial: 'YMD-2', p: '2019-11-05' },
    ]);
    expect(r.rejections).toEqual([{ line: 4, reason: 'purchase date "10-02-2020" is not a date (DD/MM/YYYY or YYYY-MM-DD)' }]);
  });

  test('VMs attached to the host the export names (serial or name, the host in the same file); an unknown host is said once; re-import unchanged', () => {
    const csv = 'site,type,manufacturer,model,serial,name,host\n' +
      'SIEGE,server,Dell Inc.,PowerEdge R740,SRV-1,esx01,\n' +
      'SIEGE,,VMware Inc.,VMware Virtual Platform,VMware-42 11 aa,vm-web,esx01\n' +
      'SIEGE,,Microsoft Corporation,Virtual Machine,0000-0000-0000,vm-ad,SRV-1\n' +
      'SIEGE,,QEMU,Standard PC (Q35 + ICH9 2009),,vm-q1,esx99\n' +
      'SIEGE,,QEMU,Standard PC (Q35 + ICH9 2009),,vm-q2,esx99\n';
    const db = freshDb();
    const r = importDevices(db, Buffer.from(csv), { fileLabel: 'vms.csv', at: AT });
    expect([r.imported, r.rejected, r.vms.read, r.vms.imported]).toEqual([1, 0, 4, 4]);
    expect(db.prepare('SELECT v.name, v.platform, v.serial, h.serial host, v.host_name hostName FROM vms v LEFT JOIN devices h ON h.id = v.host_device_id ORDER BY v.name').all()).toEqual([
      { name: 'vm-ad', platform: 'Hyper-V', serial: null, host: 'SRV-1', hostName: 'SRV-1' },
      { name: 'vm-q1', platform: 'KVM/QEMU', serial: null, host: null, hostName: 'esx99' },
      { name: 'vm-q2', platform: 'KVM/QEMU', serial: null, host: null, hostName: 'esx99' },
      { name: 'vm-web', platform: 'VMware', serial: 'VMware-42 11 aa', host: 'SRV-1', hostName: 'esx01' },
    ]);
    expect(warningsOf(r)).toEqual({
      'virtual machines naming host "esx99", which no stored device has (serial or name): recorded without their host, the name kept': 2,
    });
    // Never a device with an embodied figure.
    expect(db.prepare("SELECT count(*) n FROM devices WHERE name LIKE 'vm-%'").get()).toEqual({ n: 0 });
    // A VM without serial or uuid is found again by its name on its host.
    const again = importDevices(db, Buffer.from(csv), { fileLabel: 'vms.csv', at: AT });
    expect([again.rejected, again.vms.unchanged, again.vms.imported]).toEqual([0, 4, 0]);
  });

  test('placeholder serials never identify a device: the tool id when the export has one, else the name, said once with the count', () => {
    const header = ['ID', 'Nom', 'Statut', 'Fabricant', 'Numéro de série', 'Type', 'Modèle', 'Lieu'];
    const rows = [
      ['101', 'PH-01', 'En service', 'ASUS', 'Default string', 'Unité centrale', 'PRIME B450', 'Lycée Jean Moulin'],
      ['102', 'PH-02', 'En service', 'Gigabyte', '00000000', 'Unité centrale', 'B660M', 'Lycée Jean Moulin'],
      ['103', 'PH-03', 'En service', 'MSI', 'System Serial Number', 'Unité centrale', 'MS-7C02', 'Lycée Jean Moulin'],
      ['104', 'PH-04', 'En service', 'Dell Inc.', 'GOOD104', 'Unité centrale', 'OptiPlex 7090', 'Lycée Jean Moulin'],
    ];
    const db = freshDb();
    const r = importDevices(db, glpiCsvExport(header, rows), { fileLabel: 'glpi-ids.csv', at: AT });
    expect([r.imported, r.rejected]).toEqual([4, 0]);
    expect(db.prepare('SELECT name, serial, uuid, identity_note n FROM devices ORDER BY name').all()).toEqual([
      { name: 'PH-01', serial: null, uuid: 'glpi-id:101', n: 'serial "Default string" is a placeholder: identified by the glpi id 101' },
      { name: 'PH-02', serial: null, uuid: 'glpi-id:102', n: 'serial "00000000" is a placeholder: identified by the glpi id 102' },
      { name: 'PH-03', serial: null, uuid: 'glpi-id:103', n: 'serial "System Serial Number" is a placeholder: identified by the glpi id 103' },
      { name: 'PH-04', serial: 'GOOD104', uuid: null, n: null },
    ]);
    expect(warningsOf(r)).toEqual({ 'devices without a usable serial identified by their glpi id (a device deleted and re-created in glpi will be seen as new)': 3 });
    // Renamed in GLPI: still the same device (its id did not change).
    const renamed = importDevices(db, glpiCsvExport(header, rows.map((row) => [row[0], row[1] + '-bis', ...row.slice(2)])), { fileLabel: 'glpi-ids.csv', at: AT });
    expect([renamed.imported, renamed.updated]).toEqual([0, 4]);
  });

  test('GLPI set to MM-DD-YYYY: a second field > 12 settles month-first (2 Oct 2020 stays 2 Oct 2020)', () => {
    const db = freshDb();
    const csv = glpiCsvExport(
      ['Nom', 'Statut', 'Numéro de série', 'Type', 'Lieu', "Informations financières et administratives - Date d'achat"],
      [
        ['M-01', 'En service', 'MD-01', 'Portable', 'Lycée Jean Moulin', '10-02-2020'],
        ['M-02', 'En service', 'MD-02', 'Portable', 'Lycée Jean Moulin', '12-25-2019'],
      ],
    ).toString('utf8');
    const r = importDevices(db, Buffer.from(csv), { fileLabel: 'glpi-mdy.csv', at: AT });
    expect(r.dateOrder).toEqual({ order: 'mdy', settledBy: 'values' });
    expect(devices(db)['M-01'].purchase).toBe('2020-10-02');
    expect(devices(db)['M-02'].purchase).toBe('2019-12-25');
    const ambiguous = csv.replace('12-25-2019', '11-05-2019');
    expect(() => importDevices(freshDb(), Buffer.from(ambiguous), { fileLabel: 'glpi-amb.csv', at: AT })).toThrow(
      'glpi-amb.csv: no date settles whether "10-02-2020" is day-month or month-day; pass --date-format dmy|mdy|ymd',
    );
    const db2 = freshDb();
    importDevices(db2, Buffer.from(ambiguous), { fileLabel: 'glpi-amb.csv', at: AT, dateFormat: 'mdy' });
    expect(devices(db2)['M-01'].purchase).toBe('2020-10-02');
  });

  test('Snipe-IT custom report in fr-FR: Cyrillic "Сatégorie", "Date d\'achat", status meta, "Attribué à" dropped or hashed', () => {
    // postCustom: fputcsv (`,`, quotes when needed); header from the fr-FR translations; status "Name (meta)".
    const header = ["Nom de l'actif", "Numéro d'inventaire", 'Modèle', 'N° de modèle', '\u0421atégorie', 'Fabricant', 'Série', "Date d'achat", 'Emplacement', 'Attribué à', 'Type', 'Statut'];
    const rows = [
      ['PORT-01', 'INV-0001', 'Latitude 5420', 'L5420', 'Ordinateurs portables', 'Dell', 'SNP-01', '2023-01-23 00:00:00', 'Lycée Jean Moulin', 'Claire Durand', 'user', 'Prêt à déployer (deployed)'],
      ['PORT-02', 'INV-0002', 'Latitude 5420', 'L5420', 'Ordinateurs portables', 'Dell', 'SNP-02', '2016-04-05 00:00:00', 'Lycée Jean Moulin', '', '', 'Prêt à déployer (deployable)'],
      ['ECR-01', 'INV-0003', 'P2422H', 'P2422H', 'Écrans', 'Dell', 'SNP-03', '2022-06-30 00:00:00', 'Siège de la Région', '', '', 'Zone grise (archived)'],
      ['XL-01', 'INV-0004', 'Latitude 5420', 'L5420', 'Ordinateurs portables', 'Dell', '6.37702E+15', '2022-06-30 00:00:00', 'Siège de la Région', '', '', 'Prêt à déployer (deployable)'],
      ['XL-02', 'INV-0005', 'Latitude 5420', 'L5420', 'Ordinateurs portables', 'Dell', '6.37702E+15', '2022-06-30 00:00:00', 'Siège de la Région', '', '', 'Prêt à déployer (deployable)'],
    ];
    const csv = [header, ...rows].map((r) => r.map((c) => (/[",\s]/.test(c) ? `"${c}"` : c)).join(',')).join('\n') + '\n';
    const dir = mkdtempSync(join(tmpdir(), 'numresp-snipe-'));
    const file = join(dir, 'store.db');
    try {
      const db = openStore(file);
      upsertSite(db, { code: 'LJM', name: 'Lycée Jean Moulin', kind: 'lycee' });
      upsertSite(db, { code: 'SIEGE', name: 'Siège de la Région', kind: 'office' });
      const r = importDevices(db, Buffer.from(csv), { fileLabel: 'snipe-fr.csv', at: AT, keepUsers: true });
      expect([r.preset, r.imported, r.rejected]).toEqual(['snipeit', 3, 2]);
      expect(devices(db)).toEqual({
        'PORT-01': dev('LJM', 'laptop', 'in-service', '2023-01-23', 'boavizta', 'Ordinateurs portables', 'Prêt à déployer (deployed)'),
        'PORT-02': dev('LJM', 'laptop', 'in-stock', '2016-04-05', 'boavizta', 'Ordinateurs portables', 'Prêt à déployer (deployable)'),
        'ECR-01': dev('SIEGE', 'monitor', 'unknown', '2022-06-30', 'boavizta', 'Écrans', 'Zone grise (archived)'),
      });
      // Excel-mangled serials: rejected with that reason, grouped, not "duplicate".
      expect(r.rejectionGroups).toEqual([
        { reason: expect.stringMatching(/^serial "6\.37702E\+15" was turned into a number by a spreadsheet \(digits lost\)/), count: 2, lines: [5, 6] },
      ]);
      // An archived label whose name says nothing (archived: gone or shelved?) is kept and asked about.
      expect(r.warnings).toEqual([
        { message: 'unknown status "Zone grise (archived)": recorded as unknown, the word kept', count: 1, fix: '{"statuses": {"Zone grise (archived)": "in-service"}}' },
      ]);
      expect(r.userColumnHashed).toBe('Attribué à');
      const hash = (db.prepare("SELECT user_hash h FROM devices WHERE name = 'PORT-01'").get() as { h: string }).h;
      expect(hash).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      // The clear name is nowhere in the store file, only its HMAC.
      const bytes = readFileSync(file);
      expect(bytes.includes(Buffer.from('Claire Durand'))).toBe(false);
      expect(bytes.includes(Buffer.from(hash))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('Snipe-IT custom report with today\'s fr-FR labels: "Lieu", else the default location; "Acheté", "Mise à jour à"; "Date de libération" is a person', () => {
    // postCustom headers: admin/hardware/form.name, table.asset_tag, form.model + general.model_no, general.category
    // (Cyrillic С), form.manufacturer, table.serial, table.purchase_date ("Acheté"), table.location ("Lieu"),
    // form.default_location, table.checkoutto (fr-FR: "Date de libération", holding the assignee's name) + general.type,
    // general.status, 'Warranty'/'Warranty Expires' (untranslated), general.updated_at ("Mise à jour à").
    const header = ["Nom de l'actif", "Étiquette de l'actif", 'Modèle', 'Model n°.', '\u0421atégorie', 'Fabricant', 'Numéro de série', 'Acheté', 'Lieu', 'Emplacement par défaut', 'Date de libération', 'Type', 'Statut', 'Warranty', 'Warranty Expires', 'Mise à jour à'];
    const rows = [
      ['PORT-11', 'INV-11', 'Latitude 5420', 'L5420', 'Ordinateurs portables', 'Dell', 'SNF-11', '2023-01-23', 'Siège de la Région', 'Lycée Jean Moulin', 'Claire Durand', 'user', 'Prêt à être déployé (deployed)', '36', '2026-01-23', '2025-09-01 10:00:00'],
      ['PORT-12', 'INV-12', 'Latitude 5420', 'L5420', 'Ordinateurs portables', 'Dell', 'SNF-12', '2022-02-01', '', 'Lycée Jean Moulin', '', '', 'Prêt à être déployé (deployable)', '', '', '2025-09-01 10:00:00'],
      ['PORT-13', 'INV-13', 'Latitude 5420', 'L5420', 'Ordinateurs portables', 'Dell', 'SNF-13', '2016-04-05', '', 'Lycée Jean Moulin', '', '', 'Réformé (archived)', '', '', '2025-03-20 09:00:00'],
    ];
    const csv = [header, ...rows].map((r) => r.map((c) => (/[",\s]/.test(c) ? `"${c}"` : c)).join(',')).join('\n') + '\n';
    const db = freshDb();
    const r = importDevices(db, Buffer.from(csv), { fileLabel: 'snipe-fr-now.csv', at: AT });
    expect([r.preset, r.imported, r.rejected]).toEqual(['snipeit', 3, 0]);
    expect(devices(db)).toEqual({
      'PORT-11': dev('SIEGE', 'laptop', 'in-service', '2023-01-23', 'boavizta', 'Ordinateurs portables', 'Prêt à être déployé (deployed)'),
      'PORT-12': dev('LJM', 'laptop', 'in-stock', '2022-02-01', 'boavizta', 'Ordinateurs portables', 'Prêt à être déployé (deployable)'),
      'PORT-13': dev('LJM', 'laptop', 'd3e', '2016-04-05', 'boavizta', 'Ordinateurs portables', 'Réformé (archived)'),
    });
    expect(db.prepare("SELECT warranty_end w, uuid FROM devices WHERE name = 'PORT-11'").get()).toEqual({ w: '2026-01-23', uuid: 'INV-11' });
    // Reformed before this first import: its date is the export's "Mise à jour à", so not in the last 12 months.
    const id = (db.prepare("SELECT id FROM devices WHERE name = 'PORT-13'").get() as { id: number }).id;
    expect(deviceStatusHistory(db, id).map((h) => [h.status, h.changedAt])).toEqual([['d3e', '2025-03-20']]);
    expect(r.personalColumnsDropped).toEqual(['Date de libération']);
    expect(r.ignoredColumns).toEqual(['Model n°.', 'Type', 'Warranty']);
    expect(warningsOf(r)).toEqual({ 'site taken from the default location (location empty)': 2 });
    expect(JSON.stringify(db.prepare('SELECT * FROM devices').all())).not.toMatch(/Durand/);
  });

  test('Snipe-IT list export in en-US: "Purchased" US dates (1/23/23, 4/5/16), "(deployed)" meta', () => {
    const db = freshDb();
    const csv = 'Asset Tag,Asset Name,Category,Manufacturer,Model,Serial,Purchased,Location,Checked Out To,Status\n' +
      'A-1,US-01,Laptops,Dell,Latitude 5420,US1,1/23/23,Siège de la Région,Bob Stone,Ready to Deploy (deployed)\n' +
      'A-2,US-02,Laptops,Dell,Latitude 5420,US2,4/5/16,Siège de la Région,,Pending (pending)\n';
    const r = importDevices(db, Buffer.from(csv), { fileLabel: 'snipe-en.csv', at: AT });
    expect([r.preset, r.imported, r.rejected]).toEqual(['snipeit', 2, 0]);
    expect(r.dateOrder).toEqual({ order: 'mdy', settledBy: 'values' });
    expect(devices(db)).toEqual({
      'US-01': dev('SIEGE', 'laptop', 'in-service', '2023-01-23', 'boavizta', 'Laptops', 'Ready to Deploy (deployed)'),
      'US-02': dev('SIEGE', 'laptop', 'in-stock', '2016-04-05', 'boavizta', 'Laptops', 'Pending (pending)'),
    });
    expect(r.personalColumnsDropped).toEqual(['Checked Out To']);
    expect(warningsOf(r)).toEqual({});
  });

  test('canonical file with French headers keeps its site and lifetime; every ignored column is named', () => {
    const db = freshDb();
    const csv = "site;type;fabricant;modèle;numéro de série;date d'achat;statut;durée de vie;nom;uuid;couleur\n" +
      'LJM;portable;Dell;Latitude 5420;FR-01;2021-09-01;en service;7;PORT-FR-01;;bleu\n' +
      'LJM;écran;Dell;P2422H;FR-02;2022-01-10;;;ECR-FR-02;;vert\n';
    const r = importDevices(db, Buffer.from(csv), { fileLabel: 'fr.csv', at: AT });
    expect([r.preset, r.imported]).toEqual(['numresp', 2]);
    expect(devices(db)['PORT-FR-01']).toEqual(dev('LJM', 'laptop', 'in-service', '2021-09-01', 'boavizta', 'portable', 'en service'));
    expect(devices(db)['ECR-FR-02']).toEqual(dev('LJM', 'monitor', 'in-service', '2022-01-10', 'boavizta', 'écran', null));
    expect(db.prepare("SELECT lifetime_years l FROM devices WHERE serial = 'FR-01'").get()).toEqual({ l: 7 });
    expect(r.ignoredColumns).toEqual(['couleur']);
    // An empty status is read as in service, and that guess is said.
    expect(warningsOf(r)).toEqual({ 'no status in the export: taken as in service': 1 });
  });

  test('unknown sites: one grouped reason (count + first lines), the school named and not its room; --create-sites creates them with a kind from the name', () => {
    const head = 'site,type,serial,name\n';
    const rows = Array.from({ length: 8 }, (_, i) => `Collège Victor Hugo,laptop,CVH-${i},CVH-${i}`).join('\n') + '\nData centre Nord,server,DCN-1,DCN-1\n';
    const r = importDevices(freshDb(), Buffer.from(head + rows), { fileLabel: 's.csv', at: AT });
    expect(r.rejectionGroups).toEqual([
      { reason: expect.stringMatching(/^unknown site "Collège Victor Hugo"/), count: 8, lines: [2, 3, 4, 5, 6] },
      { reason: expect.stringMatching(/^unknown site "Data centre Nord"/), count: 1, lines: [10] },
    ]);
    const db = freshDb();
    const c = importDevices(db, Buffer.from(head + rows), { fileLabel: 's.csv', at: AT, createSites: true });
    expect([c.imported, c.rejected]).toEqual([9, 0]);
    expect(c.sitesCreated).toEqual([
      { code: 'COLLEGE-VICTOR-HUGO', name: 'Collège Victor Hugo', kind: 'college' },
      { code: 'DATA-CENTRE-NORD', name: 'Data centre Nord', kind: 'datacenter' },
    ]);
    expect(devices(db)['DCN-1'].site).toBe('DATA-CENTRE-NORD');

    // GLPI locations are a tree: a room below a school names the school once, a school below a grouping is found.
    const glpi = glpiCsvExport(['Nom', 'Entité', 'Numéro de série', 'Type', 'Lieu'], [
      ['T-1', 'Entité racine', 'T-1', 'Portable', 'Lycée Victor Hugo > CDI'],
      ['T-2', 'Entité racine', 'T-2', 'Portable', 'Lycée Victor Hugo > Salle 12'],
      ['T-3', 'Entité racine', 'T-3', 'Portable', 'Bâtiments > Lycée Jean Moulin > CDI'],
      ['T-4', 'Entité racine', 'T-4', 'Portable', 'Annexe Nord > Salle 3'],
    ]);
    const tree = importDevices(freshDb(), glpi, { fileLabel: 'tree.csv', at: AT });
    expect(tree.rejectionGroups).toEqual([
      { reason: expect.stringMatching(/^unknown site "Lycée Victor Hugo";/), count: 2, lines: [2, 3] },
      { reason: expect.stringMatching(/^unknown site "Annexe Nord";/), count: 1, lines: [5] },
    ]);
    const db2 = freshDb();
    const created = importDevices(db2, glpi, { fileLabel: 'tree.csv', at: AT, createSites: true });
    expect(created.sitesCreated).toEqual([
      { code: 'LYCEE-VICTOR-HUGO', name: 'Lycée Victor Hugo', kind: 'lycee' },
      { code: 'ANNEXE-NORD', name: 'Annexe Nord', kind: 'other' },
    ]);
    expect(Object.fromEntries(Object.entries(devices(db2)).map(([n, d]) => [n, d.site]))).toEqual({
      'T-1': 'LYCEE-VICTOR-HUGO', 'T-2': 'LYCEE-VICTOR-HUGO', 'T-3': 'LJM', 'T-4': 'ANNEXE-NORD',
    });
  });

  test('sites import: our CSV and the Annuaire de l’éducation export; schools then found by UAI or name', () => {
    const db = freshDb();
    const ours = 'code,name,kind,uai,commune\nDC-NORD,Data centre Nord,datacenter,,Lille\n';
    expect(importSites(db, Buffer.from(ours), 'sites.csv')).toMatchObject({ format: 'numresp', imported: 1, rejections: [] });
    // data.education.gouv.fr "fr-en-annuaire-education": `;`, one school per line.
    const annuaire = 'Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Code_postal;Nom_commune\n' +
      '0590001A;Lycée Pasteur;Lycée;Public;59000;Lille\n' +
      '0590002B;Collège Jean Jaurès;Collège;Public;59100;Roubaix\n' +
      '0590003C;Ecole élémentaire Jules Ferry;Ecole;Public;59000;Lille\n' +
      '059X;Lycée Mal Formé;Lycée;Public;59000;Lille\n';
    const r = importSites(db, Buffer.from(annuaire), 'annuaire.csv');
    expect(r).toMatchObject({ format: 'annuaire', read: 4, imported: 3 });
    expect(r.rejections).toEqual([{ line: 5, reason: 'UAI "059X" is not seven digits and a letter (e.g. 0750001A)' }]);
    expect(db.prepare("SELECT code, name, kind, uai, commune FROM sites WHERE uai IS NOT NULL ORDER BY code").all()).toEqual([
      { code: '0590001A', name: 'Lycée Pasteur', kind: 'lycee', uai: '0590001A', commune: 'Lille' },
      { code: '0590002B', name: 'Collège Jean Jaurès', kind: 'college', uai: '0590002B', commune: 'Roubaix' },
      { code: '0590003C', name: 'Ecole élémentaire Jules Ferry', kind: 'other', uai: '0590003C', commune: 'Lille' },
    ]);
    expect(importSites(db, Buffer.from(annuaire), 'annuaire.csv')).toMatchObject({ imported: 0, unchanged: 3 });
    const inv = importDevices(db, Buffer.from('site,type,serial,name\n0590001A,laptop,UAI-1,UAI-1\nCollège Jean Jaurès,laptop,UAI-2,UAI-2\n'), { fileLabel: 'i.csv', at: AT });
    expect(inv.imported).toBe(2);
    expect([devices(db)['UAI-1'].site, devices(db)['UAI-2'].site]).toEqual(['0590001A', '0590002B']);
  });

  test('/dev/zero and oversized files are refused in one line after reading at most the bound', () => {
    const before = process.memoryUsage().rss;
    expect(() => readImportFile('/dev/zero')).toThrow(/^\/dev\/zero: line 1 is longer than 1 MiB; this is not a CSV export/);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    const dir = mkdtempSync(join(tmpdir(), 'numresp-bound-'));
    try {
      const big = join(dir, 'big.csv');
      writeFileSync(big, 'site,type,serial\n' + 'LJM,laptop,S\n'.repeat(2000));
      expect(() => readImportFile(big, 'file', { maxFileBytes: 10_000 })).toThrow(/big\.csv is 0 MiB, over the 0 MiB import bound; split the export/);
      expect(readImportFile(big).length).toBe(17 + 13 * 2000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
