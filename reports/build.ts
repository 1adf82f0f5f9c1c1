import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { UserError } from '../src/model/errors.js';
import type { InsightScope, Period } from '../src/insights/index.js';
import { schemaVersion, type Db } from '../src/store/database.js';
import { latestStoredDate } from '../src/store/insights.js';
import { readReportModel } from '../src/insights/report-model.js';
import { getSiteByCode } from '../src/store/sites.js';
import { TOOL_VERSION } from '../src/version.js';
import type { BuildContext } from './context.js';
import { tr } from './context.js';
import type { Lang, Report, ReportMeta } from './model.js';
import { actionPlanSection } from './sections/action-plan.js';
import { fleetSection } from './sections/fleet.js';
import { type LabelGrid, labelSection } from './sections/label.js';
import { methodSection } from './sections/method.js';
import { practicesSection } from './sections/practices.js';
import { summarySection } from './sections/summary.js';
import { webSection } from './sections/web.js';

export interface BuildOptions {
  lang: Lang;
  siteCodes?: string[];
  period?: Period | null;
  compare?: Period | null;
  /** Label grid the label section follows: 2021 (default, the label's current grid) or 2019 (the roadmap's 5 axes). */
  labelGrid?: LabelGrid;
  /** The store file, for its name and SHA-256 (':memory:' gives no checksum). */
  dbFile: string;
  /** Fixed in tests; defaults to now. The only value that differs between two reports of the same store. */
  generatedAt?: string;
}

/** SHA-256 of a file, read in 1 MB chunks so a large store does not sit in memory. */
export function sha256File(file: string): string {
  const hash = createHash('sha256');
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * Store → report model. Read-only. The read model (src/insights/report-model.ts) is read from the store once; each
 * section is a pure function of it and of the language.
 */
export function buildReport(db: Db, options: BuildOptions): Report {
  const siteCodes = [...new Set(options.siteCodes ?? [])].sort();
  const unknown = siteCodes.filter((c) => !getSiteByCode(db, c));
  if (unknown.length) throw new UserError(`--site ${unknown.join(', ')}: no such site in the store; list them with "numresp store info" or drop --site`);
  const scope: InsightScope = { siteCodes: siteCodes.length ? siteCodes : undefined, period: options.period ?? undefined };
  const ctx: BuildContext = { lang: options.lang, scope, compare: options.compare ?? null };
  // "As of" date of fleet figures: the period's end, else the latest date in the store (not the clock, so the same
  // store gives the same report).
  const at = options.period ? `${options.period.to}T23:59:59.999Z` : (latestStoredDate(db) ?? '1970-01-01T00:00:00.000Z');
  const meta: ReportMeta = {
    title: tr(ctx, 'Rapport Numérique Responsable', 'Numérique Responsable report'),
    lang: options.lang,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    toolVersion: TOOL_VERSION,
    schemaVersion: schemaVersion(db),
    databaseFile: options.dbFile === ':memory:' ? ':memory:' : basename(options.dbFile),
    databaseSha256: options.dbFile === ':memory:' ? 'n/a (in-memory store)' : sha256File(options.dbFile),
    scope: { siteCodes, period: options.period ?? null, compare: options.compare ?? null },
  };

  const model = readReportModel(db, { scope, compare: ctx.compare, at });

  const web = webSection(ctx, model);
  const practices = practicesSection(ctx, model);
  const fleetPart = fleetSection(ctx, model);
  const planPart = actionPlanSection(ctx, model);
  const summary = summarySection(ctx, model);
  const label = labelSection(ctx, [summary, web, practices, fleetPart, planPart], model.practices.statuses, options.labelGrid ?? '2021', model.rgesn);
  const method = methodSection(ctx, model, meta);
  // Another process may hold unwritten changes in the write-ahead log: the checksum covers the main file only.
  const wal = options.dbFile === ':memory:' ? null : `${options.dbFile}-wal`;
  if (wal && existsSync(wal) && statSync(wal).size > 0) {
    method.notices.push(tr(ctx,
      'Le journal WAL de la base n’est pas vide (un autre processus écrit) : la somme SHA-256 porte sur le fichier principal seul ; refaites le rapport une fois les écritures terminées pour une somme vérifiable.',
      'The store’s WAL journal is not empty (another process is writing): the SHA-256 covers the main file only; rerun the report once writes are done for a verifiable checksum.'));
  }
  return { modelVersion: 1, meta, sections: [summary, web, practices, fleetPart, planPart, label, method] };
}
