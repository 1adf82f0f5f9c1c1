import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { TYPE_DEFAULTS } from '../../src/scoring/factors.js';

// The Boavizta-derived defaults in factors.ts are medians of the bundled dataset: recompute them here.
const rows = parse(readFileSync(join(process.cwd(), 'src', 'inventory', 'data', 'boavizta-data-us.csv')), { columns: true, bom: true }) as Record<string, string>[];

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}
const of = (subs: string[] | null) => rows.filter((r) => subs === null || subs.includes(r.subcategory.toLowerCase()));
const embodied = (rs: Record<string, string>[]) => rs.filter((r) => r.gwp_use_ratio !== '').map((r) => Number(r.gwp_total) * (1 - Number(r.gwp_use_ratio)));
const kwh = (rs: Record<string, string>[]) => rs.filter((r) => r.yearly_tec !== '').map((r) => Number(r.yearly_tec));
const life = (rs: Record<string, string>[]) => rs.filter((r) => r.lifetime !== '').map((r) => Number(r.lifetime));

describe('type defaults', () => {
  test('the dataset copy is the documented one (1,226 rows)', () => {
    expect(rows).toHaveLength(1226);
  });

  test.each([
    ['thin-client', ['thin client']],
    ['server', ['server']],
    ['printer', ['printer']],
    ['network', ['network']],
    ['other', null],
  ] as const)('%s: embodied, lifetime and kWh are Boavizta medians', (type, subs) => {
    const rs = of(subs as string[] | null);
    const d = TYPE_DEFAULTS[type];
    expect(d.embodiedKg).toBeCloseTo(median(embodied(rs)), 2);
    expect(d.lifetimeYears).toBe(median(life(rs)));
    expect(d.yearlyKwh).toBeCloseTo(median(kwh(rs)), 4);
  });

  test.each([
    ['laptop', 'laptop'],
    ['desktop', 'desktop'],
    ['monitor', 'monitor'],
    ['tablet', 'tablet'],
    ['smartphone', 'smartphone'],
  ] as const)('%s: yearly kWh is the Boavizta median', (type, sub) => {
    expect(TYPE_DEFAULTS[type].yearlyKwh).toBeCloseTo(median(kwh(of([sub]))), 4);
  });

  test('ADEME figures: construction + assembly/distribution from impactco2 numerique.json', () => {
    expect(TYPE_DEFAULTS.laptop.embodiedKg).toBeCloseTo(170.3 + 12.3, 9);
    expect(TYPE_DEFAULTS.desktop.embodiedKg).toBeCloseTo(202.6 + 1.8, 9);
    expect(TYPE_DEFAULTS.monitor.embodiedKg).toBeCloseTo(64.6 + 1.3, 9);
    expect(TYPE_DEFAULTS.tablet.embodiedKg).toBeCloseTo(56.3 + 3.4, 9);
    expect(TYPE_DEFAULTS.smartphone.embodiedKg).toBeCloseTo(83 + 2.1, 9);
  });
});
