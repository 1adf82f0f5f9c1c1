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
