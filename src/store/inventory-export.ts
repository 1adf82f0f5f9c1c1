/** Reads for `numresp export numecoeval`: devices, VMs with their host, data centres with their latest PUE. */
import type { Db } from './database.js';
import { GONE_STATUSES, type DeviceStatus, type DeviceType, type SiteKind } from '../model/devices.js';

export interface ExportDevice {
  id: number;
  serial: string | null;
  uuid: string | null;
  type: DeviceType;
  status: DeviceStatus;
  model: string | null;
  purchaseDate: string | null;
  lifetimeYears: number | null;
  yearlyKwh: number | null;
  siteCode: string | null;
  siteKind: SiteKind | null;
  /** For a device gone (d3e, donated, lost): the day its current status was recorded, YYYY-MM-DD; null if unknown. */
  retiredOn: string | null;
}

export function devicesForExport(db: Db): ExportDevice[] {
  return db
    .prepare(
      `SELECT d.id, d.serial, d.uuid, d.type, d.status, d.model, d.purchase_date purchaseDate, d.lifetime_years lifetimeYears,
              d.yearly_kwh yearlyKwh, s.code siteCode, s.kind siteKind,
              CASE WHEN d.status IN (${GONE_STATUSES.map(() => '?').join(', ')}) THEN
                (SELECT substr(h.changed_at, 1, 10) FROM device_status_history h
                  WHERE h.device_id = d.id AND h.status = d.status ORDER BY h.id DESC LIMIT 1) END retiredOn
         FROM devices d LEFT JOIN sites s ON s.id = d.site_id ORDER BY d.id`,
    )
    .all(...GONE_STATUSES) as ExportDevice[];
}

export interface ExportVm {
  name: string;
  hostSerial: string | null;
  hostUuid: string | null;
  vcpus: number | null;
  servedCode: string | null;
  servedKind: SiteKind | null;
  servedName: string | null;
}

export function vmsForExport(db: Db): ExportVm[] {
  return db
    .prepare(
      `SELECT v.name, d.serial hostSerial, d.uuid hostUuid, v.vcpus, s.code servedCode, s.kind servedKind, s.name servedName
         FROM vms v LEFT JOIN devices d ON d.id = v.host_device_id LEFT JOIN sites s ON s.id = v.served_site_id
        ORDER BY v.id`,
    )
    .all() as ExportVm[];
}

export interface ExportDatacentre {
  code: string;
  name: string;
  pue: number | null;
}

/** Data-centre sites with the PUE of their latest recorded year. */
export function datacentresForExport(db: Db): ExportDatacentre[] {
  return db
    .prepare(
      `SELECT s.code, s.name, (SELECT p.pue FROM site_pue p WHERE p.site_id = s.id ORDER BY p.year DESC LIMIT 1) pue
         FROM sites s WHERE s.kind = 'datacenter' ORDER BY s.code`,
    )
    .all() as ExportDatacentre[];
}
