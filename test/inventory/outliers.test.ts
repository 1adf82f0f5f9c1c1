import { openStore } from '../../src/store/database.js';
import { upsertSite } from '../../src/store/sites.js';
import { importDevices } from '../../src/inventory/import/devices-import.js';
import { embodiedOutliers, weightedMedian } from '../../src/inventory/outliers.js';
import { fleetSummary } from '../../src/inventory/summary.js';
import { summaryText } from '../../src/inventory/format.js';

describe('embodied outliers against the type distribution', () => {
  test('weighted median by hand', () => {
    expect(weightedMedian([[65.9, 10], [392, 1]])).toBe(65.9);
    expect(weightedMedian([[1, 1], [3, 1]])).toBe(2);
    expect(weightedMedian([[5, 1], [1, 2], [9, 1]])).toBe(3); // 1,1,5,9 → (1+5)/2
  });

  test('a 392 kg monitor beside ten at the 65.9 kg default is flagged in inventory summary, with its source', () => {
    const db = openStore(':memory:');
    upsertSite(db, { code: 'LJM', name: 'Lycée Jean Moulin', kind: 'lycee' });
    const rows = Array.from({ length: 10 }, (_, i) => `LJM,monitor,Acme,M${i},MON-${i},,`);
    rows.push('LJM,monitor,Acme,Big 43,MON-BIG,392,');
    rows.push('LJM,laptop,Acme,L1,LAP-1,,');
    importDevices(db, Buffer.from('site,type,manufacturer,model,serial,embodied_kg,status\n' + rows.join('\n')), { fileLabel: 'o.csv', at: '2026-01-15T00:00:00Z' });
    const s = fleetSummary(db, { at: '2026-01-15' });
    // 392 / 65.9 = 5.95 > 3; the ten defaults equal both references (ratio 1); the lone laptop is its own median.
    expect(s.embodiedOutliers).toEqual([
      { type: 'monitor', embodiedKg: 392, source: 'device', match: null, devices: 1, typeMedianKg: 65.9, typeDefaultKg: 65.9, ratio: 392 / 65.9 },
    ]);
    expect(summaryText(s)).toMatch(/monitor: 392 kgCO2e on 1 device\(s\) vs median 66, default 66 — device/);
    expect(embodiedOutliers([{ type: 'network', embodiedKg: 19, source: 'type-default', match: null, devices: 4 }])).toEqual([]);
  });
});
