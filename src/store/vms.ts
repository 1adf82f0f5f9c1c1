/** Virtual machines on data-centre hosts, and the site each serves (for allocating host impacts). */
import type { Db } from './database.js';

export interface VmInput {
  hostDeviceId: number;
  name: string;
  servedSiteId: number | null;
  vcpus: number | null;
}

/** Creates or updates a VM, keyed by host and name. Returns whether anything changed. */
export function upsertVm(db: Db, vm: VmInput): 'inserted' | 'updated' | 'unchanged' {
  const existing = db
    .prepare('SELECT id, served_site_id servedSiteId, vcpus FROM vms WHERE host_device_id = ? AND name = ?')
    .get(vm.hostDeviceId, vm.name) as { id: number; servedSiteId: number | null; vcpus: number | null } | undefined;
  if (!existing) {
    db.prepare('INSERT INTO vms (host_device_id, name, served_site_id, vcpus) VALUES (?, ?, ?, ?)').run(
      vm.hostDeviceId,
      vm.name,
      vm.servedSiteId,
      vm.vcpus,
    );
    return 'inserted';
  }
  const vcpus = vm.vcpus ?? existing.vcpus;
  if (existing.servedSiteId === vm.servedSiteId && existing.vcpus === vcpus) return 'unchanged';
  db.prepare('UPDATE vms SET served_site_id = ?, vcpus = ? WHERE id = ?').run(vm.servedSiteId, vcpus, existing.id);
  return 'updated';
}

export interface StoredVm {
  hostDeviceId: number;
  name: string;
  servedSiteId: number | null;
  vcpus: number | null;
}

export function listVms(db: Db): StoredVm[] {
  return db
    .prepare('SELECT host_device_id hostDeviceId, name, served_site_id servedSiteId, vcpus FROM vms ORDER BY host_device_id, name')
    .all() as StoredVm[];
}

/** A virtual machine found in an inventory export (recognised by its virtual platform), never a device. */
export interface InventoriedVm {
  name: string;
  platform: string;
  serial: string | null;
  uuid: string | null;
  siteId: number | null;
  /** The host as the export names it, matched to a stored device by serial or name when possible. */
  hostName: string | null;
  vcpus: number | null;
  source: string;
}

/**
 * Creates or updates a VM found by uuid, else serial, else site + name. `hostFound`: false when the VM names a host
 * (serial or name) that no stored device has — the name is kept in host_name.
 */
export function upsertInventoriedVm(db: Db, vm: InventoriedVm): { outcome: 'inserted' | 'updated' | 'unchanged'; hostFound: boolean | null } {
  const host =
    vm.hostName !== null
      ? (db.prepare('SELECT id FROM devices WHERE serial = ? OR name = ? ORDER BY serial = ? DESC LIMIT 1').get(vm.hostName, vm.hostName, vm.hostName) as
          | { id: number }
          | undefined)
      : undefined;
  // Without serial or uuid, a VM is its name on its host ((host_device_id, name) is unique), else on its site.
  const existing = (
    (vm.uuid !== null ? db.prepare('SELECT * FROM vms WHERE uuid = ?').get(vm.uuid) : undefined) ??
    (vm.serial !== null ? db.prepare('SELECT * FROM vms WHERE serial = ?').get(vm.serial) : undefined) ??
    (host !== undefined
      ? db.prepare('SELECT * FROM vms WHERE host_device_id = ? AND name = ?').get(host.id, vm.name)
      : db.prepare('SELECT * FROM vms WHERE host_device_id IS NULL AND site_id IS ? AND name = ? AND serial IS NULL AND uuid IS NULL').get(vm.siteId, vm.name))
  ) as Record<string, unknown> | undefined;
  const hostFound = vm.hostName !== null ? host !== undefined : null;
  const row = {
    name: vm.name,
    platform: vm.platform,
    serial: vm.serial,
    uuid: vm.uuid,
    site_id: vm.siteId,
    host_name: vm.hostName,
    host_device_id: host?.id ?? (existing?.host_device_id as number | null | undefined) ?? null,
    vcpus: vm.vcpus ?? (existing?.vcpus as number | null | undefined) ?? null,
    source: vm.source,
  };
  if (!existing) {
    db.prepare(
      `INSERT INTO vms (name, platform, serial, uuid, site_id, host_name, host_device_id, vcpus, source)
       VALUES (@name, @platform, @serial, @uuid, @site_id, @host_name, @host_device_id, @vcpus, @source)`,
    ).run(row);
    return { outcome: 'inserted', hostFound };
  }
  const same = (Object.keys(row) as (keyof typeof row)[]).every((k) => k === 'source' || (existing[k] ?? null) === (row[k] ?? null));
  if (same) return { outcome: 'unchanged', hostFound };
  db.prepare(
    `UPDATE vms SET name = @name, platform = @platform, serial = @serial, uuid = @uuid, site_id = @site_id, host_name = @host_name,
            host_device_id = @host_device_id, vcpus = @vcpus, source = @source WHERE id = @id`,
  ).run({ ...row, id: existing.id });
  return { outcome: 'updated', hostFound };
}
