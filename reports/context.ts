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

export const GRADE_COLOURS: Record<string, string> = {
  // EcoIndex grade colours as ecoindex.fr shows them, darkened where needed for 4.5:1 text contrast on white.
  A: '#2e7d32',
  B: '#558b2f',
  C: '#8d7a00',
  D: '#b25e00',
  E: '#c2410c',
  F: '#b91c1c',
  G: '#7f1d1d',
};
