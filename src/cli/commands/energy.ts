import { readFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { ExitCode, UserError } from '../../model/errors.js';
import { openStore } from '../../store/database.js';
import { importEnergy } from '../../inventory/import/energy-import.js';
import { withDb } from '../common-options.js';
import { printJson } from '../output.js';

interface Args { file: string; 'dry-run': boolean; json: boolean; db: string }

const importCmd: CommandModule<object, Args> = {
  command: 'import <file>',
  describe: 'Import metered kWh (CSV: site|device, period_start, period_end, kwh[, source])',
  builder: (y) =>
    withDb(y)
      .positional('file', { type: 'string', demandOption: true })
      .option('dry-run', { type: 'boolean', default: false })
      .option('json', { type: 'boolean', default: false })
      .example('$0 energy import samples/inventory/energy-readings.csv', '') as never,
  handler: (a) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(a.file);
    } catch (err) {
      throw new UserError(`cannot read file ${a.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const db = openStore(a.db);
    try {
      const r = importEnergy(db, bytes, a.file, { dryRun: a['dry-run'], onBusy: (m) => console.error(`numresp: ${m}`) });
      if (a.json) printJson(r);
      else {
        console.log(`${a['dry-run'] ? '[dry run] ' : ''}${r.file}: ${r.read} read, ${r.imported} imported, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejected} rejected; ${r.devicesRecomputed} devices recomputed`);
        for (const x of r.rejections.slice(0, 50)) console.error(`  line ${x.line}: ${x.reason}`);
        if (r.rejections.length > 50) console.error(`  … and ${r.rejections.length - 50} more (use --json for all)`);
      }
      if (r.rejected) process.exitCode = ExitCode.PartialFailure;
    } finally {
      db.close();
    }
  },
};

export const energyCommand: CommandModule = {
  command: 'energy <command>',
  describe: 'Metered energy readings, compared with the estimates in inventory summary',
  builder: (y) => y.command(importCmd).demandCommand(1),
  handler: () => undefined,
};
