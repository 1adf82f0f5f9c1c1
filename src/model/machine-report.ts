/**
 * What `inventory collect` records about one machine and what `numresp serve` accepts in a push.
 * Every fact is nullable: a VM or container hides many, and an unknown stays unknown (null), never guessed.
 */
import { z } from 'zod';
import { DEVICE_TYPES, type DeviceType } from './devices.js';

const text = (max = 200) => z.string().max(max).nullable();
const num = z.number().finite().nonnegative().nullable();

export const MachineReportSchema = z
  .object({
    schemaVersion: z.literal(1),
    collectedAt: z.iso.datetime({ offset: true }),
    /** Site the collector was told (the server uses the token's site and refuses a mismatch). */
    site: z.string().max(40).nullable(),
    type: z.enum(DEVICE_TYPES),
    identity: z
      .object({
        manufacturer: text(),
        model: text(),
        serial: text(100),
        uuid: text(100),
        hostname: text(),
        virtual: z.boolean().nullable(),
        chassisType: text(60),
      })
      .strict(),
    cpu: z.object({ brand: text(), cores: num, physicalCores: num }).strict().nullable(),
    memoryGb: num,
    disks: z.array(z.object({ type: text(40), sizeGb: num, name: text() }).strict()).max(64),
    gpus: z.array(z.object({ vendor: text(), model: text() }).strict()).max(16),
    displays: z.array(z.object({ model: text(), sizeIn: num, resolution: text(40) }).strict()).max(16),
    os: z.object({ platform: text(60), distro: text(), release: text(100) }).strict().nullable(),
    battery: z
      .object({ designedCapacityMwh: num, maxCapacityMwh: num, healthPercent: num, cycleCount: num })
      .strict()
      .nullable(),
    uptimeSeconds: num,
  })
  .strict();
export type MachineReport = z.infer<typeof MachineReportSchema>;

/**
 * SMBIOS chassis type names (DMTF DSP0134 §7.4.1, as systeminformation reports them) → device type.
 * Anything else, or no chassis at all (VMs, containers), is 'other' unless a battery says laptop.
 */
const CHASSIS: Record<string, DeviceType> = {
  desktop: 'desktop',
  'low profile desktop': 'desktop',
  'pizza box': 'desktop',
  'mini tower': 'desktop',
  tower: 'desktop',
  'space-saving': 'desktop',
  'all in one': 'desktop',
  'lunch box': 'desktop',
  'mini pc': 'desktop',
  'stick pc': 'desktop',
  portable: 'laptop',
  laptop: 'laptop',
  notebook: 'laptop',
  'hand held': 'tablet',
  'sub notebook': 'laptop',
  convertible: 'laptop',
  detachable: 'laptop',
  tablet: 'tablet',
  'main server chassis': 'server',
  'rack mount chassis': 'server',
  'multi-system chassis': 'server',
  blade: 'server',
  'blade enclosure': 'server',
};

export function chassisToType(chassisType: string | null, virtual: boolean | null): DeviceType {
  if (virtual) return 'other';
  return (chassisType && CHASSIS[chassisType.trim().toLowerCase()]) || 'other';
}
