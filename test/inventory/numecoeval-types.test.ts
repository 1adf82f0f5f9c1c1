/**
 * NumEcoEval `type` names. NumEcoEval ships no list: each instance loads its own equipment-type referential and
 * matches `type` exactly. The six names pinned below are copied by hand from the one public referential of a State
 * agency's instance (ANS "EvalCarbone SIH", github.com/ansforge/Eval-Carbone-SIH
 * infra/roles/referential/files/input_ref/typeEquipement.csv, commit 0197d50978d665b913964a209f45d4ea006bb90a), not
 * from our constant. Also: names numresp wrote before are read back, `export numecoeval --types FILE` renames types
 * for another instance (and refuses bad files in one line), `inventory import --mapping` reads those names back.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/database.js';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', '..', 'dist', 'bin', 'numresp.js');
let dir: string;
let sampleDb: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'numresp-nee-types-'));
  sampleDb = join(dir, 'sample.db');
  expect(run(sampleDb, 'inventory', 'sample').status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (db: string, ...args: string[]) => spawnSync(process.execPath, [cli, '--db', db, ...args], { encoding: 'utf8', timeout: 60_000 });

/** Rows of a `;` file whose cells hold no `;` or quote (EquipementPhysique.csv as we write it). */
function table(file: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const names = head.split(';');
  return rows.map((r) => Object.fromEntries(r.split(';').map((v, i) => [names[i], v])));
}

