/** Which stored devices a serial or uuid names, and the operator's act of moving a device to another site. */
import type { Db } from './database.js';

export interface DeviceOwner {
  id: number;
  siteId: number | null;
}

/** Every stored device with this serial or this uuid (zero, one, or two when they name different devices). */
export function devicesWithIdentity(db: Db, serial: string | null, uuid: string | null): DeviceOwner[] {
  return db
    .prepare('SELECT id, site_id siteId FROM devices WHERE (serial IS NOT NULL AND serial = ?) OR (uuid IS NOT NULL AND uuid = ?)')
    .all(serial, uuid) as DeviceOwner[];
}

/** A device by id, serial or uuid, with its site code, for `inventory move`. */
export function findDevice(db: Db, key: string): { id: number; siteId: number | null; siteCode: string | null; status: string } | undefined {
  const byId = /^\d{1,12}$/.test(key) ? 'd.id = ? OR' : '';
  const params = byId ? [Number(key), key, key] : [key, key];
  return db
    .prepare(
      `SELECT d.id, d.site_id siteId, s.code siteCode, d.status FROM devices d LEFT JOIN sites s ON s.id = d.site_id
       WHERE ${byId} d.serial = ? OR d.uuid = ? ORDER BY d.id LIMIT 1`,
    )
    .get(...params) as { id: number; siteId: number | null; siteCode: string | null; status: string } | undefined;
}

/**
 * Moves a device to a site. The status history is left alone: its rows are status changes, and the d3e counts of
 * the report read them as such.
 */
export function moveDevice(db: Db, id: number, siteId: number, at: string): void {
  db.prepare('UPDATE devices SET site_id = ?, updated_at = ? WHERE id = ?').run(siteId, at, id);
}
