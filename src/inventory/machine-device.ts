/** A collected machine (collectors/hardware) as a fleet device. */
import type { MachineReport } from '../model/machine-report.js';
import type { DeviceInput } from '../store/devices.js';

export function machineToDevice(m: MachineReport, siteId: number | null, source: string): DeviceInput {
  const sizes = m.disks.map((d) => d.sizeGb).filter((s): s is number => s !== null);
  return {
    siteId,
    type: m.type,
    manufacturer: m.identity.manufacturer,
    model: m.identity.model,
    serial: m.identity.serial,
    uuid: m.identity.uuid,
    name: m.identity.hostname,
    purchaseDate: null,
    warrantyEnd: null,
    // A machine that reports itself is running.
    status: 'in-service',
    lifetimeYears: null,
    refurbished: false,
    cpu: m.cpu?.brand ?? null,
    ramGb: m.memoryGb,
    storageGb: sizes.length ? Math.round(sizes.reduce((a, b) => a + b, 0) * 10) / 10 : null,
    screenIn: m.type === 'laptop' || m.type === 'tablet' ? (m.displays[0]?.sizeIn ?? null) : null,
    embodiedKg: null,
    yearlyKwh: null,
    // Collection time and uptime change on every run: left out so an unchanged machine stays 'unchanged'.
    hardwareJson: JSON.stringify({ ...m, collectedAt: undefined, uptimeSeconds: undefined }),
    source,
  };
}
