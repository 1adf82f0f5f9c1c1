import type { Db } from '../database.js';
import { annualEmbodiedKg } from '../../scoring/lifecycle.js';

/**
 * The annualised embodied figure per device, written with the other lc_* columns by the tested lifecycle function
 * (src/scoring/lifecycle.ts annualEmbodiedKg) so that no query divides by a lifetime again. The use phase stays in
 * kWh (lc_yearly_kwh): its kgCO2e depend on the grid factor and the site's PUE of the year asked, applied at read
 * time by annualUseKg.
 * History indexes: status of a device on a past date (latest change at or before it) and "is there any change after
 * this date" in one index seek.
 */
export const migration006 = {
  version: 6,
  name: 'device-annual-figures',
  sql: `
ALTER TABLE devices ADD COLUMN lc_annual_embodied_kg REAL;
CREATE INDEX device_status_history_at ON device_status_history(device_id, changed_at);
CREATE INDEX device_status_history_changed ON device_status_history(changed_at);
`,
  /** Back-fill with the same function the writers use (not a SQL division). */
  backfill(db: Db): void {
    const rows = db.prepare('SELECT id, lc_embodied_kg e, lc_lifetime_years l FROM devices WHERE lc_embodied_kg IS NOT NULL AND lc_lifetime_years > 0').all() as { id: number; e: number; l: number }[];
    const update = db.prepare('UPDATE devices SET lc_annual_embodied_kg = ? WHERE id = ?');
    for (const r of rows) update.run(annualEmbodiedKg(r.e, r.l), r.id);
  },
};
