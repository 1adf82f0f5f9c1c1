import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/database.js';
import { numresp } from '../reports/cli.js';
import { numrespJson as json } from './cli-json.js';

// Proof of issue 15.5: inventory exports shaped as GLPI, OCS Inventory and Snipe-IT write them, carrying user names,
// logins, e-mails and phones. After the import and a WAL checkpoint, the SQLite file's bytes hold none of them; with
// --keep-users only their HMACs (keyed with the store's secret) are there. Then `store find-personal` lists where the
// store could still identify someone, and finds a user again from their login for an access request.

// GLPI "Ordinateurs" list exported to CSV (UTF-8 with BOM, ';', every cell quoted): "Utilisateur" is the login of
// the GLPI user, "Usager" the free-text alternate username.
const GLPI = '\ufeff' + [
  ['Nom', 'Entité', 'Statut', 'Fabricant', 'Numéro de série', 'Type', 'Modèle', 'Lieu', 'Utilisateur', 'Usager', 'Téléphone de l\'usager', "Informations financières et administratives - Date d'achat"],
  ['PC-CDI-01', 'Entité racine > Lycée Jean Moulin', 'En service', 'Dell Inc.', 'PRF-GLPI-01', 'Unité centrale', 'OptiPlex 7090', 'Lycée Jean Moulin > CDI', 'glemoine', 'Gaspard Lemoine', '06 12 34 56 78', '15-03-2021'],
  ['PORT-PROF-07', 'Entité racine > Lycée Jean Moulin', 'En service', 'Dell Inc.', 'PRF-GLPI-02', 'Portable', 'Latitude 5420', 'Lycée Jean Moulin > Salle des professeurs', 'eferrand', 'Éloïse Ferrand', '', '01-09-2021'],
].map((r) => r.map((c) => `"${c}"`).join(';')).join('\r\n') + '\r\n';

// OCS Inventory NG computer list export (ISO-8859-1, ';'): "Utilisateur" is the last logged-in account.
const OCS = [
  'Machine;TAG;Dernier inventaire;Utilisateur;Système;RAM (MB);Processeur;Fabricant;Modèle;Numéro de série;UUID;Type de châssis',
  'LJM-SALLE12-01;Lycée Jean Moulin;2025-10-01 09:12:44;hmercier;Microsoft Windows 10 Education;8192;Intel(R) Core(TM) i3-10100 CPU @ 3.60GHz;LENOVO;ThinkCentre M70q;PRF-OCS-01;;Desktop',
  'LJM-SALLE12-02;Lycée Jean Moulin;2025-10-01 09:13:02;Amélie Poulain;Microsoft Windows 10 Education;4096;Intel(R) Celeron(R) N4020;HP;HP 14s-dq0000;PRF-OCS-02;;Notebook',
].join('\r\n') + '\r\n';

// Snipe-IT asset report (UTF-8, ','), with the checked-out user's name, username and e-mail ticked in the report.
const SNIPE = [
  'Asset Tag,Name,Model,Model No.,Category,Manufacturer,Serial,Purchase Date,Purchase Cost,Order Number,Supplier,Location,Default Location,Status,Checked Out To,Username,Email,Warranty,Warranty Expires,EOL',
  'SIEGE-0101,Accueil écran 1,P2422H,P2422H,Monitors,Dell,PRF-SNIPE-01,2021-06-01,179.00,PO-2021-44,Bechtle,Siège de la Région,Siège de la Région,Deployed,Noémie Garnier,ngarnier,noemie.garnier@region.example,36 months,2024-06-01,',
  'SIEGE-0102,Portable DSI,ThinkPad T14 Gen 2,20W0005RFR,Laptops,Lenovo,PRF-SNIPE-02,2022-02-15,1099.00,PO-2022-12,Bechtle,Siège de la Région,Siège de la Région,Deployed,Bastien Roux,broux,bastien.roux@region.example,36 months,2025-02-15,',
].join('\n') + '\n';

