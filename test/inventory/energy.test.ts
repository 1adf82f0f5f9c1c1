import { openStore } from '../../src/store/database.js';
import { upsertSite } from '../../src/store/sites.js';
import { getDeviceBySerial } from '../../src/store/devices.js';
import { importDevices } from '../../src/inventory/import/devices-import.js';
import { importEnergy } from '../../src/inventory/import/energy-import.js';
import { fleetSummary } from '../../src/inventory/summary.js';

describe('energy import', () => {
  test('device readings replace the estimate; site readings compare with it; re-import is idempotent', () => {
    const db = openStore(':memory:');
    upsertSite(db, { code: 'LJM', name: 'Lycée Jean Moulin', kind: 'lycee' });
    importDevices(db, Buffer.from('site,type,manufacturer,model,serial,purchase_date,status,lifetime_years,name,uuid\nLJM,desktop,Dell,OptiPlex 7090,E1,2022-01-01,in-service,,,\n'), {
      fileLabel: 'd.csv',
      at: '2026-01-01T00:00:00Z',
    });
    const csv = [
      'site;device;period_start;period_end;kwh;source',
      ';E1;01/01/2025;01/07/2025;30,5;PDU',
      ';E1;2025-07-01;2026-01-01;30;PDU',
      'LJM;;2025-01-01;2026-01-01;12000;compteur Enedis',
      'LJM;;2025-03-01;2025-02-01;10;',
      ';NOPE;2025-01-01;2025-02-01;10;',
      'LJM;;2025-01-01;2025-02-01;-4;',
    ].join('\n');
    const r = importEnergy(db, Buffer.from(csv), 'energy.csv');
    expect([r.read, r.imported, r.rejected, r.devicesRecomputed]).toEqual([6, 3, 3, 1]);
    expect(r.rejections.map((x) => x.reason)).toEqual([
      expect.stringMatching(/not after its start/),
      expect.stringMatching(/unknown device serial "NOPE"/),
      expect.stringMatching(/kwh "-4"/),
    ]);
    // 60.5 kWh over 365 days → 60.5 kWh/year
    const lc = db.prepare('SELECT lc_yearly_kwh k, lc_kwh_source s FROM devices WHERE serial = ?').get('E1') as { k: number; s: string };
    expect(lc.s).toBe('reading');
    expect(lc.k).toBeCloseTo(60.5, 9);
    const again = importEnergy(db, Buffer.from(csv), 'energy.csv');
    expect([again.imported, again.unchanged, again.devicesRecomputed]).toEqual([0, 3, 0]);
    // "As of 2025-12-31" is the end of that day: the 365 days of 2025, which the readings cover whole.
    const s = fleetSummary(db, { at: '2025-12-31' });
    expect(s.energy.measuredSiteKwh12Months).toBeCloseTo(12000, 6);
    expect(s.energy.estimatedKwhForMeteredSites).toBeCloseTo(60.5, 9);
    expect(s.energy.devicesWithMeasuredKwh).toBe(1);
    // A device re-import keeps the measured kWh.
    importDevices(db, Buffer.from('site,type,manufacturer,model,serial,purchase_date,status,lifetime_years,name,uuid\nLJM,desktop,Dell,OptiPlex 7090,E1,2022-01-01,redeployed,,,\n'), { fileLabel: 'd2.csv' });
    expect(getDeviceBySerial(db, 'E1')!.status).toBe('redeployed');
    expect((db.prepare('SELECT lc_kwh_source s FROM devices').get() as { s: string }).s).toBe('reading');
    db.close();
  });
});
