import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDashboard, type Dashboard } from '../../dashboard/server.js';
import { numresp } from './cli.js';

// `report --compare` and the dashboard overview compare every headline figure: practices, RGESN score and fleet are
// taken as they stood on the compared period's last day (dated assessments, purchase dates), computed here by hand.
// Store built through the real commands: assessments dated before the compared period's end (2026-03-31), within
// the reported period (2026-04..2026-06) and after it (2026-08-01): the last ones must change neither value nor delta,
// since the value side is taken as of the reported period's end (2026-06-30).

let dir: string;
let db: string;
let dash: Dashboard | undefined;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'numresp-compare-'));
  db = join(dir, 'c.db');
  await numresp('sites', 'add', 'PORTAIL', '--kind', 'web', '--name', 'Portail', '--db', db);
  await numresp('sites', 'add', 'LYC-1', '--kind', 'lycee', '--name', 'Lycée', '--db', db);
  const practice = (id: string, status: string, date: string) =>
    numresp('practices', 'set', 'PORTAIL', id, '--status', status, '--evidence', 'vu', '--author', 'Alice', '--date', date, '--db', db);
  await practice('1', 'compliant', '2026-02-01T10:00:00Z');
  await practice('2', 'non-compliant', '2026-02-01T11:00:00Z');
  await practice('2', 'compliant', '2026-05-01T10:00:00Z');
  await practice('3', 'compliant', '2026-05-01T11:00:00Z');
  await practice('4', 'compliant', '2026-08-01T10:00:00Z'); // after the reported period: not counted
  const rgesn = (criterion: string, status: string, date: string, ...rest: string[]) =>
    numresp('rgesn', 'set', 'PORTAIL', criterion, '--status', status, '--author', 'Alice', '--date', date, '--db', db, ...rest);
  await rgesn('1.1', 'conforme', '2026-02-01T09:00:00Z');
  await rgesn('1.2', 'non-conforme', '2026-02-01T10:00:00Z');
  await rgesn('1.2', 'conforme', '2026-05-01T09:00:00Z');
  await rgesn('9.1', 'non-applicable', '2026-05-01T10:00:00Z', '--justification', 'pas d’IA');
  await rgesn('1.3', 'conforme', '2026-08-01T09:00:00Z'); // after the reported period: not counted
  await rgesn('2.1', 'non-applicable', '2026-08-01T10:00:00Z', '--justification', 'hors périmètre'); // idem
  const csv = join(dir, 'inventory.csv');
  writeFileSync(
    csv,
    'site,type,manufacturer,model,serial,purchase_date,status,lifetime_years,embodied_kg,yearly_kwh,name\n' +
      'LYC-1,laptop,Dell,Latitude 5420,SN-1,2024-01-01,in-service,4,200,20,pc-1\n' +
      'LYC-1,desktop,HP,EliteDesk 800,SN-2,2026-05-15,in-service,5,400,100,pc-2\n',
  );
  await numresp('inventory', 'import', csv, '--db', db);
});
afterAll(async () => {
  await dash?.close();
  rmSync(dir, { recursive: true, force: true });
});

const DAY_MS = 86_400_000;
const days = (a: string, b: string) => (Date.parse(a) - Date.parse(b)) / DAY_MS;
const GRID_KG_PER_KWH = 0.098; // French grid factor of src/scoring/factors.ts (ADEME Base Empreinte)
// v5 catalogue: 119 practices, none not-applicable here, so 119 applicable. Value as of 2026-06-30: practices 1, 2, 3
// compliant (practice 4, compliant on 2026-08-01, would make it 4/119).
const expected = {
  'practices.compliantShare': { value: 3 / 119, previous: 1 / 119 },
  // 78 criteria; previously 1 conforme of 78 applicable; as of 2026-06-30, 2 conforme of 77 (9.1 non-applicable).
  // (1.3 conforme and 2.1 non-applicable, both of 2026-08-01, would make it 3/76.)
  'rgesn.averageScore': { value: 2 / 77, previous: 1 / 78 },
  'fleet.devices': { value: 2, previous: 1 },
  // Mean age at the day's date: at − mean purchase day, in years of 365.25 days.
  'fleet.averageAgeYears': {
    value: (days('2026-06-30', '2024-01-01') + days('2026-06-30', '2026-05-15')) / 2 / 365.25,
    previous: days('2026-03-31', '2024-01-01') / 365.25,
  },
  // Embodied kg ÷ lifetime years: 200/4 (+ 400/5 once the desktop is bought).
  'fleet.embodiedKgPerYear': { value: 200 / 4 + 400 / 5, previous: 200 / 4 },
  'fleet.useKgPerYear': { value: (20 + 100) * GRID_KG_PER_KWH, previous: 20 * GRID_KG_PER_KWH },
  'fleet.energyKwhPerYear': { value: 120, previous: 20 },
};

test('report --compare: previous value and delta of every headline figure in report.json', async () => {
  const out = join(dir, 'report');
  await numresp('report', '--db', db, '--out', out, '--format', 'json', '--period', '2026-04..2026-06', '--compare', '2026-01..2026-03');
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  const summary = report.sections.find((s: { id: string }) => s.id === 'summary');
  const rows: Array<{ id: string; value: number | null; previous: number | null; delta: number | null }> = summary.tables.find(
    (t: { id: string }) => t.id === 'summary-headline',
  ).rows;
  const row = (id: string) => rows.find((r) => r.id === id)!;
  // The report shows fleet footprints in tonnes and energy in MWh.
  const reportId: Record<string, [string, number]> = {
    'fleet.embodiedKgPerYear': ['fleet.embodiedTonnesPerYear', 1000],
    'fleet.useKgPerYear': ['fleet.useTonnesPerYear', 1000],
    'fleet.energyKwhPerYear': ['fleet.energyMwhPerYear', 1000],
  };
  for (const [id, e] of Object.entries(expected)) {
    const [rid, divisor] = reportId[id] ?? [id, 1];
    const r = row(rid);
    expect([rid, r.value]).toEqual([rid, expect.closeTo(e.value / divisor, 9)]);
    expect([rid, r.previous]).toEqual([rid, expect.closeTo(e.previous / divisor, 9)]);
    expect([rid, r.delta]).toEqual([rid, expect.closeTo((e.value - e.previous) / divisor, 9)]);
  }
  // No campaign: web figures have no value, hence no change.
  expect(row('ecoindex.averageScore')).toMatchObject({ value: null, previous: null, delta: null });
});

test('dashboard /api/overview: the same previous values and deltas for the same length of time just before the selected period', async () => {
  dash = await startDashboard({ dbFile: db, port: 0 });
  const res = await fetch(new URL('/api/overview?period=2026-04..2026-06', dash.url));
  expect(res.status).toBe(200);
  const body = await res.json();
  const data = body.data ?? body;
  // The 91 days just before 2026-04-01..2026-06-30 (previousPeriod); figures are taken on its last day.
  expect(data.comparedWith).toBe('2025-12-31..2026-03-31');
  const figures: Array<{ id: string; value: number | null; previous: number | null; delta: number | null }> = data.figures;
  for (const [id, e] of Object.entries(expected)) {
    const f = figures.find((x) => x.id === id)!;
    expect([id, f.value, f.previous, f.delta]).toEqual([id, expect.closeTo(e.value, 9), expect.closeTo(e.previous, 9), expect.closeTo(e.value - e.previous, 9)]);
  }
});
