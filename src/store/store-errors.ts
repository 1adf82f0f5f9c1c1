/** SQLite failures that say something about the store file itself; kept free of better-sqlite3 so bin/ can load it cheaply. */
import { UserError } from '../model/errors.js';

/** The store itself is the problem (damaged, read-only, locked, unreadable): one line for the CLI, 503 for a server. */
export class StoreProblem extends UserError {}

export function sqliteCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/**
 * SQLite errors that are facts about the store, not bugs: damaged, not a database, read-only, locked. As one line
 * naming the store and what to do; null for anything else.
 */
export function storeProblem(err: unknown, file?: string): StoreProblem | null {
  if (err instanceof StoreProblem) return err;
  const code = sqliteCode(err);
  const store = file ? `store ${file}` : 'the store';
  if (/^SQLITE_NOTADB/.test(code) || /not a database/i.test((err as Error)?.message ?? '')) {
    return new StoreProblem(`${store} is not a numresp SQLite database (${(err as Error).message}); pass another --db`);
  }
  if (/^SQLITE_CORRUPT/.test(code)) {
    return new StoreProblem(
      `${store} is damaged (${(err as Error).message}): run numresp store check, then restore the last copy made by numresp store backup`,
    );
  }
  if (/^SQLITE_READONLY/.test(code)) return new StoreProblem(`${store} is read-only (${(err as Error).message}); this command writes`);
  if (/^SQLITE_BUSY/.test(code)) return new StoreProblem(`${store} is locked by another numresp process; run this command again when it has finished`);
  if (/^SQLITE_(IOERR|FULL)/.test(code)) return new StoreProblem(`${store} cannot be read or written (${(err as Error).message}); check the disk`);
  return null;
}