function devices(file: string) {
  const db = openStore(file, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT d.serial, d.type, d.status, s.code site, d.purchase_date purchase, d.model, d.lifetime_years lifetime
           FROM devices d LEFT JOIN sites s ON s.id = d.site_id ORDER BY d.serial`,
      )
      .all() as { serial: string; type: string; model: string | null }[];
  } finally {
    db.close();
  }
}

test('the six types of the ANS referential are written with its exact spelling (accents, case, dashes)', () => {
  const out = join(dir, 'default');
  const r = run(sampleDb, 'export', 'numecoeval', '--out', out, '--json');
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  // From ANS typeEquipement.csv (commit 0197d50): Ordinateur portable, Ordinateur fixe - sans écran, Écran, Serveur rack,
  // Stockage, Commutateur réseau.
  const ans = {
    laptop: 'Ordinateur portable',
    desktop: 'Ordinateur fixe - sans écran',
    monitor: 'Écran',
    server: 'Serveur rack',
    storage: 'Stockage',
    network: 'Commutateur réseau',
  };
  expect(JSON.parse(r.stdout).typeNames).toMatchObject(ans);
  // The rows really carry them: the sample fleet's devices of those types, matched by serial in the store.
  const typeOf = new Map(devices(sampleDb).map((d) => [d.serial, d.type]));
  const written = table(join(out, 'EquipementPhysique.csv'));
  const seen = new Set<string>();
  for (const row of written) {
    const type = typeOf.get(row.nomEquipementPhysique) as keyof typeof ans;
    if (type in ans) {
      expect([type, row.type]).toEqual([type, ans[type]]);
      seen.add(type);
    }
  }
  expect([...seen].sort()).toEqual(['desktop', 'laptop', 'monitor', 'network', 'server']); // the sample has no storage
});

test('typeEquipement.csv: a referential proposal with the header NumEcoEval loads, serveur=true for servers only', () => {
  const out = join(dir, 'default');
  const lines = readFileSync(join(out, 'typeEquipement.csv'), 'utf8').trimEnd().split('\n');
  // ANS's typeEquipement.csv header.
  expect(lines[0]).toBe('type;serveur;commentaire;dureeVieDefaut;refEquipementParDefaut;source');
  expect(lines).toHaveLength(1 + 17); // one row per numresp type
  const row = (name: string) => lines.find((l) => l.startsWith(`${name};`))!.split(';');
  // Laptop: 5 years = ADEME/Arcep 2022 usage.defaultyears of "ordinateurportable"; server: 4 years = median Boavizta
  // "Server" lifetime (src/scoring/factors.ts and its test); storage: no public default, left empty.
  expect(row('Ordinateur portable').slice(0, 2)).toEqual(['Ordinateur portable', '']);
  expect(row('Ordinateur portable')[3]).toBe('5');
  expect(row('Serveur rack')[1]).toBe('true');
  expect(row('Serveur rack')[3]).toBe('4');
  expect(row('Stockage').slice(3)).toEqual(['', '', '']);
  expect(lines.filter((l) => l.split(';')[1] === 'true')).toHaveLength(1);
  expect(lines.slice(1).every((l) => /proposed by numresp/.test(l))).toBe(true);
});

test('export → import with the new names gives the same devices; typeEquipement.csv beside is not read as devices', () => {
  const b = join(dir, 'roundtrip.db');
  const imp = run(b, 'inventory', 'import', join(dir, 'default', 'EquipementPhysique.csv'));
  expect(imp.stderr).toBe('');
  expect(imp.status).toBe(0);
  expect(devices(b)).toEqual(devices(sampleDb));
});

test('names numresp wrote before, and an operator\'s unaccented or upper-case spelling, are read back', () => {
  const sub = join(dir, 'legacy');
  mkdirSync(sub);
  const file = join(sub, 'EquipementPhysique.csv');
  // Shaped as our export wrote it before: modele = the type's name when the device had no model.
  const rows = [
    ['S-1', 'Ordinateur fixe', 'Ordinateur fixe'],
    ['S-2', 'Ecran', 'Ecran'],
    ['S-3', 'PowerEdge R650', 'Serveur'],
    ['S-4', 'Baie de stockage', 'Baie de stockage'],
    ['S-5', 'Equipement réseau', 'Equipement réseau'],
    ['S-6', 'Ecran interactif', 'Ecran interactif'],
    ['S-7', 'P2422H', 'ECRAN'],
    ['S-8', 'Latitude 5520', 'ordinateur portable'],
    ['S-9', 'OptiPlex 7090', 'Ordinateur fixe - sans ecran'],
  ];
  writeFileSync(
    file,
    'nomEquipementPhysique;modele;quantite;type;statut;paysDUtilisation;nomSourceDonnee;nomEntite\n' +
      rows.map(([serial, model, type]) => `${serial};${model};1;${type};in-service;France;numresp;LYC-JM`).join('\n') +
      '\n',
  );
  const db = join(dir, 'legacy.db');
  const imp = run(db, 'inventory', 'import', file);
  expect(imp.stderr).toBe('');
  expect(imp.status).toBe(0);
  expect(devices(db).map((d) => [d.serial, d.type, d.model])).toEqual([
    ['S-1', 'desktop', null],
    ['S-2', 'monitor', null],
    ['S-3', 'server', 'PowerEdge R650'],
    ['S-4', 'storage', null],
    ['S-5', 'network', null],
    ['S-6', 'interactive-display', null],
    ['S-7', 'monitor', 'P2422H'],
    ['S-8', 'laptop', 'Latitude 5520'],
    ['S-9', 'desktop', 'OptiPlex 7090'],
  ]);
});

test('--types renames types for another instance; import --mapping reads them back to the same devices', () => {
  const types = join(dir, 'instance-types.json');
  writeFileSync(types, JSON.stringify({ server: ' Serveur lame ', laptop: 'Terminal', 'thin-client': 'Ordinateur fixe - sans écran' }));
  const out = join(dir, 'renamed');
  const r = run(sampleDb, 'export', 'numecoeval', '--out', out, '--types', types);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const typeOf = new Map(devices(sampleDb).map((d) => [d.serial, d.type]));
  const byType = new Map<string, Set<string>>();
  for (const row of table(join(out, 'EquipementPhysique.csv'))) {
    const t = typeOf.get(row.nomEquipementPhysique)!;
    byType.set(t, (byType.get(t) ?? new Set()).add(row.type));
  }
  expect([...byType.get('server')!]).toEqual(['Serveur lame']); // trimmed
  expect([...byType.get('laptop')!]).toEqual(['Terminal']);
  expect([...byType.get('monitor')!]).toEqual(['Écran']); // not renamed: the default
  // Two numresp types under one instance name share one referential row, serveur stays with the server's name.
  const ref = readFileSync(join(out, 'typeEquipement.csv'), 'utf8').trimEnd().split('\n');
  expect(ref.filter((l) => l.startsWith('Ordinateur fixe - sans écran;'))).toHaveLength(1);
  expect(ref.find((l) => l.startsWith('Ordinateur fixe - sans écran;'))).toMatch(/numresp type desktop \+ thin-client/);
  expect(ref.find((l) => l.startsWith('Serveur lame;'))!.split(';')[1]).toBe('true');

  // Without a mapping: "Serveur lame" holds a word numresp knows (server); "Terminal" (G4IT's name) does not: the
  // laptops are kept, recorded as other with the word, said once with the mapping line that fixes it.
  const plain = join(dir, 'renamed-plain.db');
  const imp0 = run(plain, 'inventory', 'import', join(out, 'EquipementPhysique.csv'));
  expect(imp0.status).toBe(0);
  expect(imp0.stdout + imp0.stderr).toMatch(/\d+ × unknown type "Terminal": recorded as other, the word kept/);
  const count = (rows: { type: string }[], t: string) => rows.filter((d) => d.type === t).length;
  const [src, got] = [devices(sampleDb), devices(plain)];
  expect([count(got, 'server'), count(got, 'other')]).toEqual([count(src, 'server'), count(src, 'other') + count(src, 'laptop')]);

  // With the mapping: the same devices as the store exported, except that a name shared by two types reads as one.
  const mapping = join(dir, 'mapping.json');
  writeFileSync(mapping, JSON.stringify({ types: { 'Serveur lame': 'server', Terminal: 'laptop' } }));
  const back = join(dir, 'renamed.db');
  const imp = run(back, 'inventory', 'import', join(out, 'EquipementPhysique.csv'), '--mapping', mapping);
  expect(imp.stderr).toBe('');
  expect(imp.status).toBe(0);
  const expected = devices(sampleDb).map((d) => (d.type === 'thin-client' ? { ...d, type: 'desktop' } : d));
  expect(devices(back)).toEqual(expected);
});

test('--types refuses a bad file in one line naming the key (exit 2), and writes nothing', () => {
  const cases: [string, RegExp][] = [
    ['{"serveur": "Serveur rack"}', /^numresp: --types \S+: serveur: not a numresp type; valid: laptop, desktop, thin-client, monitor, server, .*, other\n$/],
    ['{"server": "  "}', /^numresp: --types \S+: server: empty name; give the type name of your NumEcoEval referential\n$/],
    ['{"server": "=HYPERLINK(1)"}', /^numresp: --types \S+: server: starts like a spreadsheet formula/],
    ['{"server": "Serveur\\nrack"}', /^numresp: --types \S+: server: contains a line break/],
    ['{"server": 3}', /^numresp: --types \S+: server: /],
    ['["server"]', /^numresp: --types \S+: \(top level\): /],
    ['{"server": ', /^numresp: --types \S+ is not JSON: /],
  ];
  cases.forEach(([json, message], i) => {
    const file = join(dir, `bad-types-${i}.json`);
    writeFileSync(file, json);
    const out = join(dir, `bad-out-${i}`);
    const r = run(sampleDb, 'export', 'numecoeval', '--out', out, '--types', file);
    expect([r.status, r.stderr]).toEqual([2, expect.stringMatching(message)]);
    expect(r.stdout).toBe('');
    expect(() => readFileSync(join(out, 'EquipementPhysique.csv'))).toThrow();
  });
  const missing = run(sampleDb, 'export', 'numecoeval', '--out', join(dir, 'x'), '--types', join(dir, 'none.json'));
  expect([missing.status, missing.stderr]).toEqual([2, expect.stringMatching(/cannot read --types file .*none\.json: ENOENT/)]);
});
