import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { parsePeriod } from '../../insights/period.js';
import { DEFAULT_LICENCE, parseLicence, writeOpenData } from '../../opendata/export.js';
import { readImportFile } from '../../inventory/import/read-file.js';
import { UserError } from '../../model/errors.js';
import { openStore } from '../../store/database.js';
import { withDb } from '../common-options.js';
import { printJson } from '../output.js';

/** `numresp export <format>`: one subcommand per published format. */

interface OpenDataArgs {
  db: string;
  out: string;
  site?: string[];
  period?: string;
  licence: string;
  json: boolean;
}

const opendata: CommandModule<object, OpenDataArgs> = {
  command: 'opendata',
  describe: 'Open-data CSV files + datapackage.json (Frictionless Data Package), without personal data; reads only',
  builder: (y) =>
    withDb(y)
      .option('out', { type: 'string', demandOption: true, describe: 'output folder (created if needed)' })
      .option('site', { type: 'string', array: true, describe: 'site code(s) to cover (default: every site)' })
      .option('period', { type: 'string', describe: 'FROM..TO, each YYYY, YYYY-MM or YYYY-MM-DD (default: all dates)' })
      .option('licence', { type: 'string', default: DEFAULT_LICENCE, describe: 'etalab-2.0 (Licence Ouverte 2.0) or odbl-1.0' })
      .option('json', { type: 'boolean', default: false, describe: 'print the files and row counts as JSON' })
      .example('$0 export opendata --out opendata --period 2026', 'the 2026 data set, Licence Ouverte 2.0') as never,
  handler: (a) => {
    const licence = parseLicence(a.licence);
    const period = a.period ? parsePeriod(a.period, '--period') : null;
    const db = openStore(a.db, { readonly: true });
    try {
      const result = writeOpenData(db, resolve(a.out), { siteCodes: a.site, period, licence });
      if (a.json) return printJson(result);
      for (const t of result.tables) console.log(`${t.name}.csv: ${t.rows} row(s)`);
      console.log(`wrote ${result.files.length} files to ${resolve(a.out)} (licence ${licence.title})`);
    } finally {
      db.close();
    }
  },
};

interface NumEcoEvalArgs {
  db: string;
  out: string;
  types?: string;
  json: boolean;
}

const numecoeval: CommandModule<object, NumEcoEvalArgs> = {
  command: 'numecoeval',
  describe: "NumEcoEval's input files (DataCenter, EquipementPhysique, EquipementVirtuel, Application .csv) + a typeEquipement.csv proposal; reads only",
  builder: (y) =>
    withDb(y)
      .option('out', { type: 'string', demandOption: true, describe: 'output folder (created if needed)' })
      .option('types', {
        type: 'string',
        describe: 'JSON file {numresp type: type name of your NumEcoEval referential}, e.g. {"server": "Serveur lame"}',
      })
      .option('json', { type: 'boolean', default: false, describe: 'print the files, row counts and type names as JSON' })
      .example('$0 export numecoeval --out numecoeval', '')
      .example('$0 export numecoeval --out numecoeval --types instance-types.json', 'type names of your instance') as never,
  handler: async (a) => {
    const { parseTypeNames, writeNumEcoEval } = await import('../../inventory/numecoeval.js');
    const typeNames = a.types === undefined ? undefined : parseTypeNames(readJsonFile(a.types, '--types'), a.types);
    const db = openStore(a.db, { readonly: true });
    try {
      const r = writeNumEcoEval(db, resolve(a.out), { typeNames });
      if (a.json) return printJson(r);
      for (const f of r.files) console.log(`${f.name}: ${f.rows} row(s)`);
      if (r.skipped.vmsWithoutHost) console.log(`${r.skipped.vmsWithoutHost} VM(s) without a known host not written (nomEquipementPhysique is mandatory)`);
      console.log(`wrote ${r.files.length} files to ${resolve(a.out)} (typeEquipement.csv: referential rows to merge into your instance's if it lacks these type names)`);
    } finally {
      db.close();
    }
  },
};

/** A small JSON file named by an option: one line naming the option when it cannot be read or parsed. */
function readJsonFile(file: string, option: string): unknown {
  const bytes = readImportFile(file, `${option} file`, { maxFileBytes: 1024 * 1024 });
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new UserError(`${option} ${file} is not JSON: ${(err as Error).message}`);
  }
}

export const exportCommand: CommandModule<object, object> = {
  command: 'export <format>',
  describe: 'Export the store for publication or other tools: opendata, numecoeval',
  builder: (y) => y.command(opendata).command(numecoeval).demandCommand(1, 'name a format: opendata, numecoeval'),
  handler: () => undefined,
};
