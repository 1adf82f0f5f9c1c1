import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/database.js';
import { computeEcoIndex } from '../../src/scoring/ecoindex.js';
import { fleetSummary } from '../../src/inventory/summary.js';
import { UserError } from '../../src/model/errors.js';
import { seedPage, seedRun, seedSite } from '../insights/seed.js';
import { numresp } from '../reports/cli.js';

// `numresp export opendata` on a store holding web measurements, practice assessments and an inventory that carries
// serial numbers, device names and people. Every CSV is checked against its Table Schema by the validator below,
// written here from the Table Schema and CSV Dialect specs (not from our writer).

let work: string;
let dbFile: string;
const PAGES = [
  { site: 'WEB-A', url: 'https://a.example/', dom: 100, requests: 20, sizeKb: 300, at: '2026-01-10T09:00:00.123Z', run: 1 },
  { site: 'WEB-A', url: 'https://a.example/contact', dom: 800, requests: 90, sizeKb: 2500, at: '2026-01-10T09:01:00.000Z', run: 1 },
  { site: 'WEB-A', url: 'https://a.example/', dom: 90, requests: 18, sizeKb: 250, at: '2026-03-10T09:00:00.000Z', run: 2 },
  { site: 'WEB-B', url: 'https://b.example/démarches?x=1,2', dom: 400, requests: 50, sizeKb: 1200, at: '2026-03-10T10:00:00.000Z', run: 2 },
];
// Inventory with the people and identifiers that must never be published.
const INVENTORY = [
  'site,type,manufacturer,model,serial,purchase_date,status,lifetime_years,name',
  'LYC-1,laptop,Dell,Latitude 5420,SN-SECRET-0001,2025-06-01,in-service,5,PORT-JDUPONT',
  'LYC-1,laptop,Dell,Latitude 5420,SN-SECRET-0002,2022-01-15,in-service,5,PORT-MCURIE',
  'LYC-1,laptop,Dell,Latitude 5420,SN-SECRET-0003,2017-01-15,in-stock,5,PORT-OLD',
  'LYC-1,desktop,HP,EliteDesk 800,SN-SECRET-0004,2016-09-15,d3e,6,PC-ADELINE',
  'LYC-1,monitor,Dell,P2419H,SN-SECRET-0005,,in-service,,ECRAN-X',
  'LYC-2,desktop,HP,EliteDesk 800,SN-SECRET-0006,2021-02-01,redeployed,6,PC-2',
].join('\n');
const SECRETS = ['SN-SECRET', 'JDUPONT', 'MCURIE', 'ADELINE', 'ECRAN-X', 'Marie Curie', 'marie.curie', 'Titre secret'];

async function exportTo(dir: string, ...extra: string[]) {
  return numresp('export', 'opendata', '--out', dir, '--db', dbFile, ...extra);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'numresp-opendata-'));
  dbFile = join(work, 'store.db');
  const db = openStore(dbFile);
  const sites = { 'WEB-A': seedSite(db, 'WEB-A', 'web', 'Portail, "A"'), 'WEB-B': seedSite(db, 'WEB-B', 'web', '=cmd|calc') };
  const runs = [seedRun(db, { label: 'Campagne janvier', startedAt: '2026-01-10T08:00:00.000Z' }), seedRun(db, { label: 'Campagne mars', startedAt: '2026-03-10T08:00:00.000Z' })];
  for (const p of PAGES) {
    seedPage(db, { runId: runs[p.run - 1], siteId: sites[p.site as 'WEB-A'], url: p.url, at: p.at, dom: p.dom, requests: p.requests, sizeKb: p.sizeKb, title: 'Titre secret' });
  }
  db.close();
  writeFileSync(join(work, 'inventory.csv'), INVENTORY);
  await numresp('sites', 'add', 'LYC-1', '--kind', 'lycee', '--name', 'Lycée Jean Moulin', '--db', dbFile);
  await numresp('sites', 'add', 'LYC-2', '--kind', 'lycee', '--db', dbFile);
  await numresp('inventory', 'import', join(work, 'inventory.csv'), '--db', dbFile);
  await numresp('practices', 'set', 'WEB-A', '46', '--status', 'compliant', '--evidence', 'vu par marie.curie@region.fr',
    '--author', 'Marie Curie', '--date', '2026-02-01T10:00:00Z', '--db', dbFile);
  await numresp('rgesn', 'set', 'WEB-A', '1.3', '--status', 'conforme', '--justification', 'référente : Marie Curie',
    '--author', 'Marie Curie', '--date', '2026-02-02T10:00:00Z', '--db', dbFile);
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

