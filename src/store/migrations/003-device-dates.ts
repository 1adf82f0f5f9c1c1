/**
 * Date figures per device, precomputed at write time so the fleet summary compares and adds numbers instead of
 * calling date functions on every row (100,000 devices in ≤ 200 ms):
 *   lc_purchase_jd — julian day of purchase_date (average age = at − mean);
 *   lc_end_date    — purchase_date + lifetime (planned, else type default), YYYY-MM-DD (past lifetime = end < at).
 */
export const migration003 = {
  version: 3,
  name: 'device-dates',
  sql: `
ALTER TABLE devices ADD COLUMN lc_purchase_jd REAL;
ALTER TABLE devices ADD COLUMN lc_end_date TEXT;
UPDATE devices SET lc_purchase_jd = julianday(purchase_date),
                   lc_end_date = date(julianday(purchase_date) + lc_lifetime_years * 365.25)
 WHERE purchase_date IS NOT NULL AND lc_lifetime_years IS NOT NULL;
`,
};
