import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { openStore, type Db } from '../src/store/database.js';

/**
 * The store as the dashboard sees it: opened read-only on first need (so the server can start before the first
 * audit and show its first-steps page), and a cache of computed views keyed by request, dropped whenever the
 * store file or its WAL changes (an audit may write while the dashboard serves).
 */
export class DashboardStore {
  readonly path: string;
  private db: Db | null = null;
  private inode = 0;
  private stamp = '';
  private cache = new Map<string, unknown>();
  /** Bounds memory on long sessions with many distinct filters. */
  private static readonly MAX_ENTRIES = 500;

  constructor(file: string) {
    this.path = resolve(file);
  }

  /** Size and mtime of the main file and its WAL; a change in either means new data may be visible. */
  private currentStamp(): { stamp: string; inode: number } | null {
    let main;
    try {
      main = statSync(this.path);
    } catch {
      return null;
    }
    let wal = '';
    try {
      const w = statSync(this.path + '-wal');
      wal = `${w.mtimeMs}:${w.size}`;
    } catch {
      // No WAL: a store never written in WAL mode, or checkpointed and removed.
    }
    return { stamp: `${main.ino}:${main.mtimeMs}:${main.size}|${wal}`, inode: main.ino };
  }

  /** The open store, or null while the file does not exist. Throws UserError for a foreign or outdated file. */
  handle(): Db | null {
    const now = this.currentStamp();
    if (!now) {
      this.close();
      return null;
    }
    if (now.stamp !== this.stamp) {
      this.cache.clear();
      this.stamp = now.stamp;
    }
    if (this.db && now.inode !== this.inode) this.close();
    if (!this.db) {
      this.db = openStore(this.path, { readonly: true });
      this.inode = now.inode;
    }
    return this.db;
  }

  /** Returns the cached value for `key` computed on the current store contents. */
  memo<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = compute();
    if (this.cache.size >= DashboardStore.MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, value);
    return value;
  }

  close(): void {
    this.db?.close();
    this.db = null;
    this.cache.clear();
    this.stamp = '';
  }
}
