import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Db } from '../../src/store/database.js';
import { upsertSite } from '../../src/store/sites.js';
import type { DeviceInput } from '../../src/store/devices.js';
import { saveContext, saveDevice } from '../../src/inventory/save.js';
import { fleetSummary, toIsoDate } from '../../src/inventory/summary.js';
import { fleetScenario } from '../../src/inventory/scenario.js';
import { buildReport } from '../../reports/build.js';
import { startDashboard } from '../../dashboard/server.js';
import { numresp } from '../reports/cli.js';

/**
 * 17.1: a figure as of a date D counts the devices owned on D (bought on or before D, not yet disposed of on D
 * according to the status history), their status and age on D; a bare D is the end of that day everywhere.
 * Every expected value below is computed by hand from the five devices.
 */

function device(partial: Partial<DeviceInput> & Pick<DeviceInput, 'type' | 'serial'>): DeviceInput {
  return {
    siteId: null, manufacturer: null, model: null, uuid: null, name: null, purchaseDate: null, warrantyEnd: null,
    status: 'in-service', lifetimeYears: null, refurbished: false, cpu: null, ramGb: null, storageGb: null, screenIn: null,
    embodiedKg: null, yearlyKwh: null, hardwareJson: null, source: 'test', ...partial,
  };
}

function getJson(base: string, path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    request(new URL(path, base), (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    })
      .on('error', reject)
      .end();
  });
}

