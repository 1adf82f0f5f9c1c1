/**
 * Per-device lifecycle figures, computed at import/upsert (src/inventory/lifecycle-store.ts) so that a fleet summary
 * over 100,000 devices is a few aggregate queries. The electricity factor and PUE are applied at read time, since
 * they are configurable and change per year.
 */
export const migration002 = {
  version: 2,
  name: 'device-lifecycle',
  sql: `
ALTER TABLE devices ADD COLUMN lc_embodied_kg REAL;
ALTER TABLE devices ADD COLUMN lc_embodied_source TEXT;
ALTER TABLE devices ADD COLUMN lc_embodied_match TEXT;
ALTER TABLE devices ADD COLUMN lc_lifetime_years REAL;
ALTER TABLE devices ADD COLUMN lc_lifetime_source TEXT;
ALTER TABLE devices ADD COLUMN lc_yearly_kwh REAL;
ALTER TABLE devices ADD COLUMN lc_kwh_source TEXT;
ALTER TABLE devices ADD COLUMN lc_method TEXT;
CREATE INDEX devices_status ON devices(status);
`,
};
