import type { CommandModule } from 'yargs';
import { UserError } from '../../model/errors.js';
import { csvRows, RESULT_CSV_COLUMNS, runDocument } from '../../pipeline/results.js';
import { openStore } from '../../store/database.js';
import { listPages, listRunMeasurements } from '../../store/pages.js';
import { latestRunId } from '../../store/runs.js';
import { toCsv } from '../../util/csv.js';
import { withDb, withJsonOrCsv } from '../common-options.js';
import { printJson } from '../output.js';
import { printSummary } from './audit.js';

interface Args {
  run?: number;
  db: string;
  json: boolean;
  csv: boolean;
}

export const resultsCommand: CommandModule<object, Args> = {
  command: 'results [run]',
  describe: 'Show the page results of a run (default: the latest)',
  builder: (y) =>
    withJsonOrCsv(withDb(y), { json: 'print JSON (per page: metrics, ecoindex, rules)', csv: 'print CSV (one row per page)' })
      .positional('run', { type: 'number', describe: 'run id (see numresp runs)' }) as never,
  handler: (a) => {
    const db = openStore(a.db);
    try {
      if (a.run !== undefined && (!Number.isInteger(a.run) || a.run < 1)) throw new UserError(`run must be a run id, got ${a.run}`);
      const runId = a.run ?? latestRunId(db);
      if (runId === undefined) throw new UserError(`no audit run in ${a.db}; start one with numresp audit`);
      const doc = runDocument(db, runId);
      if (!doc) throw new UserError(`run ${runId} does not exist in ${a.db}; see numresp runs`);
      if (a.json) return printJson(doc);
      if (a.csv) return void process.stdout.write(toCsv(RESULT_CSV_COLUMNS, csvRows(runId, listPages(db, runId), listRunMeasurements(db, runId))));
      printSummary(db, runId);
    } finally {
      db.close();
    }
  },
};
