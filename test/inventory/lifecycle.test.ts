import { loadBoavizta } from '../../src/inventory/boavizta.js';
import { annualisedKg, annualUseKg, deviceLifecycle, hostAllocation, yearlyKwhFromReadings } from '../../src/scoring/lifecycle.js';

// Expected figures are computed by hand from the Boavizta CSV rows and the factors in src/scoring/factors.ts.
const boavizta = loadBoavizta();

describe('lifecycle model', () => {
  test('exact Boavizta match: Dell Latitude 5420 = 364 × (1 − 0.122) kg, 21.35 kWh/year', () => {
    const lc = deviceLifecycle({ type: 'laptop', manufacturer: 'Dell Inc.', model: 'Latitude 5420' }, boavizta);
    expect(lc.embodiedSource).toBe('boavizta');
    expect(lc.embodiedKg).toBeCloseTo(319.592, 6);
    expect(lc.kwhSource).toBe('boavizta');
    expect(lc.yearlyKwh).toBeCloseTo(21.35, 6);
    expect(lc.lifetimeYears).toBe(5); // ADEME laptop default: the dataset's own lifetime is not a planned one
    // 319.592 / 5 + 21.35 × 0.098 = 63.9184 + 2.0923
    expect(annualisedKg(lc)).toBeCloseTo(66.0107, 6);
  });

  test('prefix match averages the OptiPlex 7090 variants', () => {
    const lc = deviceLifecycle({ type: 'desktop', manufacturer: 'DELL', model: 'OptiPlex 7090' }, boavizta);
    // (267×0.692 + 382×0.741 + 454×0.533 + 214×0.737) / 4 = 867.526 / 4
    expect(lc.embodiedKg).toBeCloseTo(216.8815, 6);
    expect(lc.yearlyKwh).toBeCloseTo(52.935, 6); // (39.15 + 44.2 + 101.45 + 26.94) / 4
    expect(lc.embodiedMatch).toContain('OptiPlex 7090 Tower');
  });

  test('no match falls back to the ADEME type default and records it', () => {
    const lc = deviceLifecycle({ type: 'laptop', manufacturer: 'Acme', model: 'Nope 1' }, boavizta);
    expect(lc.embodiedSource).toBe('type-default');
    expect(lc.embodiedKg).toBe(182.6);
    expect(lc.yearlyKwh).toBe(18.78);
    // 182.6 / 5 + 18.78 × 0.098 = 36.52 + 1.84044
    expect(annualisedKg(lc)).toBeCloseTo(38.36044, 9);
    const monitor = deviceLifecycle({ type: 'monitor' }, null);
    expect([monitor.embodiedKg, monitor.lifetimeYears]).toEqual([65.9, 6]);
    expect(deviceLifecycle({ type: 'desktop' }, null).embodiedKg).toBe(204.4);
  });

  test('a bare series name does not match every model of the series', () => {
    expect(boavizta.match('Dell', 'Latitude')).toBeNull();
    expect(boavizta.match('Dell', '')).toBeNull();
    expect(boavizta.match(null, 'Latitude 5420')).toBeNull();
  });

  test('device value wins, then readings for energy; planned lifetime wins', () => {
    const lc = deviceLifecycle(
      { type: 'laptop', manufacturer: 'Dell', model: 'Latitude 5420', embodiedKg: 250, lifetimeYears: 8, measuredYearlyKwh: 30, yearlyKwh: 10 },
      boavizta,
    );
    expect([lc.embodiedSource, lc.embodiedKg, lc.lifetimeSource, lc.lifetimeYears, lc.kwhSource, lc.yearlyKwh]).toEqual([
      'device', 250, 'device', 8, 'reading', 30,
    ]);
  });

  test('refurbished devices carry 13 % of the embodied footprint (ADEME 2022)', () => {
    const lc = deviceLifecycle({ type: 'laptop', refurbished: true }, null);
    expect(lc.embodiedKg).toBeCloseTo(182.6 * 0.13, 9);
  });

  test('use phase: kWh × PUE × grid factor', () => {
    // PowerEdge R640: 1760.3 kWh/year at PUE 1.5 on the French grid 0.098
    expect(annualUseKg(1760.3, 0.098, 1.5)).toBeCloseTo(258.7641, 6);
    expect(annualUseKg(100)).toBeCloseTo(9.8, 9);
  });

  test('readings annualise by days covered', () => {
    expect(yearlyKwhFromReadings([{ kwh: 10, days: 73 }, { kwh: 10, days: 73 }])).toBeCloseTo(50, 9);
    expect(yearlyKwhFromReadings([])).toBeNull();
  });

  test('host allocation by vCPUs when all VMs give them, else per VM', () => {
    expect([...hostAllocation([{ servedSiteId: 1, vcpus: 2 }, { servedSiteId: 2, vcpus: 6 }])]).toEqual([[1, 0.25], [2, 0.75]]);
    expect([...hostAllocation([{ servedSiteId: 1, vcpus: 2 }, { servedSiteId: 2, vcpus: null }, { servedSiteId: 2, vcpus: 4 }])]).toEqual([
      [1, 1 / 3],
      [2, 2 / 3],
    ]);
    expect(hostAllocation([]).size).toBe(0);
  });
});
