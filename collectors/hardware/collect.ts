/**
 * Inventories the machine it runs on with systeminformation. Each probe runs on its own with a time limit;
 * a probe that fails, hangs or returns placeholders leaves its facts null (VMs and containers hide many).
 */
import si from 'systeminformation';
import { chassisToType, type MachineReport } from '../../src/model/machine-report.js';
import { known, knownNumber } from './machine.js';

/** The probes, injectable so tests can play a VM, a laptop or a failing firmware. */
export interface Probes {
  system: () => Promise<{ manufacturer?: string; model?: string; serial?: string; uuid?: string; virtual?: boolean }>;
  chassis: () => Promise<{ type?: string }>;
  uuid: () => Promise<{ hardware?: string; os?: string }>;
  cpu: () => Promise<{ manufacturer?: string; brand?: string; cores?: number; physicalCores?: number }>;
  mem: () => Promise<{ total?: number }>;
  diskLayout: () => Promise<{ type?: string; size?: number; name?: string }[]>;
  graphics: () => Promise<{ controllers?: { vendor?: string; model?: string }[]; displays?: { model?: string; sizeX?: number | null; sizeY?: number | null; currentResX?: number | null; currentResY?: number | null }[] }>;
  osInfo: () => Promise<{ platform?: string; distro?: string; release?: string; hostname?: string }>;
  battery: () => Promise<{ hasBattery?: boolean; designedCapacity?: number; maxCapacity?: number; capacityUnit?: string; cycleCount?: number }>;
  time: () => { uptime?: number };
}

export const systemProbes: Probes = {
  system: () => si.system(),
  chassis: () => si.chassis(),
  uuid: () => si.uuid(),
  cpu: () => si.cpu(),
  mem: () => si.mem(),
  diskLayout: () => si.diskLayout(),
  graphics: () => si.graphics(),
  osInfo: () => si.osInfo(),
  battery: () => si.battery(),
  time: () => si.time(),
};

async function attempt<T>(probe: () => Promise<T> | T, timeoutMs: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve().then(probe),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), timeoutMs);
      }),
    ]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

const GB = 1024 ** 3;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export async function collectMachine(
  options: { site?: string | null; probes?: Probes; timeoutMs?: number; now?: Date } = {},
): Promise<MachineReport> {
  const p = options.probes ?? systemProbes;
  const t = options.timeoutMs ?? 15_000;
  const [system, chassis, uuid, cpu, mem, disks, graphics, os, battery, time] = await Promise.all([
    attempt(p.system, t),
    attempt(p.chassis, t),
    attempt(p.uuid, t),
    attempt(p.cpu, t),
    attempt(p.mem, t),
    attempt(p.diskLayout, t),
    attempt(p.graphics, t),
    attempt(p.osInfo, t),
    attempt(p.battery, t),
    attempt(p.time, t),
  ]);
  const virtual = typeof system?.virtual === 'boolean' ? system.virtual : null;
  const chassisType = known(chassis?.type);
  // Only the SMBIOS chassis decides the type: a battery could be a UPS, so it is not taken as a hint.
  const type = chassisToType(chassisType, virtual);

  const designed = knownNumber(battery?.designedCapacity);
  const max = knownNumber(battery?.maxCapacity);
  const mwh = (v: number | null) => (v === null ? null : battery?.capacityUnit === 'Wh' ? v * 1000 : v);
  return {
    schemaVersion: 1,
    collectedAt: (options.now ?? new Date()).toISOString(),
    site: options.site ?? null,
    type,
    identity: {
      manufacturer: known(system?.manufacturer),
      model: known(system?.model),
      serial: known(system?.serial),
      uuid: known(system?.uuid) ?? known(uuid?.hardware),
      hostname: known(os?.hostname),
      virtual,
      chassisType,
    },
    cpu: cpu
      ? { brand: known([cpu.manufacturer, cpu.brand].filter(Boolean).join(' ')), cores: knownNumber(cpu.cores), physicalCores: knownNumber(cpu.physicalCores) }
      : null,
    memoryGb: knownNumber(mem?.total) === null ? null : round(mem!.total! / GB),
    disks: (disks ?? []).slice(0, 64).map((d) => ({ type: known(d.type), sizeGb: knownNumber(d.size) === null ? null : round(d.size! / 1e9, 1), name: known(d.name) })),
    gpus: (graphics?.controllers ?? []).slice(0, 16).map((g) => ({ vendor: known(g.vendor), model: known(g.model) })),
    displays: (graphics?.displays ?? []).slice(0, 16).map((d) => ({
      model: known(d.model),
      // sizeX/sizeY are in cm when the EDID gives them: diagonal ÷ 2.54 for inches.
      sizeIn: knownNumber(d.sizeX) && knownNumber(d.sizeY) ? round(Math.hypot(d.sizeX!, d.sizeY!) / 2.54, 1) : null,
      resolution: knownNumber(d.currentResX) && knownNumber(d.currentResY) ? `${d.currentResX}x${d.currentResY}` : null,
    })),
    os: os ? { platform: known(os.platform), distro: known(os.distro), release: known(os.release) } : null,
    battery:
      battery?.hasBattery === true
        ? {
            designedCapacityMwh: mwh(designed),
            maxCapacityMwh: mwh(max),
            healthPercent: designed && max ? round((max / designed) * 100, 1) : null,
            cycleCount: knownNumber(battery.cycleCount),
          }
        : null,
    uptimeSeconds: knownNumber(time?.uptime),
  };
}
