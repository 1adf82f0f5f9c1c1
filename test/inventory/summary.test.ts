import { openStore, type Db } from '../../src/store/database.js';
import { upsertSite, setSitePue } from '../../src/store/sites.js';
import { upsertVm } from '../../src/store/vms.js';
import { upsertReading } from '../../src/store/energy.js';
import { getDeviceBySerial, deviceStatusHistory, type DeviceInput } from '../../src/store/devices.js';
import { saveContext, saveDevice } from '../../src/inventory/save.js';
import { fleetSummary } from '../../src/inventory/summary.js';
import { fleetScenario } from '../../src/inventory/scenario.js';

function device(partial: Partial<DeviceInput> & Pick<DeviceInput, 'type' | 'serial'>): DeviceInput {
  return {
    siteId: null, manufacturer: null, model: null, uuid: null, name: null, purchaseDate: null, warrantyEnd: null,
    status: 'in-service', lifetimeYears: null, refurbished: false, cpu: null, ramGb: null, storageGb: null, screenIn: null,
    embodiedKg: null, yearlyKwh: null, hardwareJson: null, source: 'test', ...partial,
  };
}

describe('fleet summary and scenarios', () => {
  let db: Db;
  beforeAll(() => {
    db = openStore(':memory:');
    const lyc = upsertSite(db, { code: 'LYC-A', name: 'Lycée A', kind: 'lycee' });
    const dc = upsertSite(db, { code: 'DC', name: 'Data centre', kind: 'datacenter' });
    setSitePue(db, dc.id, 2025, 1.5);
    setSitePue(db, dc.id, 2026, 1.4);
    const ctx = saveContext(db, {}, '2026-01-01T00:00:00.000Z');
    db.transaction(() => {
      // Type default laptop, 4 years old, planned lifetime 5: 182.6/5 embodied + 18.78 kWh.
      saveDevice(ctx, device({ type: 'laptop', serial: 'L1', siteId: lyc.id, purchaseDate: '2022-06-30' }));
      // Bought refurbished, 6 years old (past lifetime): 182.6 × 0.13 / 5.
      saveDevice(ctx, device({ type: 'laptop', serial: 'L2', siteId: lyc.id, purchaseDate: '2020-06-30', refurbished: true }));
      // In stock: embodied counts, no use phase.
      saveDevice(ctx, device({ type: 'monitor', serial: 'M1', siteId: lyc.id, status: 'in-stock' }));
      // Sent to D3E: counted, no footprint.
      saveDevice(ctx, device({ type: 'desktop', serial: 'D1', siteId: lyc.id, status: 'd3e' }));
      // PowerEdge R640 in the data centre: 7730 × 0.17 = 1314.1 kg over 4 years (planned), 1760.3 kWh × PUE 1.4.
      saveDevice(ctx, device({ type: 'server', serial: 'S1', siteId: dc.id, manufacturer: 'Dell', model: 'PowerEdge R640', lifetimeYears: 4 }));
    })();
    const host = getDeviceBySerial(db, 'S1')!;
    upsertVm(db, { hostDeviceId: host.id, name: 'vm-lyc', servedSiteId: lyc.id, vcpus: 2 });
    upsertVm(db, { hostDeviceId: host.id, name: 'vm-dc', servedSiteId: dc.id, vcpus: 6 });
    upsertReading(db, { siteId: lyc.id, deviceId: null, periodStart: '2025-01-01T00:00:00Z', periodEnd: '2026-01-01T00:00:00Z', kwh: 1000, source: null });
  });
  afterAll(() => db.close());

  test('counts, ages, shares and footprint match hand computation', () => {
    const s = fleetSummary(db, { at: '2026-06-30' });
    expect(s.deviceCount).toBe(5);
    expect(s.byType).toMatchObject({ laptop: 2, monitor: 1, desktop: 1, server: 1 });
    expect(s.byStatus).toMatchObject({ 'in-service': 3, 'in-stock': 1, d3e: 1 });
    expect(s.d3e.total).toBe(1);
    expect(s.byAge).toMatchObject({ '3-5': 1, '5-7': 1, unknown: 2 });
    // Ages: 4.0 and 6.0 years (julian days / 365.25: 1461/365.25 = 4, 2191/365.25 = 5.9986)
    expect(s.averageAgeYears).toBeCloseTo((1461 + 2191) / 365.25 / 2, 9);
    expect(s.pastLifetimeShare).toBe(0.5);
    expect(s.refurbishedShare).toBe(0.25);
    const embodied = 182.6 / 5 + (182.6 * 0.13) / 5 + 65.9 / 6 + 1314.1 / 4;
    const useKwh = 18.78 * 2 + 1760.3 * 1.4;
    expect(s.footprint.annualEmbodiedKg).toBeCloseTo(embodied, 6);
    expect(s.footprint.annualUseKg).toBeCloseTo(useKwh * 0.098, 6);
    expect(s.energy.estimatedYearlyKwh).toBeCloseTo(useKwh, 6);
    expect(s.embodiedSources).toEqual({ device: 0, boavizta: 1, typeDefault: 4, none: 0 });
  });

  test('host footprint is allocated to served sites by vCPU share', () => {
    const s = fleetSummary(db, { at: '2026-06-30' });
    const hostKg = 1314.1 / 4 + 1760.3 * 1.4 * 0.098;
    const lyc = s.perSite.find((p) => p.code === 'LYC-A')!;
    const dc = s.perSite.find((p) => p.code === 'DC')!;
    expect(dc.pue).toBe(1.4);
    expect([lyc.byType, lyc.byStatus]).toEqual([{ laptop: 2, monitor: 1, desktop: 1 }, { 'in-service': 2, 'in-stock': 1, d3e: 1 }]);
    expect(lyc.allocatedInKg).toBeCloseTo(hostKg * 0.25, 6);
    expect(dc.allocatedOutKg).toBeCloseTo(hostKg * 0.25, 6);
    expect(dc.annualAfterAllocationKg).toBeCloseTo(hostKg * 0.75, 6);
    // Site readings in the 365 days ending with 2026-06-30 (2025-07-01 00:00 → 2026-07-01 00:00): 1000 kWh over
    // 2025 → the overlap 2025-07-01..2025-12-31 is 184 days.
    expect(s.energy.meteredSiteCodes).toEqual(['LYC-A']);
    expect(s.energy.measuredSiteKwh12Months).toBeCloseTo((1000 * 184) / 365, 6);
    // 17.2: the readings cover 184 of the 365 days; the estimate is compared over those days only (two laptops).
    expect(s.energy.coverage).toEqual({ days: 184, windowDays: 365, bySite: [{ code: 'LYC-A', days: 184 }] });
    expect(s.energy.estimatedKwhOnCoveredDays).toBeCloseTo((18.78 * 2 * 184) / 365, 9);
    expect(s.energy.estimatedKwhForMeteredSites).toBeCloseTo(18.78 * 2, 6);
  });

  test('site filter and PUE of an earlier year', () => {
    const s = fleetSummary(db, { siteCodes: ['DC'], at: '2025-12-31' });
    expect(s.deviceCount).toBe(1);
    expect(s.perSite[0].pue).toBe(1.5);
    expect(() => fleetSummary(db, { siteCodes: ['NOPE'] })).toThrow(/unknown site code NOPE/);
  });

  test('extend lifetime by 2 years and buy refurbished', () => {
    const r = fleetScenario(db, { extendLifetimeYears: 2, at: '2026-06-30' });
    const laptops = r.perType.find((t) => t.type === 'laptop')!;
    const base = 182.6 / 5 + (182.6 * 0.13) / 5 + 18.78 * 2 * 0.098;
    const after = 182.6 / 7 + (182.6 * 0.13) / 7 + 18.78 * 2 * 0.098;
    expect(laptops.baselineKg).toBeCloseTo(base, 6);
    expect(laptops.deltaKg).toBeCloseTo(after - base, 6);
    const refurb = fleetScenario(db, { refurbished: true, at: '2026-06-30' });
    const mon = refurb.perType.find((t) => t.type === 'monitor')!;
    expect(mon.deltaKg).toBeCloseTo((65.9 * 0.13) / 6 - 65.9 / 6, 6);
    expect(() => fleetScenario(db, { extendLifetimeYears: -1 })).toThrow(/extend-lifetime/);
  });

  test('re-saving the same device changes nothing; a status change is recorded', () => {
    const ctx = saveContext(db, {}, '2026-02-01T00:00:00.000Z');
    const lyc = fleetSummary(db).perSite.find((p) => p.code === 'LYC-A')!;
    expect(lyc).toBeDefined();
    const l1 = getDeviceBySerial(db, 'L1')!;
    expect(saveDevice(ctx, { ...l1 }).outcome).toBe('unchanged');
    expect(saveDevice(ctx, { ...l1, status: 'redeployed' }).outcome).toBe('updated');
    expect(deviceStatusHistory(db, l1.id).map((h) => h.status)).toEqual(['in-service', 'redeployed']);
    saveDevice(ctx, { ...l1, status: 'in-service' });
  });

  test('energy coverage: overlapping readings count once; the report flags a comparison under 80 %', async () => {
    const { buildReport } = await import('../../reports/build.js');
    const m = openStore(':memory:');
    try {
      const site = upsertSite(m, { code: 'OFF', name: 'Office', kind: 'office' });
      const ctx = saveContext(m, {}, '2025-01-01T00:00:00.000Z');
      saveDevice(ctx, device({ type: 'desktop', serial: 'D1', siteId: site.id }));
      // March (31 days) twice over (a re-read meter) and 1–10 May: 41 covered days of the 365 ending 2025-12-31.
      upsertReading(m, { siteId: site.id, deviceId: null, periodStart: '2025-03-01T00:00:00Z', periodEnd: '2025-04-01T00:00:00Z', kwh: 10, source: 'a' });
      upsertReading(m, { siteId: site.id, deviceId: null, periodStart: '2025-03-10T00:00:00Z', periodEnd: '2025-03-20T00:00:00Z', kwh: 3, source: 'b' });
      upsertReading(m, { siteId: site.id, deviceId: null, periodStart: '2025-05-01T00:00:00Z', periodEnd: '2025-05-11T00:00:00Z', kwh: 2, source: null });
      const s = fleetSummary(m, { at: '2025-12-31' });
      expect(s.energy.coverage.days).toBeCloseTo(41, 9);
      expect(s.energy.coverage.windowDays).toBe(365);
      expect(s.energy.estimatedKwhOnCoveredDays).toBeCloseTo((56.5472 * 41) / 365, 9);
      const r = buildReport(m, { lang: 'fr', dbFile: ':memory:', period: { from: '2025-01-01', to: '2025-12-31' }, generatedAt: '2026-01-01T00:00:00Z' });
      const fleet = r.sections.find((x) => x.id === 'fleet')!;
      expect(fleet.figures.find((f) => f.id === 'fleet.energyMeasured')!.source).toBe('relevés sur 41 j sur 365 (11 %)');
      expect(fleet.notices.some((n) => n.startsWith('Comparaison partielle : les relevés ne couvrent que 41 jours sur 365'))).toBe(true);
    } finally {
      m.close();
    }
  });
});
