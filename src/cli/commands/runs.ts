import type { CommandModule } from 'yargs';
import { openStore } from '../../store/database.js';
import { listRuns } from '../../store/runs.js';
import { toCsv } from '../../util/csv.js';
import { withDb, withJsonOrCsv } from '../common-options.js';
import { formatTable, printJson } from '../output.js';

interface Args {
  db: string;
  json: boolean;
  csv: boolean;
}

export const runsCommand: CommandModule<object, Args> = {
  command: 'runs',
  describe: 'List the audit runs in the store, newest first',
  builder: (y) =>
    withJsonOrCsv(withDb(y), { json: 'print JSON', csv: 'print CSV' }) as never,
  handler: (a) => {
    const db = openStore(a.db);
    try {
      const runs = listRuns(db);
      if (a.json) return printJson(runs);
      const rows = runs.map((r) => ({
        id: r.id,
        label: r.label,
        status: r.status,
        started_at: r.startedAt,
        finished_at: r.finishedAt,
        pages: r.pages,
        ok: r.ok,
        failed: r.failed,
        pending: r.pending,
        average_score: r.averageScore === null ? null : Math.round(r.averageScore * 10) / 10,
        method_version: r.methodVersion,
        browser_version: r.browserVersion,
      }));
      if (a.csv) return void process.stdout.write(toCsv(Object.keys(rows[0] ?? { id: 0 }), rows));
      if (!rows.length) return console.log(`no audit run in ${a.db}; start one with numresp audit`);
      console.log(
        formatTable(
          ['id', 'label', 'status', 'started', 'pages', 'ok', 'failed', 'pending', 'avg score'],
          rows.map((r) => [r.id, r.label, r.status, r.started_at.slice(0, 16).replace('T', ' '), r.pages, r.ok, r.failed, r.pending, r.average_score]),
        ),
      );
    } finally {
      db.close();
    }
  },
};
