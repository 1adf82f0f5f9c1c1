import Database from 'better-sqlite3';
import { accessSync, constants as fsConstants, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../model/errors.js';
import { migrations, type Migration } from './migrations/index.js';
import { sqliteCode, storeProblem } from './store-errors.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** How long a writer waits for another process's write lock before failing (ms). */
  busyTimeoutMs?: number;
  readonly?: boolean;
  /** With readonly: accept any schema version (store info, check, backup describe or copy the file as it is). */
  anySchema?: boolean;
}

/**
 * Opens (creating if needed) the SQLite store and brings its schema up to date.
 * WAL lets readers (dashboard, report) run beside one writer; busy_timeout makes a second writer wait.
 *
 * Read-only stores (issue 16.7): a writing open of a file or folder this process cannot write is refused in one
 * line; a read-only open works on a read-only file, and on a read-only folder (where SQLite cannot create the WAL's
 * shared-memory file) reads a private snapshot copy in the temporary folder.
 */
/** Page size of stores created by openStore (bytes). */
export const NEW_STORE_PAGE_SIZE = 16384;

export function openStore(file: string, options: OpenOptions = {}): Db {
  const path = file === ':memory:' ? file : resolve(file);
  if (path !== ':memory:' && !options.readonly) refuseReadOnly(path, file);
  let db: Db;
  try {
    if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (err) {
    throw new UserError(`cannot open store ${file}: ${(err as Error).message} (check the --db path and permissions)`);
  }
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? lockWaitFromEnv() ?? 30000}`);
    if (!options.readonly) {
      // A new store gets 16 KiB pages (SQLite's default is 4 KiB): a device row is ~500 bytes with its figures, and
      // bigger pages mean fewer page splits and WAL frames per imported row (SQLite's share of a 100,000-device
      // import 18 % lower in bench/inventory). Only an empty file can take it; an existing store keeps its size.
      if ((db.pragma('page_count', { simple: true }) as number) === 0) db.pragma(`page_size = ${NEW_STORE_PAGE_SIZE}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    if (!options.readonly) migrate(db, migrations);
    else {
      try {
        // The first read is where SQLite finds it cannot create the WAL's shared-memory file in a read-only folder.
        db.prepare('SELECT count(*) FROM sqlite_master').get();
      } catch (err) {
        // `store check` opens a damaged store to report on it.
        if (options.anySchema && /^SQLITE_(CORRUPT|NOTADB)/.test(sqliteCode(err))) return db;
        throw err;
      }
      if (!options.anySchema) checkSchemaCurrent(db, file);
    }
  } catch (err) {
    db.close();
    if (err instanceof UserError) throw err;
    if (options.readonly && /^SQLITE_(READONLY|CANTOPEN)/.test(sqliteCode(err))) return openSnapshot(path, file, options);
    throw storeProblem(err, file) ?? err;
  }
  return db;
}

/** A writing command on a store it cannot write: say so before SQLite fails half-way. */
function refuseReadOnly(path: string, label: string): void {
  const target = existsSync(path) ? path : dirname(path);
  const folder = dirname(path);
  for (const [what, p] of [['file', target], ['folder', folder]] as const) {
    if (!existsSync(p)) continue;
    try {
      accessSync(p, fsConstants.W_OK);
    } catch {
      throw new UserError(
        `store ${label} is read-only (its ${what} cannot be written): this command writes; read-only commands (report, dashboard, store info) still work`,
      );
    }
  }
}