const PEOPLE = [
  'glemoine', 'Gaspard Lemoine', '06 12 34 56 78', 'eferrand', 'Éloïse Ferrand', 'hmercier', 'Amélie Poulain',
  'Noémie Garnier', 'ngarnier', 'noemie.garnier@region.example', 'Bastien Roux', 'broux', 'bastien.roux@region.example',
];
// The values each file's first user column holds: what --keep-users pseudonymises.
const USERS = ['glemoine', 'eferrand', 'hmercier', 'Amélie Poulain', 'Noémie Garnier', 'Bastien Roux'];

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'numresp-personal-'));
  writeFileSync(join(work, 'glpi.csv'), GLPI, 'utf8');
  writeFileSync(join(work, 'ocs.csv'), Buffer.from(OCS, 'latin1'));
  writeFileSync(join(work, 'snipeit.csv'), SNIPE, 'utf8');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function importAll(dbFile: string, ...extra: string[]): Promise<void> {
  for (const [file, preset] of [['glpi.csv', 'glpi'], ['ocs.csv', 'ocs'], ['snipeit.csv', 'snipeit']]) {
    await numresp('inventory', 'import', join(work, file), '--preset', preset, '--create-sites', '--db', dbFile, ...extra);
  }
  const db = openStore(dbFile);
  try {
    expect(db.prepare('SELECT COUNT(*) FROM devices').pluck().get()).toBe(6);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** Every byte the store keeps on disk (main file, and a WAL if one is left), as one case-folded string. */
function storeBytes(dbFile: string): string {
  const parts = [dbFile, `${dbFile}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1'));
  return parts.join('\n').toLowerCase();
}

/** Where a text would be in the file: its UTF-8 bytes (how SQLite stores text) and its Latin-1 bytes (as read). */
function foundIn(bytes: string, text: string): boolean {
  return [Buffer.from(text, 'utf8'), Buffer.from(text, 'latin1')].some((b) => bytes.includes(b.toString('latin1').toLowerCase()));
}


test('imported without options: no name, login, e-mail or phone anywhere in the SQLite file', async () => {
  const dbFile = join(work, 'plain.db');
  await importAll(dbFile);
  const bytes = storeBytes(dbFile);
  // The scan does see what was stored (serials), so an absence means something.
  expect(foundIn(bytes, 'PRF-SNIPE-02')).toBe(true);
  expect(PEOPLE.filter((p) => foundIn(bytes, p))).toEqual([]);
  expect(bytes).not.toContain('hmac-sha256:');
});

test('with --keep-users: only the users’ HMACs, keyed with the store’s secret', async () => {
  const dbFile = join(work, 'keep.db');
  await importAll(dbFile, '--keep-users');
  const bytes = storeBytes(dbFile);
  expect(PEOPLE.filter((p) => foundIn(bytes, p))).toEqual([]);
  const db = openStore(dbFile, { readonly: true });
  let secret: string;
  let hashes: string[];
  try {
    secret = db.prepare("SELECT value FROM store_meta WHERE key = 'user-hmac'").pluck().get() as string;
    hashes = db.prepare('SELECT user_hash FROM devices WHERE user_hash IS NOT NULL ORDER BY user_hash').pluck().all() as string[];
  } finally {
    db.close();
  }
  // HMAC-SHA256 (RFC 2104) of each user cell, recomputed here with node:crypto.
  const expected = USERS.map((u) => `hmac-sha256:${createHmac('sha256', secret).update(u).digest('hex')}`).sort();
  expect(hashes).toEqual(expected);
  for (const h of expected) expect(bytes).toContain(h);
});

test('store find-personal lists what could identify someone, and finds a user again from their login', async () => {
  const dbFile = join(work, 'find.db');
  await importAll(dbFile, '--keep-users');
  const inventory = await json<Array<{ table: string; column: string; kind: string; rows: number }>>('store', 'find-personal', '--json', '--db', dbFile);
  const rows = Object.fromEntries(inventory.map((c) => [`${c.table}.${c.column}`, c.rows]));
  expect(rows).toMatchObject({
    'devices.name': 6,
    'devices.user_hash': 6,
    'devices.serial (linked to a user)': 6,
    'devices.serial': 6,
    'rgesn_declaration_facts.contact': 0,
    'page_artifacts.artifacts': 0,
  });
  expect(inventory.every((c) => ['name', 'pseudonym', 'identifier', 'free-text', 'page-capture'].includes(c.kind))).toBe(true);

  // An access request from "hmercier": their device, found through the pseudonym.
  const found = await json<{ matches: Array<{ table: string; column: string; rowIds: number[] }> }>('store', 'find-personal', '--match', 'hmercier', '--json', '--db', dbFile);
  expect(found.matches).toEqual([{ table: 'devices', column: 'user_hash', rowIds: [expect.any(Number)] }]);
  const db = openStore(dbFile, { readonly: true });
  try {
    expect(db.prepare('SELECT serial FROM devices WHERE id = ?').pluck().get(found.matches[0].rowIds[0])).toBe('PRF-OCS-01');
  } finally {
    db.close();
  }
  // A device name is searched as text.
  const byName = await json<{ matches: Array<{ table: string; column: string }> }>('store', 'find-personal', '--match', 'prof-07', '--json', '--db', dbFile);
  expect(byName.matches).toEqual([expect.objectContaining({ table: 'devices', column: 'name' })]);
  expect((await json<{ matches: unknown[] }>('store', 'find-personal', '--match', 'Personne Inconnue', '--json', '--db', dbFile)).matches).toEqual([]);
});

test('store find-personal --match … --erase answers an erasure request and leaves nothing in the file', async () => {
  const dbFile = join(work, 'erase.db');
  await importAll(dbFile, '--keep-users');
  await numresp('sites', 'add', 'WEB', '--kind', 'web', '--db', dbFile);
  await numresp('practices', 'set', 'WEB', '46', '--status', 'compliant', '--author', 'Camille Vasseur', '--evidence', 'revu avec Camille Vasseur', '--db', dbFile);
  expect(foundIn(storeBytes(dbFile), 'Camille Vasseur')).toBe(true);

  const r = await json<{ erased: Array<{ table: string; column: string; rowIds: number[] }> }>('store', 'find-personal', '--match', 'camille vasseur', '--erase', '--json', '--db', dbFile);
  expect(r.erased.map((m) => `${m.table}.${m.column}`).sort()).toEqual(['practice_assessments.author', 'practice_assessments.evidence']);
  await json('store', 'find-personal', '--match', 'hmercier', '--erase', '--json', '--db', dbFile);

  for (const who of ['camille vasseur', 'hmercier']) {
    expect((await json<{ matches: unknown[] }>('store', 'find-personal', '--match', who, '--json', '--db', dbFile)).matches).toEqual([]);
  }
  expect(foundIn(storeBytes(dbFile), 'Camille Vasseur')).toBe(false);
  const db = openStore(dbFile, { readonly: true });
  try {
    // The device stays in the fleet (its figures count), without its link to the person; the status stays too.
    expect(db.prepare("SELECT user_hash FROM devices WHERE serial = 'PRF-OCS-01'").pluck().get()).toBeNull();
    expect(db.prepare('SELECT COUNT(*) FROM devices WHERE user_hash IS NOT NULL').pluck().get()).toBe(5);
    expect(db.prepare("SELECT status FROM practice_assessments").pluck().all()).toEqual(['compliant']);
  } finally {
    db.close();
  }
  await expect(numresp('store', 'find-personal', '--erase', '--db', dbFile)).rejects.toThrow(/--erase needs --match/);
});
