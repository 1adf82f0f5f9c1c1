/**
 * VM declarations (`host_serial,name,serves,vcpus`): the one validated path used by `inventory vm add`,
 * `inventory vm import` and the sample fleet. A bad row is rejected with its line and reason, never skipped silently.
 */
import type { Db } from '../../store/database.js';
import { deviceWithLifecycle, getDeviceBySerial } from '../../store/devices.js';
import { getSiteByCode } from '../../store/sites.js';
import { upsertVm } from '../../store/vms.js';
import { UserError } from '../../model/errors.js';
import { parseTable } from './decode.js';
import { groupRejections, type Rejection, type RejectionGroup } from './devices-import.js';

export interface VmDeclaration {
  hostSerial: string;
  name: string;
  serves?: string;
  vcpus?: number;
}

/** Validates and stores one VM; a UserError says what is wrong with it. */
export function declareVm(db: Db, vm: VmDeclaration): 'inserted' | 'updated' | 'unchanged' {
  // Our NumEcoEval export names a host without serial `uuid:<uuid>`.
  const byUuid = vm.hostSerial.startsWith('uuid:') ? deviceWithLifecycle(db, vm.hostSerial.slice(5)) : undefined;
  const host = byUuid ? { id: byUuid.id as number, type: byUuid.type as string } : getDeviceBySerial(db, vm.hostSerial);
  if (!host) throw new UserError(`unknown host serial ${vm.hostSerial}; import the host first (numresp inventory import)`);
  if (host.type !== 'server') throw new UserError(`device ${vm.hostSerial} is a ${host.type}; VMs run on servers`);
  const site = vm.serves ? getSiteByCode(db, vm.serves) : undefined;
  if (vm.serves && !site) throw new UserError(`unknown site ${vm.serves}; add it with numresp sites add`);
  if (vm.vcpus !== undefined && !(Number.isInteger(vm.vcpus) && vm.vcpus > 0 && vm.vcpus <= 1024)) {
    throw new UserError(`vcpus must be a whole number 1–1024, got ${vm.vcpus}`);
  }
  if (!vm.name.trim() || vm.name.length > 200) throw new UserError('VM name must be 1–200 characters');
  return upsertVm(db, { hostDeviceId: host.id, name: vm.name, servedSiteId: site?.id ?? null, vcpus: vm.vcpus ?? null });
}

export interface VmImportReport {
  read: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejections: Rejection[];
  rejectionGroups: RejectionGroup[];
}

/** Reads a VM declarations CSV and stores the valid rows in one transaction. */
export function importVmDeclarations(db: Db, bytes: Uint8Array, fileLabel: string): VmImportReport {
  const table = parseTable(bytes, fileLabel);
  const col = (n: string) => table.header.findIndex((h) => h.trim().toLowerCase() === n);
  const [h, n, s, v] = ['host_serial', 'name', 'serves', 'vcpus'].map(col);
  if (h < 0 || n < 0) throw new UserError(`${fileLabel}: expected columns host_serial,name,serves,vcpus`);
  const report: VmImportReport = { read: 0, imported: 0, updated: 0, unchanged: 0, rejections: [], rejectionGroups: [] };
  db.transaction(() => {
    for (const { line, cells } of table.rows) {
      if (cells.every((c) => c.trim() === '')) continue;
      report.read++;
      const vcpuCell = v >= 0 ? (cells[v] ?? '').trim() : '';
      try {
        const outcome = declareVm(db, {
          hostSerial: (cells[h] ?? '').trim(),
          name: (cells[n] ?? '').trim(),
          serves: s >= 0 && cells[s]?.trim() ? cells[s].trim() : undefined,
          vcpus: vcpuCell ? Number(vcpuCell) : undefined,
        });
        report[outcome === 'inserted' ? 'imported' : outcome]++;
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        report.rejections.push({ line, reason: err.message });
      }
    }
  })();
  report.rejectionGroups = groupRejections(report.rejections);
  return report;
}