// ---- An independent Table Schema validator -------------------------------------------------------------------------

/** RFC 4180: fields separated by ',', records by CRLF, '"' quotes with '""' inside. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
      else if (c === '"') (quoted = false), i++;
      else (field += c), i++;
    } else if (c === '"' && field === '') (quoted = true), i++;
    else if (c === ',') record.push(field), (field = ''), i++;
    else if (c === '\r' && text[i + 1] === '\n') record.push(field), records.push(record), (record = []), (field = ''), (i += 2);
    else if (c === '\n' || c === '\r') throw new Error(`bare line break at ${i}`);
    else (field += c), i++;
  }
  if (field !== '' || record.length) throw new Error('last record not ended by CRLF');
  return records;
}

interface SchemaField { name: string; type: string; description: string; format?: string; constraints?: { required?: boolean; enum?: string[]; minimum?: number; maximum?: number } }

function checkCell(f: SchemaField, v: string): string | null {
  if (v === '') return f.constraints?.required ? 'required but empty' : null;
  switch (f.type) {
    case 'integer':
      if (!/^-?\d+$/.test(v)) return `not an integer: ${v}`;
      break;
    case 'number':
      if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v)) return `not a number: ${v}`;
      break;
    case 'datetime':
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(v) || Number.isNaN(Date.parse(v))) return `not an ISO 8601 datetime: ${v}`;
      break;
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || new Date(v + 'T00:00:00Z').toISOString().slice(0, 10) !== v) return `not an ISO 8601 date: ${v}`;
      break;
    case 'string':
      if (f.format === 'uri' && !/^https?:\/\/\S+$/.test(v)) return `not a URI: ${v}`;
      break;
    default:
      return `unknown type ${f.type}`;
  }
  const c = f.constraints ?? {};
  if (c.enum && !c.enum.includes(v)) return `${v} not in ${c.enum.join('|')}`;
  if (c.minimum !== undefined && Number(v) < c.minimum) return `${v} < ${c.minimum}`;
  if (c.maximum !== undefined && Number(v) > c.maximum) return `${v} > ${c.maximum}`;
  return null;
}

/** Every resource of the package: UTF-8, header = field names, typed cells, required present, primary key unique. */
function validatePackage(dir: string): Record<string, Array<Record<string, string>>> {
  const pkg = JSON.parse(readFileSync(join(dir, 'datapackage.json'), 'utf8'));
  expect(pkg.profile).toBe('tabular-data-package');
  const out: Record<string, Array<Record<string, string>>> = {};
  for (const r of pkg.resources) {
    expect(r.name).toMatch(/^[a-z0-9._-]+$/);
    expect(r.dialect.delimiter).toBe(',');
    const bytes = readFileSync(join(dir, r.path));
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    const [header, ...records] = parseCsv(text);
    const fields: SchemaField[] = r.schema.fields;
    expect(header).toEqual(fields.map((f) => f.name));
    for (const f of fields) expect(f.description.length).toBeGreaterThan(5);
    const keys = new Set<string>();
    const rows: Array<Record<string, string>> = [];
    records.forEach((rec, n) => {
      expect(rec).toHaveLength(fields.length);
      const errors = fields.map((f, i) => checkCell(f, rec[i])).map((e, i) => e && `${r.name} row ${n + 2} ${fields[i].name}: ${e}`);
      expect(errors.filter(Boolean)).toEqual([]);
      const key = JSON.stringify(r.schema.primaryKey.map((k: string) => rec[header.indexOf(k)]));
      expect(keys.has(key)).toBe(false);
      keys.add(key);
      rows.push(Object.fromEntries(header.map((h, i) => [h, rec[i]])));
    });
    out[r.name] = rows;
  }
  return out;
}

