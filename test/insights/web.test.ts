import { openStore, type Db } from '../../src/store/database.js';
import {
  ecoIndexTrend,
  failedMeasurements,
  headlineFigures,
  currentHeadlineFigures,
  pageEcoIndex,
  parsePeriod,
  previousPeriod,
  siteEcoIndex,
  webOverview,
  worstPages,
} from '../../src/insights/index.js';
import { seedFailedPage, seedPage, seedRun, seedSite } from './seed.js';

// Page figures chosen so their EcoIndex is known from the reference vectors:
//   dom 100, requests 100, size 100 KB → score 72 (B); GHG 2 + 2·(50−72)/100 = 1.56 g; water 3 + 3·(50−72)/100 = 2.34 cl
//   dom 0, requests 0, size 0 → score 100 (A); GHG 1 g; water 1.5 cl
let db: Db;
beforeAll(() => {
  db = openStore(':memory:');
  const web1 = seedSite(db, 'WEB1');
  const web2 = seedSite(db, 'WEB2');
  const jan = seedRun(db, { label: 'janvier', startedAt: '2026-01-10T08:00:00Z' });
  const feb = seedRun(db, { label: 'février', startedAt: '2026-02-10T08:00:00Z' });
  seedPage(db, { runId: jan, siteId: web1, url: 'https://a/1', at: '2026-01-10T08:01:00Z', dom: 100, requests: 100, sizeKb: 100 });
  seedPage(db, { runId: jan, siteId: web2, url: 'https://b/1', at: '2026-01-10T08:02:00Z', dom: 100, requests: 100, sizeKb: 100 });
  seedPage(db, { runId: feb, siteId: web1, url: 'https://a/1', at: '2026-02-10T08:01:00Z', dom: 0, requests: 0, sizeKb: 0 });
  seedFailedPage(db, { runId: feb, siteId: web2, url: 'https://b/1', at: '2026-02-10T08:02:00Z', error: 'ERR_CONNECTION_REFUSED' });
});
afterAll(() => db.close());

test('the state of a URL is its latest successful measurement', () => {
  const pages = pageEcoIndex(db);
  expect(pages.map((p) => [p.url, p.score, p.grade])).toEqual([
    ['https://a/1', 100, 'A'],
    ['https://b/1', 72, 'B'],
  ]);
});

test('overview averages the latest measurements: (100 + 72) / 2 = 86 → A', () => {
  const o = webOverview(db);
  expect(o.averageScore).toBe(86);
  expect(o.grade).toBe('A');
  expect(o.urls).toBe(2);
  expect(o.measurements).toBe(3);
  expect(o.campaigns).toBe(2);
  expect(o.failedMeasurements).toBe(1);
  expect(o.gradeDistribution).toEqual({ A: 1, B: 1, C: 0, D: 0, E: 0, F: 0, G: 0 });
  expect(o.averageGhgGrams).toBeCloseTo((1 + 1.56) / 2, 10);
  expect(o.averageWaterCl).toBeCloseTo((1.5 + 2.34) / 2, 10);
});

test('trend has one point per campaign over all its pages', () => {
  const t = ecoIndexTrend(db);
  expect(t.map((p) => [p.runLabel, p.pages, p.averageScore, p.grade])).toEqual([
    ['janvier', 2, 72, 'B'],
    ['février', 1, 100, 'A'],
  ]);
});

test('site filter and period filter narrow every figure', () => {
  expect(siteEcoIndex(db, { siteCodes: ['WEB2'] }).map((s) => [s.siteCode, s.averageScore])).toEqual([['WEB2', 72]]);
  const jan = parsePeriod('2026-01');
  expect(webOverview(db, { period: jan }).averageScore).toBe(72);
  expect(failedMeasurements(db, { period: jan })).toEqual([]);
  const failed = failedMeasurements(db, { period: parsePeriod('2026-02') });
  expect(failed.map((f) => [f.url, f.reason])).toEqual([['https://b/1', 'ERR_CONNECTION_REFUSED']]);
});

test('worst pages come lowest score first', () => {
  expect(worstPages(db, {}, 1).map((p) => p.url)).toEqual(['https://b/1']);
});

test('headline figures carry the change since the compared period', () => {
  const figures = headlineFigures(db, { scope: { period: parsePeriod('2026-02') }, compare: parsePeriod('2026-01') });
  const avg = figures.find((f) => f.id === 'ecoindex.averageScore')!;
  expect([avg.value, avg.previous, avg.delta]).toEqual([100, 72, 28]);
});

test('periods: month and year ends expand, bad input is a one-line user error', () => {
  expect(parsePeriod('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  expect(parsePeriod('2025..2026-03')).toEqual({ from: '2025-01-01', to: '2026-03-31' });
  expect(previousPeriod({ from: '2026-03-01', to: '2026-03-31' })).toEqual({ from: '2026-01-29', to: '2026-02-28' });
  expect(() => parsePeriod('2026-13')).toThrow(/month 13/);
  expect(() => parsePeriod('2026-03..2026-01')).toThrow(/ends before it starts/);
  expect(() => parsePeriod('last year')).toThrow(/not a date/);
});

test('current figures: compliance summed over sites (not a mean of shares), fleet figures in base units', () => {
  const group = (compliant: number, applicable: number) =>
    ({ byStatus: { compliant }, applicable }) as unknown as import('../../src/practices/status.js').CoverageGroup;
  const fleet = {
    deviceCount: 10,
    averageAgeYears: 4.5,
    footprint: { annualEmbodiedKg: 1200, annualUseKg: 300, annualTotalKg: 1500 },
    energy: { estimatedYearlyKwh: 3000 },
  } as unknown as import('../../src/inventory/summary.js').FleetSummary;
  // Service C has no decision yet: it stays out of the mean, (0.5 + 0.25) / 2.
  const rgesn = [
    { code: 'A', score: 0.5, at: '2026-03-01T00:00:00.000Z' },
    { code: 'B', score: 0.25, at: '2026-03-02T00:00:00.000Z' },
    { code: 'C', score: 0, at: null },
  ];
  const figures = currentHeadlineFigures({ practiceTotals: [group(1, 3), group(50, 100)], rgesn, fleet });
  // (1 + 50) / (3 + 100), whereas the mean of the shares would be (1/3 + 1/2) / 2.
  expect(figures.find((f) => f.id === 'practices.compliantShare')!.value).toBeCloseTo(51 / 103, 12);
  expect(figures.map((f) => [f.id, f.value, f.previous])).toEqual([
    ['practices.compliantShare', 51 / 103, null],
    ['rgesn.averageScore', 0.375, null],
    ['fleet.devices', 10, null],
    ['fleet.averageAgeYears', 4.5, null],
    ['fleet.embodiedKgPerYear', 1200, null],
    ['fleet.useKgPerYear', 300, null],
    ['fleet.energyKwhPerYear', 3000, null],
  ]);
});
