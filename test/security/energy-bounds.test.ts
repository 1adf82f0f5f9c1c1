/**
 * Issue 16.8 (energy part): `energy import` refuses kWh beyond a physical bound per period (20 kW mean for a device
 * meter, 100 MW for a site meter; docs/security.md) and overlapping periods of one meter.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli, tempDir } from './helpers.js';

describe('energy import bounds', () => {
  test('1e308 kWh, a device above 20 kW mean, and overlapping periods are refused line by line; the rest is stored', async () => {
    const dir = tempDir();
    const file = join(dir, 'store.db');
    expect((await runCli(['sites', 'add', 'LYC-A', '--kind', 'lycee', '--db', file])).status).toBe(0);
    const fleet = join(dir, 'fleet.csv');
    writeFileSync(fleet, 'site,type,serial\nLYC-A,server,SRV-1\n');
    expect((await runCli(['inventory', 'import', fleet, '--db', file])).status).toBe(0);
    const csv = join(dir, 'energy.csv');
    // January is 31 days = 744 h: a device may read at most 20 × 744 = 14,880 kWh; a site 100,000 × 744 = 74,400,000.
    writeFileSync(
      csv,
      [
        'site,device,period_start,period_end,kwh',
        'LYC-A,,2026-01-01,2026-02-01,1e308', // line 2: refused (∞ before)
        'LYC-A,,2026-01-01,2026-02-01,74400000', // line 3: exactly the site bound, stored
        ',SRV-1,2026-01-01,2026-02-01,14881', // line 4: just above the device bound, refused
        ',SRV-1,2026-01-01,2026-02-01,14880', // line 5: at the bound, stored
        ',SRV-1,2026-01-15,2026-02-15,300', // line 6: overlaps line 5's period, refused
        ',SRV-1,2026-02-01,2026-03-01,410', // line 7: touches, does not overlap: stored
        'LYC-A,,2025-12-15,2026-01-10,5000', // line 8: overlaps the site's January, refused
        'LYC-A,,2026-01-01,2026-02-01,52000', // line 9: same period again: an update, not an overlap
      ].join('\n') + '\n',
    );
    const r = await runCli(['energy', 'import', csv, '--json', '--db', file]);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { imported: number; updated: number; rejections: { line: number; reason: string }[] };
    expect(report.rejections.map((x) => x.line)).toEqual([2, 4, 6, 8]);
    expect(report.rejections[0].reason).toMatch(/above the site bound of 100,000 kW/);
    expect(report.rejections[1].reason).toMatch(/above the device bound of 20 kW/);
    expect(report.rejections[2].reason).toMatch(/overlaps the reading 2026-01-01 – 2026-02-01/);
    expect(report.rejections[3].reason).toMatch(/overlaps/);
    expect([report.imported, report.updated]).toEqual([3, 1]);
    const db = new Database(file, { readonly: true });
    const kwh = db.prepare('SELECT kwh FROM energy_readings ORDER BY site_id IS NULL, period_start').pluck().all();
    db.close();
    expect(kwh).toEqual([52000, 14880, 410]);
  }, 60_000);
});
