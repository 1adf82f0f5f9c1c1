/**
 * Issue 11 through the built CLI, read as a school IT admin reads it: the human output of `sites import` and
 * `inventory import` names every column it ignored or dropped, says each guess once with its count and the fix,
 * names an unknown site once however many rows it has, and refuses an ambiguous date order in one line (exit 2).
 * Files rebuilt from the writers (see export-shapes.test.ts): OCS Inventory's console export with today's fr_FR labels
 * (plugins/language/fr_FR: 23 "Machine", 24 "Utilisateur connecté", 36 "Numéro de série", 64 "Fabricant",
 * 65 "Modèle", 284 "Fabricant du BIOS", 568 "RAM (Mo)"; ms_csv.php: label + `;`, CRLF before each quoted row, no final
 * newline), the Annuaire de l'éducation export, GLPI's CSV search export.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/database.js';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', '..', 'dist', 'bin', 'numresp.js');
let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'numresp-imp-cli-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (db: string, ...args: string[]) => spawnSync(process.execPath, [cli, '--db', db, ...args], { encoding: 'utf8', timeout: 60_000 });
const lines = (text: string) => text.trimEnd().split('\n');

function ocsConsoleExport(labels: string[], rows: string[][]): string {
  let out = labels.map((l) => `${l};`).join('');
  for (const r of rows) out += '\r\n' + r.map((v) => `"${v}";`).join('');
  return out;
}

test('sites import, then an OCS console export in French: every column, guess and unknown site said once', () => {
  const db = join(dir, 'ocs.db');
  const annuaire = join(dir, 'fr-en-annuaire-education.csv');
  writeFileSync(
    annuaire,
    'Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Code_postal;Nom_commune\n' +
      '0590001A;Lycée Pasteur;Lycée;Public;59000;Lille\n',
  );
  const sites = run(db, 'sites', 'import', annuaire);
  expect([sites.status, sites.stderr]).toEqual([0, '']);
  expect(lines(sites.stdout)).toEqual([`${annuaire} (annuaire): 1 read, 1 imported, 0 updated, 0 unchanged, 0 rejected`]);

  const labels = ['TAG', 'Dernier inventaire', 'Machine', 'Utilisateur connecté', 'Système', 'RAM (Mo)', 'CPU (MHz)', 'Fabricant', 'Numéro de série', 'Modèle', 'Fabricant du BIOS'];
  const rows = [
    ['0590001A', '2025-10-01 09:12:44', 'PAS-PROF-01', 'jdupont', 'Microsoft Windows 11 Pro', '16384', '2800', 'Dell Inc.', '9XK2L01', 'Latitude 5420', 'Dell Inc.'],
    ['0590001A', '2025-10-01 09:13:02', 'PAS-CDI-02', 'mmartin', 'Microsoft Windows 10 Pro', '8192', '3100', 'HP', 'Default string', 'HP ProDesk 400 G7 Microtower PC', 'HP'],
    ['0590001A', '2025-10-01 09:14:00', 'PAS-XX-03', '', 'Microsoft Windows 10 Pro', '4096', '2000', 'Acme', 'ACME03', 'Box 3000', 'Acme'],
    ['0590001A', '2025-10-01 09:15:00', 'PAS-VM-01', '', 'Ubuntu 22.04', '4096', '2100', 'VMware, Inc.', 'VMware-42 1a 2b', 'VMware7,1', 'VMware, Inc.'],
    ...Array.from({ length: 7 }, (_, i) => ['0590999Z', '2025-10-01 10:00:00', `AUT-${i}`, '', 'Windows 10', '8192', '2800', 'Dell Inc.', `AUT${i}`, 'OptiPlex 3080', 'Dell Inc.']),
  ];
  const ocs = join(dir, 'export.csv');
  writeFileSync(ocs, ocsConsoleExport(labels, rows));
  const r = run(db, 'inventory', 'import', ocs);
  expect(r.status).toBe(1); // some rows rejected, the others imported
  expect(lines(r.stdout)).toEqual([
    `${ocs} (ocs, utf-8, ";"): 11 read, 3 imported, 0 updated, 0 unchanged, 7 rejected`,
    '  personal data not stored (columns dropped): "Utilisateur connecté"',
    '  columns ignored (nothing numresp reads): "Dernier inventaire", "Système", "CPU (MHz)", "Fabricant du BIOS"',
    '  1 virtual machine recorded as a VM, not a device (1 new, 0 updated, 0 unchanged)',
    '  warning: 1 × type laptop inferred from the model name (no type column)',
    '  warning: 1 × type desktop inferred from the model name (no type column)',
    '  warning: 1 × devices without a usable serial identified by their name (a renamed device will be seen as new)',
    '  warning: 1 × no type in the export and the model does not tell: recorded as other; to fix: add a type column, or pass --type TYPE for an export of one kind of device',
  ]);
  // The unknown school is named once, with the count and the first lines.
  expect(lines(r.stderr)).toEqual([
    '  rejected 7 × unknown site "0590999Z"; add it with numresp sites add or sites import, pass --create-sites, map it in --mapping {"sites": {...}}, or pass --site (lines 6, 7, 8, 9, 10, …)',
  ]);
  const store = openStore(db, { readonly: true });
  try {
    expect(store.prepare('SELECT d.name, s.code site, d.type, d.serial, d.uuid, d.ram_gb ram FROM devices d JOIN sites s ON s.id = d.site_id ORDER BY d.name').all()).toEqual([
      { name: 'PAS-CDI-02', site: '0590001A', type: 'desktop', serial: null, uuid: 'name:PAS-CDI-02', ram: 8 },
      { name: 'PAS-PROF-01', site: '0590001A', type: 'laptop', serial: '9XK2L01', uuid: null, ram: 16 },
      { name: 'PAS-XX-03', site: '0590001A', type: 'other', serial: 'ACME03', uuid: null, ram: 4 },
    ]);
    expect(store.prepare('SELECT name, platform FROM vms').all()).toEqual([{ name: 'PAS-VM-01', platform: 'VMware' }]);
  } finally {
    store.close();
  }

  // A device without a usable serial is shown by its name, with what the import guessed.
  const show = run(db, 'inventory', 'show', 'PAS-CDI-02');
  expect([show.status, show.stderr]).toEqual([0, '']);
  expect(lines(show.stdout).slice(0, 4)).toEqual([
    'desktop HP HP ProDesk 400 G7 Microtower PC — serial —, uuid name:PAS-CDI-02, name PAS-CDI-02',
    'site 0590001A, status in-service, purchased unknown, warranty end —, bought refurbished: no',
    'identity: serial "Default string" is a placeholder: identified by its name',
    'type desktop: inferred from the model "HP HP ProDesk 400 G7 Microtower PC"',
  ]);

  // --create-sites: the school is created (kind inferred: nothing in a bare UAI says it, so other), its rows imported.
  const created = run(db, 'inventory', 'import', ocs, '--create-sites');
  expect([created.status, created.stderr]).toEqual([0, '']);
  expect(lines(created.stdout)[0]).toBe(`${ocs} (ocs, utf-8, ";"): 11 read, 7 imported, 0 updated, 3 unchanged, 0 rejected`);
  expect(lines(created.stdout)).toContain('  site created: 0590999Z (other) "0590999Z"');
});

test('GLPI export whose dates cannot settle the order: one line asking for --date-format, exit 2; summary says which devices have no figure', () => {
  const db = join(dir, 'glpi.db');
  expect(run(db, 'sites', 'add', 'LJM', '--name', 'Lycée Jean Moulin', '--kind', 'lycee').status).toBe(0);
  const glpi = join(dir, 'glpi.csv');
  writeFileSync(
    glpi,
    // CSVSearchOutput.php: BOM, every cell quoted and followed by the delimiter.
    '\ufeff"Nom";"Statut";"Numéro de série";"Type";"Lieu";"Informations financières et administratives - Date d\'achat";\n' +
      '"VP-01";"En service";"VP01";"Vidéoprojecteur";"Lycée Jean Moulin";"10-02-2020";\n' +
      '"PC-01";"En service";"PC01";"Portable";"Lycée Jean Moulin";"11-05-2019";\n' +
      '"PC-02";"En service";"PC02";"Portable";"";"";\n',
  );
  const refused = run(db, 'inventory', 'import', glpi);
  expect(refused.status).toBe(2);
  expect(refused.stdout).toBe('');
  expect(lines(refused.stderr)).toEqual([`numresp: ${glpi}: no date settles whether "10-02-2020" is day-month or month-day; pass --date-format dmy|mdy|ymd`]);

  const r = run(db, 'inventory', 'import', glpi, '--date-format', 'dmy');
  expect([r.status, r.stderr]).toEqual([0, '']);
  expect(lines(r.stdout)).toEqual([
    `${glpi} (glpi, utf-8, ";"): 3 read, 3 imported, 0 updated, 0 unchanged, 0 rejected`,
    '  dates read as DMY (--date-format)',
    '  warning: 1 × no site in the export (location empty): stored without a site; to fix: pass --site CODE for an export of one site, or fill the location in the tool',
  ]);
  const summary = run(db, 'inventory', 'summary', '--at', '2026-01-15');
  expect(summary.status).toBe(0);
  expect(lines(summary.stdout)).toContain(
    '  embodied figure from: device 0, Boavizta model match 0, type default 2; none for 1 (no public default for their type: counted at 0, give embodied_kg)',
  );
});

test('a file with many distinct unknown words: the first 30 warnings, then how many more (all of them in --json)', () => {
  const db = join(dir, 'words.db');
  expect(run(db, 'sites', 'add', 'LJM').status).toBe(0);
  const file = join(dir, 'words.csv');
  writeFileSync(file, 'site,type,serial\n' + Array.from({ length: 32 }, (_, i) => `LJM,Objet ${i},W-${i}`).join('\n') + '\n');
  const r = run(db, 'inventory', 'import', file, '--dry-run');
  expect([r.status, r.stderr]).toEqual([0, '']);
  const out = lines(r.stdout);
  expect(out.filter((l) => l.startsWith('  warning: 1 × unknown type "Objet ')).length).toBe(30);
  expect(out[out.length - 1]).toBe('  … and 2 more warnings (use --json for all)');
  const json = JSON.parse(run(db, 'inventory', 'import', file, '--dry-run', '--json').stdout);
  expect(json.warnings.length).toBe(32);
});
