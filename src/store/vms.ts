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
