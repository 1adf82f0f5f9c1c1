import type { Argv } from 'yargs';

export const DEFAULT_DB = 'numresp.db';

/** --db, shared by every command that touches the store. */
export function withDb<T>(y: Argv<T>) {
  return y.option('db', {
    type: 'string',
    default: process.env.NUMRESP_DB ?? DEFAULT_DB,
    describe: 'SQLite store file (env NUMRESP_DB)',
  });
}

/** --json and --csv, exclusive: for commands that print a table of data. No default: yargs counts a default as given. */
export function withJsonOrCsv<T>(y: Argv<T>, describe: { json: string; csv: string }) {
  return y
    .option('json', { type: 'boolean', describe: describe.json })
    .option('csv', { type: 'boolean', describe: describe.csv })
    .conflicts('json', 'csv');
}
