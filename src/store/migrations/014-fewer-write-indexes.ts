/**
 * Two indexes fewer to write per imported device (issue 11, import speed: each secondary index is one more B-tree
 * insert per row, 4–10 % of SQLite's share of an import each in bench/inventory):
 * - devices_status (status): no query filters devices on the status alone; the fleet queries group along
 *   devices_site_type_status (site_id, type, status).
 * - device_status_history_device (device_id, id): device_status_history_at (device_id, changed_at) finds a device's
 *   history as well; the few rows of one device are then sorted by id.
 */
export const migration014 = {
  version: 14,
  name: 'fewer-write-indexes',
  sql: `
DROP INDEX IF EXISTS devices_status;
DROP INDEX IF EXISTS device_status_history_device;`,
};