// ---- Tests -----------------------------------------------------------------------------------------------------------

test('every file matches its schema; the package names its licence, sources and method versions', async () => {
  const dir = join(work, 'all');
  await exportTo(dir, '--period', '2026'); // fleet figures as of 2026-12-31
  const pkg = JSON.parse(readFileSync(join(dir, 'datapackage.json'), 'utf8'));
  expect(pkg.licenses).toEqual([expect.objectContaining({ name: 'etalab-2.0', title: 'Licence Ouverte / Open Licence version 2.0' })]);
  expect(pkg.resources.map((r: { name: string }) => r.name)).toEqual(['web-measurements', 'web-sites', 'practices', 'rgesn-criteria', 'rgesn-services', 'fleet']);
  expect(pkg.numresp.methodVersions.ecoindex).toEqual(['ecoindex-5.0']);
  for (const r of pkg.resources) expect(r.sources.length).toBeGreaterThan(0);
  expect(readdirSync(dir).sort()).toEqual(['datapackage.json', 'fleet.csv', 'practices.csv', 'rgesn-criteria.csv', 'rgesn-services.csv', 'web-measurements.csv', 'web-sites.csv']);
  const t = validatePackage(dir);

  // Web measurements: one row per page and campaign, figures from the published EcoIndex method.
  expect(t['web-measurements']).toHaveLength(4);
  for (const [i, p] of PAGES.entries()) {
    const row = t['web-measurements'][i];
    const e = computeEcoIndex(p);
    expect(row).toMatchObject({ url: p.url, site_code: p.site, measured_at: p.at.slice(0, 19) + 'Z', ecoindex_score: String(e.score), ecoindex_grade: e.grade });
    expect(Number(row.ghg_gco2e)).toBeCloseTo(e.ghg, 2);
    expect([row.dom_elements, row.requests, row.size_kb]).toEqual([String(p.dom), String(p.requests), String(p.sizeKb)]);
  }
  // Per site: the latest measurement of each URL (a.example/ from March, contact from January).
  const a = t['web-sites'].find((r) => r.site_code === 'WEB-A')!;
  const latestA = [computeEcoIndex(PAGES[2]).score, computeEcoIndex(PAGES[1]).score];
  expect(Number(a.average_ecoindex_score)).toBeCloseTo((latestA[0] + latestA[1]) / 2, 2);
  expect(a.pages).toBe('2');
  expect(a.site_name).toBe('Portail, "A"');
  // A name that a spreadsheet would run as a formula is neutralised.
  expect(t['web-sites'].find((r) => r.site_code === 'WEB-B')!.site_name).toBe("'=cmd|calc");

  // Practices: 119 per web service, the manual one dated, nobody named.
  expect(t.practices).toHaveLength(2 * 119);
  const p46 = t.practices.filter((r) => r.site_code === 'WEB-A' && r.practice_number_v4 === '0046');
  expect(p46).toEqual([expect.objectContaining({ status: 'compliant', status_source: 'manual', status_date: '2026-02-01T10:00:00Z' })]);

  // RGESN: 78 criteria of the 2024 referential for the one service assessed; 1 met of 78 applicable.
  expect(t['rgesn-criteria']).toHaveLength(78);
  expect(t['rgesn-criteria'].find((r) => r.criterion_id === '1.3')).toMatchObject({ site_code: 'WEB-A', status: 'conforme', status_source: 'auditor', assessed_at: '2026-02-02T10:00:00Z' });
  expect(t['rgesn-services']).toEqual([expect.objectContaining({ site_code: 'WEB-A', criteria_met: '1', criteria_to_assess: '77', score: String(Number((1 / 78).toFixed(4))) })]);

  // Fleet: counted by hand from INVENTORY, as of the period's end (laptops bought 2025-06, 2022-01, 2017-01).
  const fleet = Object.fromEntries(t.fleet.map((r) => [`${r.site_code}/${r.device_type}`, r]));
  expect(Object.keys(fleet).sort()).toEqual(['LYC-1/desktop', 'LYC-1/laptop', 'LYC-1/monitor', 'LYC-2/desktop']);
  expect(fleet['LYC-1/laptop']).toMatchObject({ devices: '3', devices_owned: '3', owned_age_0_1_years: '0', owned_age_1_3_years: '1', owned_age_3_5_years: '1', owned_age_5_7_years: '0', owned_age_7_plus_years: '1', as_of: '2026-12-31' });
  expect(fleet['LYC-1/desktop']).toMatchObject({ devices: '1', devices_owned: '0' }); // sent to D3E
  expect(fleet['LYC-1/monitor']).toMatchObject({ devices_owned: '1', owned_age_unknown: '1' });
  // Footprints are the report's figures (fleetSummary), rounded to the gram.
  const db = openStore(dbFile, { readonly: true });
  try {
    const s = fleetSummary(db, { siteCodes: ['LYC-1'], at: fleet['LYC-1/laptop'].as_of + 'T23:59:59.999Z' });
    const laptops = s.perType.find((x) => x.type === 'laptop')!;
    expect(laptops.annualEmbodiedKg).toBeGreaterThan(0);
    expect(Number(fleet['LYC-1/laptop'].annual_embodied_kgco2e)).toBeCloseTo(laptops.annualEmbodiedKg, 3);
    expect(Number(fleet['LYC-1/laptop'].annual_use_kgco2e)).toBeCloseTo(laptops.annualUseKg, 3);
  } finally {
    db.close();
  }

  // No serial, device name, person, free-text evidence or page title anywhere in the export.
  const all = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  for (const s of SECRETS) expect(all).not.toContain(s);
});