describe('figures as of a date', () => {
  let dir: string;
  let file: string;
  let db: Db;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'numresp-as-of-'));
    file = join(dir, 'store.db');
    db = openStore(file);
    const site = upsertSite(db, { code: 'LYC-A', name: 'Lycée A', kind: 'lycee' });
    const at = (iso: string) => saveContext(db, {}, iso);
    const s = site.id;
    // A: bought 2020-01-01, in service from 2022, sent to D3E on 2024-06-01.
    saveDevice(at('2022-01-01T09:00:00.000Z'), device({ type: 'laptop', serial: 'A', siteId: s, purchaseDate: '2020-01-01' }));
    saveDevice(at('2024-06-01T09:00:00.000Z'), device({ type: 'laptop', serial: 'A', siteId: s, purchaseDate: '2020-01-01', status: 'd3e' }));
    // B: bought after 2023 — not part of the fleet on 2023-12-31.
    saveDevice(at('2024-03-05T09:00:00.000Z'), device({ type: 'laptop', serial: 'B', siteId: s, purchaseDate: '2024-03-01' }));
    // C: first seen in stock in the evening of 2023-12-31 (that day counts), redeployed in 2024.
    saveDevice(at('2023-12-31T18:00:00.000Z'), device({ type: 'desktop', serial: 'C', siteId: s, purchaseDate: '2021-12-31', status: 'in-stock' }));
    saveDevice(at('2024-01-10T09:00:00.000Z'), device({ type: 'desktop', serial: 'C', siteId: s, purchaseDate: '2021-12-31', status: 'redeployed' }));
    // D: sent to D3E at 20:00 on 2023-12-31: disposed of on that day, and one of the D3E of the 12 months.
    saveDevice(at('2022-01-01T09:00:00.000Z'), device({ type: 'monitor', serial: 'D', siteId: s, purchaseDate: '2018-06-30' }));
    saveDevice(at('2023-12-31T20:00:00.000Z'), device({ type: 'monitor', serial: 'D', siteId: s, purchaseDate: '2018-06-30', status: 'd3e' }));
    // E: no purchase date (counted, age unknown).
    saveDevice(at('2022-01-01T09:00:00.000Z'), device({ type: 'desktop', serial: 'E', siteId: s }));
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a bare date is the end of that day', () => {
    expect(toIsoDate('2025-12-31')).toBe('2025-12-31T23:59:59.999Z');
    expect(toIsoDate('2025-12-31T08:00:00Z')).toBe('2025-12-31T08:00:00.000Z');
  });

  test('on 2023-12-31: owned devices, their status and age on that day', () => {
    const s = fleetSummary(db, { at: '2023-12-31' });
    // A, C, D, E exist on that day (B is bought in 2024); D went to D3E that evening.
    expect(s.deviceCount).toBe(4);
    expect(s.byType).toMatchObject({ laptop: 1, desktop: 2, monitor: 1 });
    expect(s.byStatus).toMatchObject({ 'in-service': 2, 'in-stock': 1, redeployed: 0, d3e: 1 });
    // Ages of the owned dated devices: A 2020-01-01 → 2023-12-31 = 1460 days; C 2021-12-31 → 2023-12-31 = 730 days.
    expect(s.averageAgeYears).toBeCloseTo((1460 + 730) / 2 / 365.25, 12);
    expect(s.byAge).toEqual({ '0-1': 0, '1-3': 1, '3-5': 1, '5-7': 0, '7+': 0, unknown: 1 });
    // D3E in [2023-01-01 00:00, 2024-01-01 00:00): D at 20:00 on the 31st.
    expect(s.d3e).toEqual({ total: 1, last12Months: 1 });
    // Owned: A laptop 182.6/5, C and E desktops 204.4/6; powered: A and E (C is in stock).
    expect(s.footprint.annualEmbodiedKg).toBeCloseTo(182.6 / 5 + (2 * 204.4) / 6, 9);
    expect(s.energy.estimatedYearlyKwh).toBeCloseTo(18.78 + 56.5472, 9);
    const x = fleetScenario(db, { at: '2023-12-31', extendLifetimeYears: 2 });
    expect(x.total.owned).toBe(3);
    expect(x.total.scenarioKg - x.total.baselineKg).toBeCloseTo(182.6 / 7 - 182.6 / 5 + 2 * (204.4 / 8 - 204.4 / 6), 9);
  });

  test('on 2024-06-30 the 2024 changes apply; no age is negative at any date', () => {
    const s = fleetSummary(db, { at: '2024-06-30' });
    expect(s.deviceCount).toBe(5);
    expect(s.byStatus).toMatchObject({ 'in-service': 2, 'in-stock': 0, redeployed: 1, d3e: 2 });
    // Owned and dated: B 2024-03-01 → 2024-06-30 = 121 days; C 2021-12-31 → 2024-06-30 = 912 days.
    expect(s.averageAgeYears).toBeCloseTo((121 + 912) / 2 / 365.25, 12);
    // D3E in [2023-07-01, 2024-07-01): D and A.
    expect(s.d3e.last12Months).toBe(2);
    // The day before the oldest purchase: nothing owned yet, no age at all.
    const early = fleetSummary(db, { at: '2018-06-29' });
    expect([early.deviceCount, early.byAge.unknown, early.averageAgeYears]).toEqual([1, 1, null]);
    for (const day of ['2018-06-30', '2020-01-01', '2022-06-15', '2023-12-31', '2024-03-01']) {
      const y = fleetSummary(db, { at: day }).averageAgeYears;
      expect(y === null || y >= 0).toBe(true);
    }
  });

  test('CLI --at, report --period and dashboard period give the same figures for 2023', async () => {
    const cli = JSON.parse((await numresp('inventory', 'summary', '--db', file, '--at', '2023-12-31', '--json')).stdout);
    expect([cli.deviceCount, cli.d3e.last12Months, cli.averageAgeYears]).toEqual([4, 1, (1460 + 730) / 2 / 365.25]);
    const r = buildReport(db, { lang: 'en', dbFile: file, period: { from: '2023-01-01', to: '2023-12-31' }, generatedAt: '2024-01-01T00:00:00Z' });
    const fleet = r.sections.find((x) => x.id === 'fleet')!;
    const fig = (id: string) => fleet.figures.find((f) => f.id === id)!.value;
    expect([fig('fleet.devices'), fig('fleet.d3e12'), fig('fleet.averageAgeYears')]).toEqual([4, 1, cli.averageAgeYears]);
    const dash = await startDashboard({ dbFile: file, port: 0 });
    try {
      const d = (await getJson(dash.url, '/api/fleet?period=2023')) as { deviceCount: number; d3e: { last12Months: number }; averageAgeYears: number };
      expect([d.deviceCount, d.d3e.last12Months, d.averageAgeYears]).toEqual([4, 1, cli.averageAgeYears]);
    } finally {
      await dash.close();
    }
  });
});
