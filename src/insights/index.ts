/**
 * The read model shared by the report (reports/) and the dashboard: typed, JSON-serialisable figures read from the
 * store. Backward compatible: add fields and functions, never change the meaning of existing ones.
 */
export * from './types.js';
export { parsePeriod, previousPeriod, PeriodSchema } from './period.js';
export {
  pageEcoIndex,
  allMeasurements,
  siteEcoIndex,
  gradeDistribution,
  ecoIndexTrend,
  worstPages,
  failedMeasurements,
  webOverview,
  journeySteps,
} from './web.js';
export { pageChanges, type PageChange } from './page-change.js';
export { headlineFigures, currentHeadlineFigures, stateAt, endOfDay, averageRgesnScore, type HeadlineOptions, type StateFigureInput } from './headline.js';
