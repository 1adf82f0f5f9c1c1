/**
 * Index matching the fleet summary's GROUP BY (site, type, status): SQLite walks it in order instead of sorting
 * 100,000 rows into a temporary B-tree on every summary.
 */
export const migration004 = {
  version: 4,
  name: 'device-fleet-index',
  sql: `CREATE INDEX devices_site_type_status ON devices(site_id, type, status);`,
};
