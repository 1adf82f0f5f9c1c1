import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, type Db } from '../../src/store/database.js';
import { upsertSite } from '../../src/store/sites.js';
import { deviceStatusHistory, getDeviceBySerial, countDevices } from '../../src/store/devices.js';
import { importDevices, MappingSchema } from '../../src/inventory/import/devices-import.js';
import { parseDate, parseDeviceStatus, parseDeviceType, parseNumber, typeFromModel } from '../../src/inventory/import/values.js';
import { UserError } from '../../src/model/errors.js';

const fixture = (name: string) => readFileSync(join(process.cwd(), 'test', 'fixtures', 'inventory', name));
const AT = '2026-01-15T00:00:00.000Z';

function freshDb(): Db {
  const db = openStore(':memory:');
  upsertSite(db, { code: 'LJM', name: 'Lycée Jean Moulin', kind: 'lycee' });
  upsertSite(db, { code: 'SIEGE', name: 'Siège de la Région', kind: 'office' });
  upsertSite(db, { code: 'HQ', name: 'Head office', kind: 'office' });
  return db;
}

describe('inventory import', () => {
  test('GLPI French export: BOM, ";", dd-mm-yyyy, location path; rejections with line and reason', () => {
    const db = freshDb();
    const r = importDevices(db, fixture('glpi-computers-fr.csv'), { fileLabel: 'glpi-fr.csv', at: AT });
    expect(r.preset).toBe('glpi');
    expect([r.encoding, r.delimiter]).toEqual(['utf-8', ';']);
    expect(r.read).toBe(10);
    expect(r.imported).toBe(6);
    const reasons = Object.fromEntries(r.rejections.map((x) => [x.line, x.reason]));
    expect(reasons[6]).toMatch(/purchase date "31-02-2021" is not a date/);
    expect(reasons[8]).toMatch(/name .* looks like a spreadsheet formula/);
    expect(reasons[9]).toMatch(/duplicate of line 2 \(same serial 7GH2K33\)/);
    expect(reasons[10]).toMatch(/unknown site "Collège Inconnu";/); // the school, not its room
    expect(r.rejected).toBe(4);
    // Line 7: placeholder serial → identified by its name, said once; line 11: an unknown type word loses nothing.
    const byName = db.prepare("SELECT type, serial, uuid, identity_note n FROM devices WHERE name = 'PC-NOSN-05'").get();
    expect(byName).toEqual({ type: 'desktop', serial: null, uuid: 'name:PC-NOSN-05', n: 'serial "To Be Filled By O.E.M." is a placeholder: identified by its name' });
    expect(getDeviceBySerial(db, 'LX77001')).toMatchObject({ type: 'other', typeRaw: 'Cafetière' });
    expect(r.warnings).toEqual(
      expect.arrayContaining([
        { message: 'unknown type "Cafetière": recorded as other, the word kept', count: 1, fix: '{"types": {"Cafetière": "desktop"}}' },
        { message: 'devices without a usable serial identified by their name (a renamed device will be seen as new)', count: 1, fix: undefined },
      ]),
    );
    const pc = getDeviceBySerial(db, '7GH2K33')!;
    expect(pc).toMatchObject({ type: 'desktop', purchaseDate: '2021-03-15', warrantyEnd: '2026-03-15', ramGb: 8, status: 'in-service' });
    expect(getDeviceBySerial(db, 'MJ0ABCD1')!.status).toBe('d3e');
    expect(getDeviceBySerial(db, 'CZC1234XYZ')!.status).toBe('in-stock');
    const lc = db.prepare('SELECT lc_embodied_source s, lc_embodied_kg kg FROM devices WHERE serial = ?').get('9XK2L53') as { s: string; kg: number };
    expect(lc.s).toBe('boavizta');
    expect(lc.kg).toBeCloseTo(364 * (1 - 0.122), 6);
  });

  test('re-import changes nothing; a status change is updated and recorded in the history', () => {
    const db = freshDb();
    importDevices(db, fixture('glpi-computers-fr.csv'), { fileLabel: 'glpi-fr.csv', at: AT });
    const again = importDevices(db, fixture('glpi-computers-fr.csv'), { fileLabel: 'glpi-fr.csv', at: AT });
    expect([again.imported, again.updated, again.unchanged]).toEqual([0, 0, 6]);
    const changed = fixture('glpi-computers-fr.csv').toString('utf8').replace('"PC-ADM-02";"Entité racine > Lycée Jean Moulin";"En stock"', '"PC-ADM-02";"Entité racine > Lycée Jean Moulin";"En service"');
    const third = importDevices(db, Buffer.from(changed), { fileLabel: 'glpi-fr-2.csv', at: '2026-02-01T00:00:00.000Z' });
    expect([third.imported, third.updated, third.unchanged]).toEqual([0, 1, 5]);
    const dev = getDeviceBySerial(db, 'CZC1234XYZ')!;
    expect(deviceStatusHistory(db, dev.id).map((h) => [h.status, h.changedAt?.slice(0, 10)])).toEqual([
      ['in-stock', '2026-01-15'],
      ['in-service', '2026-02-01'],
    ]);
  });

  test('GLPI Monitors export: --type monitor for every row, size with a decimal comma', () => {
    const db = freshDb();
    const bytes = fixture('glpi-monitors-fr.csv');
    // Its only short dates ("12-09-2025 10:15") cannot tell day-first from month-first: refused, asking for the order.
    expect(() => importDevices(db, bytes, { fileLabel: 'm.csv', at: AT, dryRun: true })).toThrow(/no date settles whether "12-09-2025 10:15" is day-month or month-day; pass --date-format dmy\|mdy\|ymd/);
    expect(importDevices(db, bytes, { fileLabel: 'm.csv', at: AT, dryRun: true, dateFormat: 'dmy' }).warnings[0].message).toBe('unknown type "LCD": recorded as other, the word kept');
    const r = importDevices(db, bytes, { fileLabel: 'm.csv', at: AT, forceType: 'monitor', dateFormat: 'dmy' });
    expect([r.imported, r.rejected]).toEqual([2, 0]);
    expect(getDeviceBySerial(db, 'CN-0M1')).toMatchObject({ type: 'monitor', screenIn: 23.8, status: 'in-service' });
    const lc = db.prepare('SELECT lc_embodied_source s FROM devices WHERE serial = ?').get('CN-0M1') as { s: string };
    expect(lc.s).toBe('boavizta'); // Dell "P2422H Monitor"
  });

  test('GLPI English export with ISO dates and UUID', () => {
    const db = freshDb();
    const r = importDevices(db, fixture('glpi-computers-en.csv'), { fileLabel: 'glpi-en.csv', at: AT });
    expect([r.preset, r.imported, r.rejected]).toEqual(['glpi', 2, 0]);
    expect(getDeviceBySerial(db, 'EN0002')).toMatchObject({ type: 'laptop', status: 'in-stock', purchaseDate: '2022-01-10', siteId: expect.any(Number) });
  });

  test('OCS export in Windows-1252 is detected and decoded; a QEMU VM is recorded as a VM, not a device', () => {
    const db = freshDb();
    const r = importDevices(db, fixture('ocs-computers-latin1.csv'), { fileLabel: 'ocs.csv', at: AT });
    expect([r.preset, r.encoding, r.imported]).toEqual(['ocs', 'windows-1252', 2]);
    expect(r.rejections).toEqual([]);
    expect(r.vms).toEqual({ read: 1, imported: 1, updated: 0, unchanged: 0 });
    expect(r.personalColumnsDropped).toEqual(['Utilisateur']);
    expect(db.prepare('SELECT name, platform, host_device_id h FROM vms').all()).toEqual([{ name: 'LJM-VM-03', platform: 'KVM/QEMU', h: null }]);
    expect(getDeviceBySerial(db, '5CD0000XYZ')).toMatchObject({ type: 'laptop', manufacturer: 'HP', ramGb: 4, status: 'in-service' });
    expect(getDeviceBySerial(db, 'PC1ABCDE')!.uuid).toBe('6E1D2C3B-1111-2222-3333-444455556666');
  });

  test('Snipe-IT export: categories and statuses mapped, a US date settles month-first', () => {
    const db = freshDb();
    const r = importDevices(db, fixture('snipeit-assets.csv'), { fileLabel: 'snipe.csv', at: AT });
    expect([r.preset, r.delimiter, r.imported, r.rejected]).toEqual(['snipeit', ',', 6, 0]);
    expect(r.dateOrder).toEqual({ order: 'mdy', settledBy: 'values' });
    expect(getDeviceBySerial(db, '9XK2L99')!.purchaseDate).toBe('2022-03-15');
    const status = (s: string) => getDeviceBySerial(db, s)!.status;
    expect([status('CN0ABC123'), status('PF2XYZ01'), status('F2LZK0ABCD'), status('HX7R2C2')]).toEqual(['in-service', 'in-stock', 'lost', 'd3e']);
    expect(getDeviceBySerial(db, 'FOC2233X0AB')!.type).toBe('network');
    expect(getDeviceBySerial(db, 'F2LZK0ABCD')!.type).toBe('smartphone');
  });

  test('numresp template: bad values rejected, dry run writes nothing', () => {
    const db = freshDb();
    const dry = importDevices(db, fixture('template.csv'), { fileLabel: 'template.csv', dryRun: true, at: AT });
    expect([dry.preset, dry.imported, dry.rejected]).toEqual(['numresp', 4, 2]);
    expect(dry.rejections.map((x) => x.line)).toEqual([6, 7]);
    expect(countDevices(db)).toBe(0);
    expect(db.prepare('SELECT count(*) n FROM imports').get()).toEqual({ n: 0 });
    const real = importDevices(db, fixture('template.csv'), { fileLabel: 'template.csv', at: AT });
    expect(real.imported).toBe(4);
    expect(getDeviceBySerial(db, 'TPL-0001')!.lifetimeYears).toBe(6);
    expect(getDeviceBySerial(db, 'TPL-0004')!.status).toBe('refurbished');
  });

  test('a mapping file renames columns and adds words; an unknown mapped column is a user error', () => {
    const db = freshDb();
    const csv = 'Poste;Genre;N° série;Etat;Site\nP1;Ordi élève;S-1;OK;LJM\n';
    const mapping = MappingSchema.parse({
      columns: { name: 'Poste', type: 'Genre', serial: 'N° série', status: 'Etat', site: 'Site' },
      types: { 'Ordi élève': 'desktop' },
      statuses: { OK: 'in-service' },
    });
    const r = importDevices(db, Buffer.from(csv), { fileLabel: 'x.csv', mapping, at: AT });
    expect([r.imported, r.rejected]).toEqual([1, 0]);
    expect(() => importDevices(db, Buffer.from(csv), { fileLabel: 'x.csv', mapping: MappingSchema.parse({ columns: { serial: 'Nope' } }) })).toThrow(UserError);
    expect(() => MappingSchema.parse({ columns: { colour: 'x' } })).toThrow();
  });

  test('UTF-16 with BOM is decoded; a quoted cell over two lines keeps the next rows’ line numbers right', () => {
    const db = freshDb();
    const text = 'site,type,manufacturer,model,serial,purchase_date,status,lifetime_years,name,uuid\n' +
      'LJM,laptop,Dell,Latitude 5420,U16-1,2021-09-01,in-service,,"Portable\nsalle 2",\n' +
      'LJM,laptop,Dell,Latitude 5420,U16-2,2099-09-01,in-service,,Futur,\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const r = importDevices(db, bytes, { fileLabel: 'u16.csv', at: AT });
    expect([r.encoding, r.imported]).toEqual(['utf-16le', 1]);
    expect(r.rejections).toEqual([{ line: 4, reason: 'purchase date 2099-09-01 is in the future' }]);
    // The line break inside the quoted name is a control character: names are stored without them (issue 16.6).
    expect(getDeviceBySerial(db, 'U16-1')!.name).toBe('Portable salle 2');
  });

  test('an empty or header-less file is a one-line user error', () => {
    const db = freshDb();
    expect(() => importDevices(db, Buffer.from(''), { fileLabel: 'empty.csv' })).toThrow(/empty/);
    expect(() => importDevices(db, Buffer.from('a,b\n1,2\n'), { fileLabel: 'ab.csv' })).toThrow(/no device type or model column/);
  });

  test('bulk path (over 1,000 rows, prefetched keys): counts, duplicates and re-import hold', () => {
    const db = freshDb();
    const head = 'site,type,manufacturer,model,serial,purchase_date,status,lifetime_years,name,uuid\n';
    const rows = Array.from({ length: 1200 }, (_, i) => `LJM,laptop,Dell,Latitude 5420,BULK-${i},2021-09-01,in-service,,,UU-${i}`);
    rows.push('LJM,laptop,Dell,Latitude 5420,BULK-7,2021-09-01,in-service,,,'); // duplicate serial
    const first = importDevices(db, Buffer.from(head + rows.join('\n')), { fileLabel: 'bulk.csv', at: AT });
    expect([first.imported, first.rejected]).toEqual([1200, 1]);
    rows[5] = rows[5].replace('in-service', 'd3e');
    const second = importDevices(db, Buffer.from(head + rows.join('\n')), { fileLabel: 'bulk.csv', at: AT });
    expect([second.imported, second.updated, second.unchanged]).toEqual([0, 1, 1199]);
    expect(getDeviceBySerial(db, 'BULK-5')!.status).toBe('d3e');
    // Found by uuid when the serial is new: the stored device takes the new serial.
    const byUuid = importDevices(db, Buffer.from(head + 'LJM,laptop,Dell,Latitude 5420,NEWSERIAL,2021-09-01,in-service,,,UU-9\n'), { fileLabel: 'u.csv', at: AT });
    expect([byUuid.imported, byUuid.updated]).toEqual([0, 1]);
    expect(countDevices(db)).toBe(1200);
  });

  test('value parsers', () => {
    expect(parseDate('15/03/2021')).toBe('2021-03-15');
    expect(parseDate('2021-03-15 10:22:01')).toBe('2021-03-15');
    expect(parseDate('2021-13-01')).toBe('invalid');
    expect(parseDate('')).toBeNull();
    expect(parseNumber('1 024,5')).toBe(1024.5);
    expect(parseNumber('abc')).toBe('invalid');
    expect(parseDeviceType('Thin Clients')).toBe('thin-client');
    expect(parseDeviceType('Mini Tower')).toBe('desktop');
    expect(parseDeviceType('Serveur')).toBe('server');
    expect(parseDeviceType('Unknown')).toBe('other');
    expect(parseDeviceType('Cafetière')).toBeNull();
    expect(parseDeviceType('Ordinateur')).toBeNull(); // generic: the model decides
    expect(parseDeviceStatus('Ready to Deploy')).toBe('in-stock');
    expect(parseDeviceStatus('Réaffecté')).toBe('redeployed');
    expect(parseDeviceStatus('Don association')).toBe('refurbished');
    expect(parseDeviceStatus('???')).toBeNull();
    // Snipe-IT: a label not checked out is on the shelf whatever its name says; "Prêt à être déployé" is fr-FR's.
    expect(parseDeviceStatus('Prêt à être déployé (deployable)')).toBe('in-stock');
    expect(parseDeviceStatus('Prêt à être déployé')).toBe('in-stock');
    expect(parseDeviceStatus('Prêté (pending)')).toBe('in-stock');
    expect(parseDeviceStatus('Prêté (deployed)')).toBe('in-service');
    // Lenovo machine types (OCS exports the MTM as the model): ThinkPad 20xx/21xx, ThinkCentre 10xx–12xx; others untold.
    expect(typeFromModel('LENOVO', '20L5S0KN00')).toBe('laptop');
    expect(typeFromModel('LENOVO', '21DCS0AB00')).toBe('laptop');
    expect(typeFromModel('LENOVO', '11D3S00100')).toBe('desktop');
    expect(typeFromModel('LENOVO', '10T7001AFR')).toBe('desktop');
    expect(typeFromModel('LENOVO', '62A8GAT1EU')).toBeNull(); // a ThinkVision monitor's type: not a computer form we infer
    expect(typeFromModel('Acme', '20L5S0KN00')).toBeNull();
    expect(typeFromModel('LENOVO', '20L5')).toBeNull();
  });
});
