import { existsSync, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { findBrowserExecutable } from '../../chromium/launch.js';
import { UserError } from '../../model/errors.js';
import { parsePeriod, previousPeriod } from '../../insights/period.js';
import { openStore } from '../../store/database.js';
import { buildReport } from '../../../reports/build.js';
import { LABEL_GRIDS, type LabelGrid } from '../../../reports/sections/label.js';
import { FORMATS, LANGS, type Format, type Lang } from '../../../reports/model.js';
import { writeReport } from '../../../reports/write.js';
import { withDb } from '../common-options.js';

interface Args {
  db: string;
  site?: string[];
  period?: string;
  compare?: string;
  format: string[];
  out: string;
  lang: string;
}

export function parseFormats(values: readonly string[]): Format[] {
  const list = values.flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter(Boolean);
  const bad = list.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad.length) throw new UserError(`--format ${bad.join(', ')}: unknown; use any of ${FORMATS.join(', ')} (comma-separated)`);
  return [...new Set(list)] as Format[];
}

export const reportCommand: CommandModule<object, Args> = {
  command: 'report',
  describe: 'Write the label-ready report (HTML, PDF, CSV, JSON) from the store; reads only',
  builder: (y) =>
    withDb(y)
      .option('site', { type: 'string', array: true, describe: 'site code(s) to cover (default: every site)' })
      .option('period', { type: 'string', describe: 'FROM..TO, each YYYY, YYYY-MM or YYYY-MM-DD (default: all dates)' })
      .option('compare', { type: 'string', describe: 'period to compare with, FROM..TO, or "previous" (same length before --period)' })
      .option('format', { type: 'string', array: true, default: ['html', 'pdf', 'csv', 'json'], describe: 'html,pdf,csv,json' })
      .option('out', { type: 'string', default: 'numresp-report', describe: 'output folder' })
      .option('lang', { type: 'string', default: 'fr', choices: [...LANGS], describe: 'report language' })
      .option('label-grid', { type: 'string', default: '2021', choices: [...LABEL_GRIDS], describe: "label grid of the label section: 2021 (current) or 2019 (the roadmap's 5 axes)" })
      .example('$0 report --period 2026 --compare 2025 --format html,pdf', 'the 2026 report compared with 2025') as never,
  handler: async (a) => {
    const formats = parseFormats(a.format);
    // The PDF needs Chromium: say so before any work rather than after the other formats.
    if (formats.includes('pdf')) findBrowserExecutable();
    const period = a.period ? parsePeriod(a.period, '--period') : null;
    let compare = null;
    if (a.compare === 'previous') {
      if (!period) throw new UserError('--compare previous needs --period (it is the period of the same length just before)');
      compare = previousPeriod(period);
    } else if (a.compare) compare = parsePeriod(a.compare, '--compare');
    const db = openStore(a.db, { readonly: true });
    try {
      const report = buildReport(db, { lang: a.lang as Lang, siteCodes: a.site, period, compare, labelGrid: a.labelGrid as LabelGrid, dbFile: a.db });
      const out = resolve(a.out);
      if (existsSync(out) && !statSync(out).isDirectory()) {
        throw new UserError(`--out ${a.out} is an existing file; --out names a folder for the report files`);
      }
      try {
        mkdirSync(out, { recursive: true });
      } catch (err) {
        throw new UserError(`--out ${a.out}: cannot create the folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
      const files = await writeReport(report, out, formats);
      for (const f of files) console.log(f);
    } finally {
      db.close();
    }
  },
};

