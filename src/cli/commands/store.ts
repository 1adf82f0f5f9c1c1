import type { CommandModule } from 'yargs';
import { UserError } from '../../model/errors.js';
import { openStore } from '../../store/database.js';
import { backupStore, checkStore, storeInfo } from '../../store/maintenance.js';
import { withDb } from '../common-options.js';
import { printJson } from '../output.js';

interface Args {
  db: string;
  action: 'info' | 'check' | 'backup' | 'migrate';
  target?: string;
  json: boolean;
}

export const storeCommand: CommandModule<object, Args> = {
  command: 'store <action> [target]',
  describe: 'Maintain the SQLite store: info, check (integrity), backup FILE (online), migrate (upgrade schema)',
  builder: (y) =>
    withDb(y)
      .positional('action', { choices: ['info', 'check', 'backup', 'migrate'] as const, demandOption: true })
      .positional('target', { type: 'string', describe: 'backup file to create' })
      .option('json', { type: 'boolean', default: false })
      .example('$0 store backup backups/numresp-2026-11-28.db', 'consistent copy, safe during a running audit') as never,
  handler: async (a) => {
    const db = openStore(a.db); // opening applies pending migrations, so 'migrate' is just an explicit open
    try {
      if (a.action === 'info' || a.action === 'migrate') {
        const info = storeInfo(db);
        if (a.json) return printJson(info);
        console.log(`${a.db}: schema v${info.schemaVersion} (latest v${info.latestSchemaVersion}), ${info.journalMode}, ${(info.sizeBytes / 1e6).toFixed(1)} MB`);
        for (const [t, n] of Object.entries(info.tables)) console.log(`  ${t.padEnd(24)} ${n}`);
      } else if (a.action === 'check') {
        const problems = checkStore(db);
        if (a.json) printJson({ ok: problems.length === 0, problems });
        else console.log(problems.length ? problems.join('\n') : `${a.db}: ok`);
        if (problems.length) process.exitCode = 1;
      } else {
        if (!a.target) throw new UserError('store backup needs a target file, e.g. numresp store backup backup.db');
        try {
          const { totalPages } = await backupStore(db, a.target);
          console.log(`backed up ${a.db} to ${a.target} (${totalPages} pages)`);
        } catch (err) {
          throw new UserError(`cannot back up to ${a.target}: ${(err as Error).message}`);
        }
      }
    } finally {
      db.close();
    }
  },
};
