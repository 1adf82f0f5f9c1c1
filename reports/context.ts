import type { InsightScope, Period } from '../src/insights/index.js';
import type { Lang } from './model.js';

/**
 * What every section builder receives besides the read model (src/insights/report-model.ts): the language and the
 * scope. No store handle: a section is a pure function of the model.
 */
export interface BuildContext {
  lang: Lang;
  scope: InsightScope;
  /** The compared period, when asked (--compare). */
  compare: Period | null;
}

/** Picks the text of the report's language. Sections write both languages side by side so none drifts. */
export function tr(ctx: { lang: Lang }, fr: string, en: string): string {
  return ctx.lang === 'fr' ? fr : en;
}

export { GRADE_COLOURS } from '../src/model/grade-colours.js';
