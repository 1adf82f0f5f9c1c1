import type { HeadlineFigure } from '../../src/insights/index.js';
import { compliantShareOver } from '../../src/insights/dashboard-practices.js';
import type { ViewContext } from '../context.js';
import { fleetData } from './fleet.js';
import { siteStatuses } from './practices.js';

/**
 * Practice and fleet headline figures, taken from their own modules. They are current states: the store keeps no
 * past status of practices or devices, so they carry no comparison (as in the report's summary).
 */
export function currentFigures(ctx: ViewContext): HeadlineFigure[] {
  const fleet = fleetData(ctx);
  const figure = (id: HeadlineFigure['id'], value: number | null, unit: string, better: HeadlineFigure['better']): HeadlineFigure => ({
    id,
    value,
    previous: null,
    delta: null,
    unit,
    better,
  });
  return [
    figure('practices.compliantShare', compliantShareOver(siteStatuses(ctx).map((s) => s.totals)), 'share', 'higher'),
    figure('fleet.devices', fleet.deviceCount, 'devices', 'lower'),
    figure('fleet.averageAgeYears', fleet.averageAgeYears, 'years', 'higher'),
    figure('fleet.embodiedKgPerYear', fleet.footprint.annualEmbodiedKg, 'kgCO2e/year', 'lower'),
    figure('fleet.useKgPerYear', fleet.footprint.annualUseKg, 'kgCO2e/year', 'lower'),
    figure('fleet.energyKwhPerYear', fleet.energy.estimatedYearlyKwh, 'kWh/year', 'lower'),
  ];
}
