import type { CommandModule } from 'yargs';
import { UserError } from '../../model/errors.js';
import { compareCsvRows, compareRuns, COMPARE_CSV_COLUMNS, SIGNIFICANT_SCORE_POINTS } from '../../pipeline/compare.js';
import { runDocument } from '../../pipeline/results.js';
import { openStore } from '../../store/database.js';
import { toCsv } from '../../util/csv.js';
import { withDb, withJsonOrCsv } from '../common-options.js';
import { formatTable, printJson } from '../output.js';

interface Args {
  runA: number;
  runB: number;
  threshold: number;
  db: string;
  json: boolean;
  csv: boolean;
}

const signed = (x: number | undefined) => (x === undefined ? null : x > 0 ? `+${x}` : String(x));

export const compareCommand: CommandModule<object, Args> = {
  command: 'compare <runA> <runB>',
  describe: 'Per URL, what changed between two audit runs (score, grade, DOM, requests, size) and whether it is beyond the noise',
  builder: (y) =>
    withJsonOrCsv(withDb(y), { json: 'print JSON', csv: 'print CSV (one row per URL)' })
      .positional('runA', { type: 'number', describe: 'the earlier run id (see numresp runs)' })
      .positional('runB', { type: 'number', describe: 'the later run id' })
      .option('threshold', {
        type: 'number',
        default: SIGNIFICANT_SCORE_POINTS,
        describe: 'score points for a change to be significant when a run has no spread (measured once)',
      })
      .check((a) => {
        for (const k of ['runA', 'runB'] as const) {
          const id = a[k] as number | undefined;
          if (id === undefined || !Number.isInteger(id) || id < 1) throw new UserError(`${k === 'runA' ? 'RUN_A' : 'RUN_B'} must be a run id, got ${a[k]}`);
        }
        if (!Number.isFinite(a.threshold) || a.threshold < 0) throw new UserError(`--threshold must be a number of points ≥ 0, got ${a.threshold}`);
        return true;
      })
      .example('$0 compare 3 5', 'what changed from run 3 to run 5') as never,
  handler: (a) => {
    const db = openStore(a.db, { readonly: true });
    try {
      const [docA, docB] = [a.runA, a.runB].map((id) => {
        const doc = runDocument(db, id);
        if (!doc) throw new UserError(`run ${id} does not exist in ${a.db}; see numresp runs`);
        return doc;
      });
      const c = compareRuns(docA, docB, a.threshold);
      if (a.json) return printJson(c);
      if (a.csv) return void process.stdout.write(toCsv(COMPARE_CSV_COLUMNS, compareCsvRows(c)));
      const rows = c.pages.map((p) => [
        ((u) => (u.length > 60 ? u.slice(0, 59) + '…' : u))(p.journey && p.step ? `${p.journey} › ${p.step.name}: ${p.url}` : p.url),
        p.a?.score ?? null,
        p.b?.score ?? null,
        signed(p.change?.score),
        p.grade,
        signed(p.change?.dom),
        signed(p.change?.requests),
        signed(p.change?.sizeKb),
        p.presence === 'both' ? (p.significant ? 'yes' : 'no (noise)') : p.presence,
      ]);
      console.log(formatTable(['url', `score ${c.runA}`, `score ${c.runB}`, 'Δ', 'grade', 'Δ dom', 'Δ requests', 'Δ KB', 'significant'], rows));
      const significant = c.pages.filter((p) => p.significant).length;
      console.log(`\n${significant} of ${c.pages.filter((p) => p.presence === 'both').length} pages changed beyond the noise`);
    } finally {
      db.close();
    }
  },
};
