import { openStore } from '../../src/store/database.js';
import { loadInventorySample } from '../../src/inventory/sample.js';
import { fleetSummary } from '../../src/inventory/summary.js';
import { fleetScenario } from '../../src/inventory/scenario.js';
import { scenarioCsv, scenarioText, summaryCsv, summaryText } from '../../src/inventory/format.js';

describe('summary and scenario renderings on the sample fleet', () => {
  const db = openStore(':memory:');
  const load = loadInventorySample(db);
  const s = fleetSummary(db, { at: '2026-01-01' });
  afterAll(() => db.close());

  test('the sample loads whole and twice changes nothing', () => {
    expect([load.fleet.read, load.fleet.rejected, load.glpi.imported, load.vms]).toEqual([293, 0, 8, 36]);
    const again = loadInventorySample(db);
    expect([again.fleet.imported, again.fleet.updated, again.glpi.updated, again.energy.imported]).toEqual([0, 0, 0, 0]);
  });

  test('CSV totals add up and site lines include VM allocation', () => {
    const lines = summaryCsv(s).trim().split('\r\n').map((l) => l.split(','));
    const total = lines.find((l) => l[0] === 'total')!;
    const types = lines.filter((l) => l[0] === 'type');
    expect(types.reduce((a, l) => a + Number(l[8]), 0)).toBeCloseTo(Number(total[8]), 0);
    const sites = lines.filter((l) => l[0] === 'site');
    // Allocation moves footprint between sites, it neither creates nor loses any.
    expect(sites.reduce((a, l) => a + Number(l[7]), 0)).toBeCloseTo(0, 1);
    expect(summaryText(s)).toContain('Boavizta – environmental-footprint-data, ODbL 1.0');
  });

  test('scenario renderings', () => {
    const r = fleetScenario(db, { extendLifetimeYears: 1, at: '2026-01-01' });
    expect(scenarioText(r)).toContain('keep devices 1 more year\n');
    const csv = scenarioCsv(r).trim().split('\r\n');
    expect(csv[0]).toBe('scope,key,owned,baseline_kg,scenario_kg,delta_kg,delta_share');
    expect(csv.at(-1)!.startsWith('total,all,')).toBe(true);
  });
});