test('the same store gives the same bytes, except the generation date', async () => {
  const one = join(work, 'one');
  const two = join(work, 'two');
  await exportTo(one);
  await new Promise((r) => setTimeout(r, 5));
  await exportTo(two);
  for (const f of readdirSync(one)) {
    const [x, y] = [readFileSync(join(one, f), 'utf8'), readFileSync(join(two, f), 'utf8')];
    if (f !== 'datapackage.json') {
      expect(y).toBe(x);
      continue;
    }
    const [px, py] = [JSON.parse(x), JSON.parse(y)];
    expect(px.created).not.toBe(py.created);
    expect(y.replace(py.created, px.created)).toBe(x);
  }
});

test('--period and --site narrow the measurements; --licence changes the licence', async () => {
  const dir = join(work, 'march');
  await exportTo(dir, '--period', '2026-03', '--site', 'WEB-B', '--licence', 'odbl-1.0');
  const t = validatePackage(dir);
  expect(t['web-measurements'].map((r) => r.url)).toEqual([PAGES[3].url]);
  expect(t['web-sites'].map((r) => r.site_code)).toEqual(['WEB-B']);
  expect(t.fleet).toEqual([]);
  expect(t['rgesn-criteria']).toBeUndefined(); // WEB-B has no RGESN assessment
  const pkg = JSON.parse(readFileSync(join(dir, 'datapackage.json'), 'utf8'));
  expect(pkg.licenses[0].name).toBe('ODbL-1.0');
  expect(pkg.numresp.scope).toEqual({ siteCodes: ['WEB-B'], period: { from: '2026-03-01', to: '2026-03-31' } });
});

test('bad input is one line naming it', async () => {
  await expect(exportTo(join(work, 'x'), '--licence', 'cc-by-nc')).rejects.toThrow(UserError);
  await expect(exportTo(join(work, 'x'), '--licence', 'cc-by-nc')).rejects.toThrow(/--licence "cc-by-nc".*etalab-2\.0 or odbl-1\.0/);
  await expect(exportTo(join(work, 'x'), '--site', 'NOPE')).rejects.toThrow(/--site NOPE: no such site/);
  await expect(exportTo(join(work, 'x'), '--period', '2026-13')).rejects.toThrow(/--period/);
});
