import { z } from 'zod';

/**
 * The report model: everything a renderer needs, JSON-serialisable, in the report's language. Built once from the
 * store (reports/build.ts); html, pdf, csv and json renderers only read it. Sections contribute typed `data` (the
 * read-model objects, for JSON consumers) and presentation parts: key figures, tables (one CSV each) and charts
 * (inline SVG in HTML).
 */

export const LANGS = ['fr', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export const FORMATS = ['html', 'pdf', 'csv', 'json'] as const;
export type Format = (typeof FORMATS)[number];

const Cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type Cell = z.infer<typeof Cell>;

export const ColumnSchema = z.object({
  key: z.string(),
  label: z.string(),
  /** How to show the value: text, a number with `digits` decimals, a share (0–1) as %, a date, a URL, a grade. */
  kind: z.enum(['text', 'number', 'share', 'date', 'url', 'grade', 'code']),
  digits: z.number().int().min(0).max(6).optional(),
  unit: z.string().optional(),
  /** Display labels of coded values (statuses…); CSV and JSON keep the codes. */
  labels: z.record(z.string(), z.string()).optional(),
});
export type Column = z.infer<typeof ColumnSchema>;

export const TableSchema = z.object({
  /** Stable id, also the CSV file name. */
  id: z.string().regex(/^[a-z0-9-]+$/),
  caption: z.string(),
  columns: z.array(ColumnSchema),
  rows: z.array(z.record(z.string(), Cell)),
  /** Rows shown in HTML/PDF when the table is long (CSV/JSON keep them all); absent = all. */
  displayLimit: z.number().int().positive().optional(),
  /** false: CSV/JSON only (e.g. a machine-readable copy of figures the HTML shows as cards). */
  display: z.boolean().optional(),
  note: z.string().optional(),
});
export type Table = z.infer<typeof TableSchema>;

export const ChartSchema = z.object({
  id: z.string(),
  kind: z.enum(['bar', 'line', 'stacked-bar', 'pyramid']),
  title: z.string(),
  /** Text alternative: what the chart shows, in words, with its main figures. */
  description: z.string(),
  categories: z.array(z.string()),
  series: z.array(z.object({ name: z.string(), values: z.array(z.number().nullable()), colour: z.string().optional() })),
  unit: z.string(),
  /** One colour per category (e.g. EcoIndex grade colours); otherwise each series' colour. */
  categoryColours: z.array(z.string()).optional(),
});
export type Chart = z.infer<typeof ChartSchema>;

export const FigureSchema = z.object({
  id: z.string(),
  label: z.string(),
  value: z.number().nullable(),
  /** Pre-formatted value, when a number alone would mislead (grades, ranges). */
  text: z.string().optional(),
  unit: z.string(),
  digits: z.number().int().min(0).max(6).default(0),
  kind: z.enum(['number', 'share']).default('number'),
  previous: z.number().nullable().optional(),
  delta: z.number().nullable().optional(),
  better: z.enum(['higher', 'lower']).optional(),
  source: z.string().optional(),
});
export type Figure = z.infer<typeof FigureSchema>;

export interface Section {
  /** Stable id: summary, web, practices, fleet, action-plan, label, method. */
  id: string;
  number: number;
  title: string;
  intro?: string;
  /** Why a part is missing or partial (e.g. no inventory imported yet). Shown, never hidden. */
  notices: string[];
  figures: Figure[];
  charts: Chart[];
  tables: Table[];
  /** Ordered bullet points (e.g. the 5 next actions). */
  items?: string[];
  /** Typed read-model data behind the tables, for JSON consumers. */
  data: Record<string, unknown>;
}

export const SectionSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  title: z.string(),
  intro: z.string().optional(),
  notices: z.array(z.string()),
  figures: z.array(FigureSchema),
  charts: z.array(ChartSchema),
  tables: z.array(TableSchema),
  items: z.array(z.string()).optional(),
  data: z.record(z.string(), z.unknown()),
});

export const ReportMetaSchema = z.object({
  title: z.string(),
  lang: z.enum(LANGS),
  generatedAt: z.string(),
  toolVersion: z.string(),
  schemaVersion: z.number().int(),
  databaseFile: z.string(),
  databaseSha256: z.string(),
  scope: z.object({
    siteCodes: z.array(z.string()),
    period: z.object({ from: z.string(), to: z.string() }).nullable(),
    compare: z.object({ from: z.string(), to: z.string() }).nullable(),
  }),
});
export type ReportMeta = z.infer<typeof ReportMetaSchema>;

export const ReportSchema = z.object({
  modelVersion: z.literal(1),
  meta: ReportMetaSchema,
  sections: z.array(SectionSchema),
});
export type Report = { modelVersion: 1; meta: ReportMeta; sections: Section[] };
