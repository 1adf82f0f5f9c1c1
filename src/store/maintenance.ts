import { existsSync } from 'node:fs';
import type { Db } from './database.js';
import { schemaVersion } from './database.js';
import { migrations } from './migrations/index.js';
import { StoreProblem, storeProblem } from './store-errors.js';

export interface StoreInfo {
  schemaVersion: number;
  latestSchemaVersion: number;
  journalMode: string;
  sizeBytes: number;
  tables: Record<string, number>;
}

export function storeInfo(db: Db): StoreInfo {
  const names = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const tables: Record<string, number> = {};
  for (const name of names) tables[name] = db.prepare(`SELECT count(*) FROM "${name}"`).pluck().get() as number;
  const pageCount = db.pragma('page_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  return {
    schemaVersion: schemaVersion(db),
    latestSchemaVersion: migrations[migrations.length - 1].version,
    journalMode: db.pragma('journal_mode', { simple: true }) as string,
    sizeBytes: pageCount * pageSize,
    tables,
  };
}

/** SQLite's own integrity and foreign-key checks; an empty list means the file is sound. */
export function checkStore(db: Db): string[] {
  // On a badly damaged file SQLite may throw instead of listing: that is a finding too, not a crash.
  const problems: string[] = [];
  try {
    for (const r of db.pragma('integrity_check') as Array<{ integrity_check: string }>) if (r.integrity_check !== 'ok') problems.push(r.integrity_check);
  } catch (err) {
    problems.push(`integrity check failed: ${(err as Error).message}`);
  }
  try {
    for (const fk of db.pragma('foreign_key_check') as Array<{ table: string; rowid: number; parent: string }>) {
      problems.push(`${fk.table} row ${fk.rowid} points to a missing ${fk.parent}`);
    }
  } catch (err) {
    problems.push(`foreign key check failed: ${(err as Error).message}`);
  }
  return problems;
}

/**
 * Online backup (SQLite backup API): consistent even while an audit writes, without stopping it.
 * Refuses to overwrite an existing file so a mistyped target cannot destroy a previous backup.
 */
export async function backupStore(db: Db, target: string): Promise<{ totalPages: number }> {
  if (existsSync(target)) throw new Error(`backup target ${target} exists; choose a new file name`);
  const result = await db.backup(target);
  return { totalPages: result.totalPages };
}

/**
 * SQLite's quick check (every page read once, no index cross-check: 0.3–1.3 s for a 100,000-device store on the
 * build machine): throws the one-line StoreProblem of a damaged store, for servers that should refuse to start on
 * one rather than answer 503 page by page.
 */
export function assertStoreSound(db: Db, file: string): void {
  let first: string;
  try {
    first = (db.pragma('quick_check(1)') as { quick_check: string }[])[0]?.quick_check ?? 'ok';
  } catch (err) {
    throw storeProblem(err, file) ?? err;
  }
  if (first !== 'ok') {
    throw new StoreProblem(`store ${file} is damaged (${first.replace(/\s+/g, ' ')}): run numresp store check, then restore the last copy made by numresp store backup`);
  }
}
