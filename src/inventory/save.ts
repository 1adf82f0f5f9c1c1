/**
 * Saves devices with their lifecycle figures: the one path used by imports, pushes and the collector,
 * so every stored device carries figures from the same model version.
 */
import type { Db } from '../store/database.js';
import { cleanIdentifier } from '../model/text.js';
import { nowIso } from '../store/database.js';
import { DeviceWriter, iterateDevicesForLifecycle, updateDeviceLifecycle, type DeviceInput, type UpsertOutcome } from '../store/devices.js';
import { readingsForDevices } from '../store/energy.js';
import { deviceLifecycle, yearlyKwhFromReadings, type BoaviztaLookup, type DeviceLifecycle, type LifecycleOptions } from '../scoring/lifecycle.js';
import { LIFECYCLE_METHOD_VERSION } from '../scoring/factors.js';
import { loadBoavizta } from './boavizta.js';

export interface SaveContext {
  writer: DeviceWriter;
  boavizta: BoaviztaLookup;
  options: LifecycleOptions;
  at: string;
  /** Lifecycle figures per distinct set of facts: a fleet repeats a few hundred (type, model, figures) sets. */
  lifecycleMemo: Map<string, DeviceLifecycle>;
}

export function saveContext(db: Db, options: LifecycleOptions = {}, at = nowIso()): SaveContext {
  // The stored figures depend on the method version and the options beside the device's facts: both salt the
  // input fingerprint, so a re-import under another method or options recomputes every row.
  const salt = `${LIFECYCLE_METHOD_VERSION}|${JSON.stringify(options)}`;
  return { writer: new DeviceWriter(db, salt), boavizta: loadBoavizta(), options, at, lifecycleMemo: new Map() };
}

/** Upserts one device (call inside a transaction when saving many). */
export function saveDevice(ctx: SaveContext, input: DeviceInput, note: string | null = null): { id: number; outcome: UpsertOutcome } {
  // Every ingestion (import, push, collect, sample) passes here: names lose control characters, identifiers their
  // surrounding spaces, so " SN1 " and "SN1" are one device and no stored name can drive a terminal.
  const device: DeviceInput = {
    ...input,
    manufacturer: cleanIdentifier(input.manufacturer),
    model: cleanIdentifier(input.model),
    serial: cleanIdentifier(input.serial),
    uuid: cleanIdentifier(input.uuid),
    name: cleanIdentifier(input.name),
    cpu: cleanIdentifier(input.cpu),
  };
  return ctx.writer.upsert(
    device,
    (merged, measuredYearlyKwh) => {
      // deviceLifecycle is a pure function of these facts (with the context's dataset and options).
      const key = `${merged.type}\u0001${merged.manufacturer}\u0001${merged.model}\u0001${merged.embodiedKg}\u0001${merged.lifetimeYears}\u0001${merged.yearlyKwh}\u0001${measuredYearlyKwh}\u0001${merged.refurbished}`;
      let lc = ctx.lifecycleMemo.get(key);
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
          ctx.boavizta,
          ctx.options,
        );
        ctx.lifecycleMemo.set(key, lc);
      }
      return lc;
    },
    ctx.at,
    note,
  );
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
