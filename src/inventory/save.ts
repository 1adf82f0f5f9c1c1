/**
 * Saves devices with their lifecycle figures: the one path used by imports, pushes and the collector,
 * so every stored device carries figures from the same model version.
 */
import type { Db } from '../store/database.js';
import { cleanIdentifier } from '../model/text.js';
import { nowIso } from '../store/database.js';
import { DeviceWriter, iterateDevicesForLifecycle, updateDeviceLifecycle, type DeviceInput, type PreparedInsert, type UpsertOutcome } from '../store/devices.js';
import { readingsForDevices } from '../store/energy.js';
import { deviceLifecycle, yearlyKwhFromReadings, type BoaviztaLookup, type DeviceLifecycle, type LifecycleOptions } from '../scoring/lifecycle.js';
import { LIFECYCLE_METHOD_VERSION } from '../scoring/factors.js';
import { loadBoavizta } from './boavizta.js';

/**
 * What saving a device needs besides the store: the lifecycle dataset and options, the fingerprint salt, and memos
 * over the few hundred distinct facts a fleet repeats. Plain data and pure functions: an import builds one in the
 * thread that reads its file (src/inventory/import/devices-import.ts) to compute devices' insert values there.
 */
export interface DevicePreparer {
  boavizta: BoaviztaLookup;
  options: LifecycleOptions;
  /** What the stored figures depend on besides a device's facts (method version, options): salts its fingerprint. */
  salt: string;
  /** Lifecycle figures per distinct set of facts: a fleet repeats a few hundred (type, model, figures) sets. */
  lifecycleMemo: Map<string, DeviceLifecycle>;
}

export interface SaveContext extends DevicePreparer {
  writer: DeviceWriter;
  at: string;
}

export function devicePreparer(options: LifecycleOptions = {}): DevicePreparer {
  // The stored figures depend on the method version and the options beside the device's facts: both salt the
  // input fingerprint, so a re-import under another method or options recomputes every row.
  return { boavizta: loadBoavizta(), options, salt: `${LIFECYCLE_METHOD_VERSION}|${JSON.stringify(options)}`, lifecycleMemo: new Map() };
}

export function saveContext(db: Db, options: LifecycleOptions = {}, at = nowIso()): SaveContext {
  const preparer = devicePreparer(options);
  return { ...preparer, writer: new DeviceWriter(db, preparer.salt), at };
}

/**
 * A device as every ingestion stores it (import, push, collect, sample): names lose control characters, identifiers
 * their surrounding spaces, so " SN1 " and "SN1" are one device and no stored name can drive a terminal.
 */
export function cleanDevice(input: DeviceInput): DeviceInput {
  return {
    ...input,
    manufacturer: cleanIdentifier(input.manufacturer),
    model: cleanIdentifier(input.model),
    serial: cleanIdentifier(input.serial),
    uuid: cleanIdentifier(input.uuid),
    name: cleanIdentifier(input.name),
    cpu: cleanIdentifier(input.cpu),
  };
}

/** The lifecycle figures of a device's facts (deviceLifecycle is a pure function of them, the dataset and options). */
export function lifecycleOf(p: DevicePreparer, merged: DeviceInput, measuredYearlyKwh: number | null): DeviceLifecycle {
  const key = `${merged.type}\u0001${merged.manufacturer}\u0001${merged.model}\u0001${merged.embodiedKg}\u0001${merged.lifetimeYears}\u0001${merged.yearlyKwh}\u0001${measuredYearlyKwh}\u0001${merged.refurbished}`;
  let lc = p.lifecycleMemo.get(key);
  if (!lc) {
    lc = deviceLifecycle(
      {
        type: merged.type,
        manufacturer: merged.manufacturer,
        model: merged.model,
        embodiedKg: merged.embodiedKg,
        lifetimeYears: merged.lifetimeYears,
        yearlyKwh: merged.yearlyKwh,
        measuredYearlyKwh,
        refurbished: merged.refurbished,
      },
      p.boavizta,
      p.options,
    );
    p.lifecycleMemo.set(key, lc);
  }
  return lc;
}

/**
 * Upserts one device (call inside a transaction when saving many). `prepared`: the device is already cleaned
 * (cleanDevice) and its insert values computed with this context's preparer settings.
 */
export function saveDevice(ctx: SaveContext, input: DeviceInput, note: string | null = null, prepared?: PreparedInsert): { id: number; outcome: UpsertOutcome } {
  const device = prepared ? input : cleanDevice(input);
  return ctx.writer.upsert(device, (merged, measured) => lifecycleOf(ctx, merged, measured), ctx.at, note, prepared);
}

/**
 * Recomputes the lifecycle figures of the given devices (all when omitted), using their own readings
 * annualised. Called after an energy import and by `inventory recompute`.
 */
export function recomputeLifecycle(db: Db, ids?: readonly number[], options: LifecycleOptions = {}): number {
  const boavizta = loadBoavizta();
  let n = 0;
  db.transaction(() => {
    const devices = [...iterateDevicesForLifecycle(db, ids)];
    const readings = readingsForDevices(db, devices.map((d) => d.id));
    const byDevice = new Map<number, { kwh: number; days: number }[]>();
    for (const r of readings) {
      const days = (Date.parse(r.periodEnd) - Date.parse(r.periodStart)) / 86_400_000;
      const list = byDevice.get(r.deviceId!) ?? [];
      list.push({ kwh: r.kwh, days });
      byDevice.set(r.deviceId!, list);
    }
    for (const d of devices) {
      const lc = deviceLifecycle(
        { ...d, measuredYearlyKwh: yearlyKwhFromReadings(byDevice.get(d.id) ?? []), refurbished: d.refurbished },
        boavizta,
        options,
      );
      updateDeviceLifecycle(db, d.id, d.purchaseDate, lc);
      n++;
    }
  })();
  return n;
}