/** Reads a store in a read-only folder through a copy (with its WAL) in a private temporary folder. */
function openSnapshot(path: string, label: string, options: OpenOptions): Db {
  const dir = mkdtempSync(join(tmpdir(), 'numresp-readonly-'));
  try {
    copyFileSync(path, join(dir, 'store.db'));
    if (existsSync(path + '-wal')) copyFileSync(path + '-wal', join(dir, 'store.db-wal'));
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new UserError(`cannot read store ${label}: ${(err as Error).message}`);
  }
  // The copy is opened writable only so SQLite can fold its WAL in; nothing writes to it, and it is removed on close.
  const db = new Database(join(dir, 'store.db'));
  const close = db.close.bind(db);
  db.close = () => {
    const result = close();
    rmSync(dir, { recursive: true, force: true });
    return result;
  };
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 30000}`);
    db.pragma('query_only = ON');
    if (!options.anySchema) checkSchemaCurrent(db, label);
  } catch (err) {
    db.close();
    throw storeProblem(err, label) ?? err;
  }
  return db;
}

/**
 * NUMRESP_LOCK_WAIT (seconds): how long a command waits for another process's write lock before saying so and
 * stopping (default 30 s). Lets a scheduled import give up sooner, or wait longer behind a long audit.
 */
function lockWaitFromEnv(): number | undefined {
  const text = process.env.NUMRESP_LOCK_WAIT;
  if (text === undefined || text === '') return undefined;
  const seconds = Number(text);
  if (!(seconds >= 0 && seconds <= 3600)) throw new UserError(`NUMRESP_LOCK_WAIT=${text}: give seconds, 0–3600`);
  return Math.round(seconds * 1000);
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies pending migrations, each in its own transaction, so a failure leaves the previous version intact. */
export function migrate(db: Db, list: Migration[]): void {
  const current = schemaVersion(db);
  const latest = list.length ? list[list.length - 1].version : 0;
  if (current > latest) {
    throw new UserError(
      `store schema version ${current} is newer than this numresp knows (${latest}); upgrade numresp`,
    );
  }
  for (const m of list) {
    if (m.version <= current) continue;
    // foreign_keys cannot change inside a transaction: a table rebuild turns them off around it and checks them
    // before committing (https://www.sqlite.org/lang_altertable.html#otheralter).
    if (m.foreignKeysOff) db.pragma('foreign_keys = OFF');
    try {
      // BEGIN IMMEDIATE: two processes opening a fresh store must not both migrate it.
      db.transaction(() => {
        if (schemaVersion(db) >= m.version) return;
        db.exec(m.sql);
        m.backfill?.(db);
        if (m.foreignKeysOff && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
          throw new Error(`migration ${m.version} (${m.name}) would break foreign keys`);
        }
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    } finally {
      if (m.foreignKeysOff) db.pragma('foreign_keys = ON');
    }
  }
}

function checkSchemaCurrent(db: Db, file: string): void {
  const latest = migrations[migrations.length - 1].version;
  const current = schemaVersion(db);
  if (current !== latest) {
    throw new UserError(`store ${file} has schema version ${current}, expected ${latest}; run any write command to upgrade it`);
  }
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** Called once when a write has to wait for another process holding the store's write lock. */
export type OnStoreBusy = (message: string) => void;

/**
 * Runs `fn` in a BEGIN IMMEDIATE transaction. If another process is writing, says so once through `onBusy`, then
 * waits (up to busy_timeout) rather than failing: two commands writing one store both succeed.
 */
export function writeTransaction<T>(db: Db, fn: () => T, onBusy?: OnStoreBusy): T {
  const tx = db.transaction(fn);
  if (!onBusy) return tx.immediate();
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    return tx.immediate();
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
    onBusy(`store ${db.name} is being written by another numresp process; waiting up to ${Math.round(timeout / 1000)} s`);
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
  try {
    return tx.immediate();
  } catch (err) {
    if (isBusy(err)) throw storeBusyError(db.name, timeout);
    throw err;
  }
}

function isBusy(err: unknown): boolean {
  return /^SQLITE_BUSY/.test((err as { code?: string }).code ?? '');
}

function storeBusyError(file: string, waitedMs: number): UserError {
  return new UserError(
    `store ${file} stayed locked by another numresp process for more than ${Math.round(waitedMs / 1000)} s; ` +
      'run this command again when that one has finished',
  );
}

/** The store's write lock was not free within the allowed wait. */
export class StoreBusy extends Error {
  constructor(readonly waitedMs: number) {
    super(`store busy for ${waitedMs} ms`);
  }
}

/**
 * Runs `fn` in a BEGIN IMMEDIATE transaction without blocking the event loop while another process holds the write
 * lock: polls with growing pauses up to `maxWaitMs`, then throws StoreBusy (a server answers 503 + Retry-After).
 * IMMEDIATE also avoids SQLITE_BUSY_SNAPSHOT, which a deferred transaction gets at once (no busy wait) when it
 * reads, then writes after another process has committed.
 */
export async function writeTransactionWithin<T>(db: Db, fn: () => T, maxWaitMs: number): Promise<T> {
  const tx = db.transaction(fn);
  const started = Date.now();
  for (let pauseMs = 10; ; pauseMs = Math.min(pauseMs * 2, 250)) {
    const timeout = db.pragma('busy_timeout', { simple: true }) as number;
    db.pragma('busy_timeout = 0');
    try {
      return tx.immediate();
    } catch (err) {
      if (!isBusy(err)) throw err;
    } finally {
      db.pragma(`busy_timeout = ${timeout}`);
    }
    const waited = Date.now() - started;
    if (waited >= maxWaitMs) throw new StoreBusy(waited);
    await new Promise((r) => setTimeout(r, Math.min(pauseMs, maxWaitMs - waited)));
  }
}

/**
 * An import's writes: committed by writeTransaction (with its busy notice), or, for a dry run, made in the same
 * transaction and rolled back, so the counts a dry run reports are exactly those of the real run and nothing is kept.
 */
export function writeOrRehearse(db: Db, fn: () => void, options: { dryRun?: boolean; onBusy?: OnStoreBusy } = {}): void {
  if (!options.dryRun) return writeTransaction(db, fn, options.onBusy);
  const rollback = new Error('dry run');
  try {
    writeTransaction(
      db,
      () => {
        fn();
        throw rollback;
      },
      options.onBusy,
    );
  } catch (err) {
    if (err !== rollback) throw err;
  }
}
