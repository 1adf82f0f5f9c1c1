/**
 * Input fingerprint per device (issue 11, re-import speed): a hash of the facts the last upsert was given, with the
 * lifecycle method version and options (src/store/devices.ts, inputFingerprint). Re-importing a row whose
 * fingerprint is stored is `unchanged` without reading the row or recomputing its figures. Any other write to the
 * row (lifecycle recompute, energy readings, a move, a later migration's back-fill) clears it through the trigger, so
 * the next import compares values again. Devices stored before this migration have none: their first re-import
 * compares values, as before, and records it.
 *
 * Also drops devices_site (site_id, type): devices_site_type_status (site_id, type, status) serves every query it
 * served (leftmost prefix) and each index is one more B-tree written per imported device.
 */
export const migration013 = {
  version: 13,
  name: 'device-import-fingerprint',
  sql: `
ALTER TABLE devices ADD COLUMN import_fp TEXT;
CREATE TRIGGER devices_import_fp_stale AFTER UPDATE ON devices
  WHEN OLD.import_fp IS NOT NULL AND NEW.import_fp IS OLD.import_fp
BEGIN
  UPDATE devices SET import_fp = NULL WHERE id = NEW.id;
END;
DROP INDEX IF EXISTS devices_site;`,
};
