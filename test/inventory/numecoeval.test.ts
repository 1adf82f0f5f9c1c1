/**
 * `numresp export numecoeval` writes NumEcoEval's four input files with its headers (issue 11's lists, as NumEcoEval
 * front-ends post EquipementPhysique.csv), and `inventory import EquipementPhysique.csv` reads them back: export of
 * the sample fleet → import into an empty store gives the same devices, VMs and data centres.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/database.js';
import { getSiteByCode, setSitePue, upsertSite } from '../../src/store/sites.js';
import { importNumEcoEvalDatacentres } from '../../src/inventory/import/numecoeval-import.js';
import { importDevices } from '../../src/inventory/import/devices-import.js';
import { writeNumEcoEval } from '../../src/inventory/numecoeval.js';
import { fleetSummary } from '../../src/inventory/summary.js';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', '..', 'dist', 'bin', 'numresp.js');
let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'numresp-nee-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (db: string, ...args: string[]) => spawnSync(process.execPath, [cli, '--db', db, ...args], { encoding: 'utf8', timeout: 60_000 });

function snapshot(file: string) {
  const db = openStore(file, { readonly: true });
  try {
    return {
      devices: db
        .prepare(
          `SELECT d.serial, d.uuid, d.type, d.status, s.code site, d.purchase_date purchase, d.model, d.lifetime_years lifetime, d.yearly_kwh kwh
             FROM devices d LEFT JOIN sites s ON s.id = d.site_id ORDER BY coalesce(d.serial, d.uuid)`,
        )
        .all(),
      vms: db
        .prepare(
          `SELECT v.name, h.serial host, s.code serves, v.vcpus FROM vms v JOIN devices h ON h.id = v.host_device_id
             LEFT JOIN sites s ON s.id = v.served_site_id ORDER BY v.name`,
        )
        .all(),
      datacentres: db
        .prepare(
          `SELECT s.code, s.name, (SELECT pue FROM site_pue p WHERE p.site_id = s.id ORDER BY year DESC LIMIT 1) pue FROM sites s WHERE kind = 'datacenter'`,
        )
        .all(),
    };
  } finally {
    db.close();
  }
}

test('export numecoeval → import into an empty store: same devices, VMs and data centres', () => {
  const a = join(dir, 'a.db');
  const b = join(dir, 'b.db');
  const out = join(dir, 'nee');
  expect(run(a, 'inventory', 'sample').status).toBe(0);
  const exp = run(a, 'export', 'numecoeval', '--out', out);
  expect(exp.stderr).toBe('');
  expect(exp.status).toBe(0);
  const lines = (f: string) => readFileSync(join(out, f), 'utf8').trimEnd().split('\n');
  expect(lines('DataCenter.csv')[0]).toBe('nomCourtDatacenter;nomLongDatacenter;pue;localisation;nomEntite;nomSourceDonnee;qualite');
  expect(lines('EquipementPhysique.csv')[0]).toBe(
    'nomEquipementPhysique;modele;quantite;nomCourtDatacenter;dateAchat;dateRetrait;dureeUsageInterne;dureeUsageAmont;dureeUsageAval;type;statut;' +
      'paysDUtilisation;consoElecAnnuelle;utilisateur;nomSourceDonnee;nomEntite;nbCoeur;nbJourUtiliseAn;goTelecharge;modeUtilisation;tauxUtilisation;qualite',
  );
  expect(lines('EquipementVirtuel.csv')[0]).toBe(
    'nomEquipementVirtuel;nomEquipementPhysique;nomSourceDonneeEquipementPhysique;cleRepartition;vCPU;cluster;consoElecAnnuelle;typeEqv;capaciteStockage;nomEntite;nomSourceDonnee;qualite',
  );
  expect(lines('Application.csv')[0]).toBe(
    'nomApplication;typeEnvironnement;nomEquipementVirtuel;nomSourceDonneeEquipementVirtuel;domaine;sousDomaine;nomEntite;nomEquipementPhysique;nomSourceDonnee;qualite',
  );
  expect(lines('DataCenter.csv').slice(1)).toEqual(['DC-01;Data centre régional;1.55;France;DC-01;numresp;']);
  // Mandatory fields filled on every row: name, model, quantity > 0, type, country; typeEqv calcul|stockage.
  for (const row of lines('EquipementPhysique.csv').slice(1)) {
    const c = row.split(';');
    expect([c[0] !== '', c[1] !== '', Number(c[2]) > 0, c[9] !== '', c[11]]).toEqual([true, true, true, true, 'France']);
    expect(/^\d{4}-\d{2}-\d{2}$|^$/.test(c[4])).toBe(true);
  }
  expect(lines('EquipementVirtuel.csv').slice(1).every((r) => r.split(';')[7] === 'calcul' && r.split(';')[1] !== '')).toBe(true);

  const imp = run(b, 'inventory', 'import', join(out, 'EquipementPhysique.csv'));
  expect(imp.stderr).toBe('');
  expect(imp.status).toBe(0);
  expect(imp.stdout).toMatch(/EquipementPhysique\.csv \(numecoeval, utf-8, ";"\)/);
  const [before, after] = [snapshot(a), snapshot(b)];
  expect(after.devices.length).toBe(301);
  expect(after).toEqual(before);
  // Re-import: nothing changes, and nothing is said to be guessed (nomEntite names the site by design; ISO dates).
  const again = run(b, 'inventory', 'import', join(out, 'EquipementPhysique.csv'));
  expect(again.status).toBe(0);
  expect(again.stdout).toMatch(/301 read, 0 imported, 0 updated, 301 unchanged, 0 rejected/);
  expect(again.stdout).not.toMatch(/entity|dates read as/);

  // Another producer may order the columns otherwise: still NumEcoEval, its sibling files still read.
  const other = join(dir, 'nee-reordered');
  mkdirSync(other);
  for (const f of ['DataCenter.csv', 'EquipementVirtuel.csv']) copyFileSync(join(out, f), join(other, f));
  const physical = lines('EquipementPhysique.csv');
  expect(physical.some((l) => l.includes('"'))).toBe(false); // plain cells: reversing by ";" is exact
  writeFileSync(join(other, 'EquipementPhysique.csv'), physical.map((l) => l.split(';').reverse().join(';')).join('\n') + '\n');
  const c = join(dir, 'c.db');
  const reordered = run(c, 'inventory', 'import', join(other, 'EquipementPhysique.csv'));
  expect([reordered.status, reordered.stderr]).toEqual([0, '']);
  expect(reordered.stdout).toMatch(/EquipementPhysique\.csv \(numecoeval, utf-8, ";"\)/);
  expect(snapshot(c)).toEqual(before);
});

test('a device that left keeps its date through NumEcoEval: dateRetrait written from its status date, read back as it', () => {
  const src = openStore(':memory:');
  upsertSite(src, { code: 'LJM', name: 'Lycée Jean Moulin', kind: 'lycee' });
  const csv = 'site,type,manufacturer,model,serial,purchase_date,status,status_date\n' +
    'LJM,laptop,Dell,Latitude 5420,R-1,2019-09-01,d3e,2025-11-20\n' + // left within the 12 months before 2026-01-15
    'LJM,laptop,Dell,Latitude 5420,R-2,2018-09-01,refurbished,2024-06-30\n' +
    'LJM,laptop,Dell,Latitude 5420,R-3,2017-09-01,d3e,\n' + // date unknown: stays unknown
    'LJM,laptop,Dell,Latitude 5420,R-4,2022-09-01,in-service,2025-01-10\n';
  importDevices(src, Buffer.from(csv), { fileLabel: 'gone.csv', at: '2026-01-15T00:00:00.000Z' });
  const out = join(dir, 'nee-gone');
  writeNumEcoEval(src, out);
  const rows = readFileSync(join(out, 'EquipementPhysique.csv'), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(';'));
  expect(rows.map((c) => [c[0], c[5], c[10]])).toEqual([
    ['R-1', '2025-11-20', 'd3e'],
    ['R-2', '2024-06-30', 'refurbished'],
    ['R-3', '', 'd3e'],
    ['R-4', '', 'in-service'],
  ]);
  const back = openStore(':memory:');
  const r = importDevices(back, readFileSync(join(out, 'EquipementPhysique.csv')), { fileLabel: 'EquipementPhysique.csv', createSites: true, at: '2026-01-16T00:00:00.000Z' });
  expect([r.preset, r.imported, r.rejected]).toEqual(['numecoeval', 4, 0]);
  const history = (db: ReturnType<typeof openStore>) =>
    db.prepare('SELECT d.serial, h.status, h.changed_at changedAt FROM device_status_history h JOIN devices d ON d.id = h.device_id WHERE d.status <> ? ORDER BY d.serial').all('in-service');
  expect(history(back)).toEqual(history(src));
  expect(fleetSummary(back, { at: '2026-01-15' }).d3e).toEqual({ total: 2, last12Months: 1 });
  expect(fleetSummary(src, { at: '2026-01-15' }).d3e).toEqual({ total: 2, last12Months: 1 });
});

test('formula-like text is exported neutralised (leading apostrophe), numbers raw, and read back without losing the device', () => {
  const src = openStore(':memory:');
  upsertSite(src, { code: 'DC1', name: '@Salle serveurs', kind: 'datacenter' });
  setSitePue(src, getSiteByCode(src, 'DC1')!.id, 2025, 1.6);
  importDevices(src, Buffer.from('site,type,model,serial,purchase_date,yearly_kwh\nDC1,server,Plain,F-1,2021-03-04,850\n'), { fileLabel: 'f.csv', at: '2026-01-15T00:00:00.000Z' });
  // Imports refuse such a model; a store filled another way (older version, direct edit) may still hold one.
  src.prepare("UPDATE devices SET model = '=1+1' WHERE serial = 'F-1'").run();
  const out = join(dir, 'nee-formula');
  writeNumEcoEval(src, out);
  const physical = readFileSync(join(out, 'EquipementPhysique.csv'), 'utf8').trimEnd().split('\n').map((l) => l.split(';'));
  const h = physical[0];
  const row = physical[1];
  expect(row[h.indexOf('modele')]).toBe("'=1+1");
  expect([row[h.indexOf('quantite')], row[h.indexOf('dateAchat')], row[h.indexOf('consoElecAnnuelle')]]).toEqual(['1', '2021-03-04', '850']);
  const dcs = readFileSync(join(out, 'DataCenter.csv'), 'utf8').trimEnd().split('\n').map((l) => l.split(';'));
  expect(dcs[1].slice(0, 3)).toEqual(['DC1', "'@Salle serveurs", '1.6']);
  // No cell of any file starts like a formula once the optional quote is removed.
  for (const f of ['DataCenter.csv', 'EquipementPhysique.csv']) {
    for (const c of readFileSync(join(out, f), 'utf8').split(/[;\n]/)) expect(/^"?[=+@\t\r]|^"?-[^\d.]/.test(c)).toBe(false);
  }

  // Round trip: the import keeps the cell as written (apostrophe included), so the device is kept, not rejected.
  const back = openStore(':memory:');
  const dc = importNumEcoEvalDatacentres(back, readFileSync(join(out, 'DataCenter.csv')), 'DataCenter.csv', '2026-01-16T00:00:00.000Z');
  expect([dc.count, dc.rejections]).toEqual([1, []]);
  const r = importDevices(back, readFileSync(join(out, 'EquipementPhysique.csv')), { fileLabel: 'EquipementPhysique.csv', at: '2026-01-16T00:00:00.000Z' });
  expect([r.imported, r.rejected]).toEqual([1, 0]);
  expect(back.prepare("SELECT d.model, s.code, s.name FROM devices d JOIN sites s ON s.id = d.site_id WHERE d.serial = 'F-1'").get()).toEqual({
    model: "'=1+1",
    code: 'DC1',
    name: "'@Salle serveurs",
  });
  // A second export writes the same cells (no apostrophe piles up).
  const again = join(dir, 'nee-formula-again');
  writeNumEcoEval(back, again);
  expect(readFileSync(join(again, 'EquipementPhysique.csv'), 'utf8').split('\n')[1].split(';')[1]).toBe("'=1+1");
  expect(readFileSync(join(again, 'DataCenter.csv'), 'utf8')).toBe(readFileSync(join(out, 'DataCenter.csv'), 'utf8'));
});
