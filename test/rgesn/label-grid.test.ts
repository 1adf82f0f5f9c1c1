import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReport } from '../../reports/build.js';
import { loadLabelAxes } from '../../reports/sections/label.js';
import { recordRgesnAssessment } from '../../src/rgesn/assess.js';
import { type Db, openStore } from '../../src/store/database.js';

let dir: string;
let db: Db;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'numresp-label-grid-'));
  db = openStore(join(dir, 's.db'));
  // 1 conformant of 78 applicable criteria: 1.3 %.
  recordRgesnAssessment(db, { service: 'PORTAIL', criterion: '1.3', status: 'conforme', justification: 'référente', author: 'Alice' });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const labelOf = (grid: '2021' | '2019') => buildReport(db, { lang: 'fr', dbFile: ':memory:', generatedAt: '2026-01-01T00:00:00Z', labelGrid: grid }).sections.find((s) => s.id === 'label')!;

test('the 2021 grid: four themes and the local-authority theme, levels 300 and 500 of 1000, with sources', () => {
  const raw = JSON.parse(readFileSync(new URL('../../reports/label-grid-2021.json', import.meta.url), 'utf8'));
  expect(raw.axes.map((a: { title: { fr: string } }) => a.title.fr)).toEqual([
    'Stratégie et gouvernance',
    'Soutien à la stratégie NR',
    'Cycle de vie des services numériques',
    'Étendre sa démarche NR',
    'Leviers externes des collectivités (thématique sectorielle)',
  ]);
  expect(raw.levels).toEqual([
    { level: 1, minPoints: 300, maxPoints: 1000 },
    { level: 2, minPoints: 500, maxPoints: 1000 },
  ]);
  expect(raw.about.source).toMatch(/channelnews\.fr/);
  expect(raw.about.source).toMatch(/alliancy\.fr/);
  expect(raw.about.criteriaPublic).toBe(false);
  expect(loadLabelAxes('2021').axes).toHaveLength(5);
});

test('report --label-grid 2021 (default) keys the label view on the themes, says the criteria are not public, shows RGESN scores', () => {
  const label = labelOf('2021');
  const table = label.tables.find((t) => t.id === 'label-axes')!;
  expect([...new Set(table.rows.map((r) => r.axis))]).toEqual(loadLabelAxes('2021').axes.map((a) => a.title.fr));
  expect(label.notices.join(' ')).toMatch(/critères détaillés de la grille et leurs points ne sont pas publics/);
  expect(label.intro).toMatch(/niveau 1 à partir de 300 points sur 1 000, niveau 2 à partir de 500/);
  const rgesn = table.rows.find((r) => r.kind === 'rgesn')!;
  expect(rgesn.value).toBe('PORTAIL 1,3 %');
  expect(rgesn.axis).toBe('Cycle de vie des services numériques');
});

test('report --label-grid 2019 keeps the roadmap axes of reports/label-axes.json', () => {
  const label = labelOf('2019');
  const table = label.tables.find((t) => t.id === 'label-axes')!;
  expect([...new Set(table.rows.map((r) => r.axis))]).toEqual(['Stratégie et gouvernance', 'Formation et communication', 'Démarches transversales', 'Démarches centrées usages', 'Démarches centrées organisations']);
  expect(label.notices.join(' ')).not.toMatch(/ne sont pas publics/);
});
