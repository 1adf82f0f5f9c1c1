/**
 * Inventory vocabulary of issue 11, which SQLite can only widen by rebuilding the tables (a CHECK constraint cannot
 * be altered; https://www.sqlite.org/lang_altertable.html#otheralter, the 12-step procedure, run with foreign keys
 * off and checked with foreign_key_check before commit):
 *   - devices: the new types (video projector, interactive display, UPS, storage, desk phone, docking station,
 *     document camera), status `unknown`, and what the import read or guessed: type_raw / status_raw (the export's
 *     own word), type_note (how the type was inferred), identity_note (why the tool id or name identifies the device),
 *     user_hash (HMAC of the user column, only with --keep-users);
 *   - device_status_history.changed_at may be NULL: a device first seen already disposed has no known change date;
 *   - vms: a VM found in an inventory export may name no host (host_device_id NULL), keeps the platform it was
 *     recognised by, its site, serial and uuid (re-import finds it again);
 *   - sites: kind `college`, the UAI (national school id) and the commune.
 */
import { DEVICE_STATUSES, DEVICE_TYPES, SITE_KINDS, sqlList } from '../../model/devices.js';

export const migration009 = {
  version: 9,
  name: 'inventory-vocabulary',
  foreignKeysOff: true,
  sql: `
CREATE TABLE sites_new (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ${sqlList(SITE_KINDS)}),
  created_at  TEXT NOT NULL,
  uai         TEXT,
  commune     TEXT
);
INSERT INTO sites_new (id, code, name, kind, created_at) SELECT id, code, name, kind, created_at FROM sites;
DROP TABLE sites;
ALTER TABLE sites_new RENAME TO sites;
CREATE UNIQUE INDEX sites_uai ON sites(uai) WHERE uai IS NOT NULL;

CREATE TABLE devices_new (
  id                INTEGER PRIMARY KEY,
  site_id           INTEGER REFERENCES sites(id),
  type              TEXT NOT NULL CHECK (type IN ${sqlList(DEVICE_TYPES)}),
  manufacturer      TEXT,
  model             TEXT,
  serial            TEXT,
  uuid              TEXT,
  name              TEXT,
  purchase_date     TEXT,
  warranty_end      TEXT,
  status            TEXT NOT NULL CHECK (status IN ${sqlList(DEVICE_STATUSES)}),
  lifetime_years    REAL,
  refurbished       INTEGER NOT NULL DEFAULT 0,
  cpu               TEXT,
  ram_gb            REAL,
  storage_gb        REAL,
  screen_in         REAL,
  embodied_kg       REAL,
  yearly_kwh        REAL,
  hardware_json     TEXT,
  source            TEXT NOT NULL,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  lc_embodied_kg REAL, lc_embodied_source TEXT, lc_embodied_match TEXT, lc_lifetime_years REAL,
  lc_lifetime_source TEXT, lc_yearly_kwh REAL, lc_kwh_source TEXT, lc_method TEXT,
  lc_purchase_jd REAL, lc_end_date TEXT, lc_annual_embodied_kg REAL,
  type_raw          TEXT,
  status_raw        TEXT,
  type_note         TEXT,
  identity_note     TEXT,
  user_hash         TEXT
);
INSERT INTO devices_new (id, site_id, type, manufacturer, model, serial, uuid, name, purchase_date, warranty_end, status,
  lifetime_years, refurbished, cpu, ram_gb, storage_gb, screen_in, embodied_kg, yearly_kwh, hardware_json, source,
  created_at, updated_at, lc_embodied_kg, lc_embodied_source, lc_embodied_match, lc_lifetime_years, lc_lifetime_source,
  lc_yearly_kwh, lc_kwh_source, lc_method, lc_purchase_jd, lc_end_date, lc_annual_embodied_kg)
SELECT id, site_id, type, manufacturer, model, serial, uuid, name, purchase_date, warranty_end, status,
  lifetime_years, refurbished, cpu, ram_gb, storage_gb, screen_in, embodied_kg, yearly_kwh, hardware_json, source,
  created_at, updated_at, lc_embodied_kg, lc_embodied_source, lc_embodied_match, lc_lifetime_years, lc_lifetime_source,
  lc_yearly_kwh, lc_kwh_source, lc_method, lc_purchase_jd, lc_end_date, lc_annual_embodied_kg FROM devices;
DROP TABLE devices;
ALTER TABLE devices_new RENAME TO devices;
CREATE UNIQUE INDEX devices_serial ON devices(serial) WHERE serial IS NOT NULL;
CREATE UNIQUE INDEX devices_uuid ON devices(uuid) WHERE uuid IS NOT NULL;
CREATE INDEX devices_site ON devices(site_id, type);
CREATE INDEX devices_status ON devices(status);
CREATE INDEX devices_site_type_status ON devices(site_id, type, status);

CREATE TABLE device_status_history_new (
  id          INTEGER PRIMARY KEY,
  device_id   INTEGER NOT NULL REFERENCES devices(id),
  status      TEXT NOT NULL,
  changed_at  TEXT,
  note        TEXT
);
INSERT INTO device_status_history_new SELECT id, device_id, status, changed_at, note FROM device_status_history;
DROP TABLE device_status_history;
ALTER TABLE device_status_history_new RENAME TO device_status_history;
CREATE INDEX device_status_history_device ON device_status_history(device_id, id);
CREATE INDEX device_status_history_at ON device_status_history(device_id, changed_at);
CREATE INDEX device_status_history_changed ON device_status_history(changed_at);

CREATE TABLE vms_new (
  id              INTEGER PRIMARY KEY,
  host_device_id  INTEGER REFERENCES devices(id),
  name            TEXT NOT NULL,
  served_site_id  INTEGER REFERENCES sites(id),
  vcpus           INTEGER,
  site_id         INTEGER REFERENCES sites(id),
  host_name       TEXT,
  platform        TEXT,
  serial          TEXT,
  uuid            TEXT,
  source          TEXT,
  UNIQUE (host_device_id, name)
);
INSERT INTO vms_new (id, host_device_id, name, served_site_id, vcpus) SELECT id, host_device_id, name, served_site_id, vcpus FROM vms;
DROP TABLE vms;
ALTER TABLE vms_new RENAME TO vms;
CREATE UNIQUE INDEX vms_serial ON vms(serial) WHERE serial IS NOT NULL;
CREATE UNIQUE INDEX vms_uuid ON vms(uuid) WHERE uuid IS NOT NULL;
`,
};
