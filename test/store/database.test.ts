import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { projectRoot } from '../../src/util/project-root.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, NEW_STORE_PAGE_SIZE, openStore, schemaVersion } from '../../src/store/database.js';
import { migrations } from '../../src/store/migrations/index.js';
import { ensureSite } from '../../src/store/sites.js';
import { UserError } from '../../src/model/errors.js';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

describe('store', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'numresp-store-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('migrations are numbered 1, 2, 3… with no gap, each file named after its version', () => {
    // A gap would let a migration added later with a lower number be skipped by stores already past it.
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    const files = readdirSync(join(projectRoot(), 'src', 'store', 'migrations')).filter((f) => /^\d{3}-/.test(f)).sort();
    expect(files.map((f) => Number(f.slice(0, 3)))).toEqual(migrations.map((m) => m.version));
  });

  test('creates the schema in WAL mode and reopens without re-migrating', () => {
    const file = join(dir, 'a.db');
    const db = openStore(file);
    expect(schemaVersion(db)).toBe(migrations[migrations.length - 1].version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    ensureSite(db, 'LYC-001', { kind: 'lycee', name: 'Lycée A' });
    db.close();
    const again = openStore(file);
    expect(again.prepare('SELECT count(*) n FROM sites').get()).toEqual({ n: 1 });
    again.close();
  });

  test('a new store takes 16 KiB pages; an existing store keeps the page size it was made with', () => {
    const fresh = openStore(join(dir, 'new.db'));
    expect(fresh.pragma('page_size', { simple: true })).toBe(NEW_STORE_PAGE_SIZE);
    fresh.close();
    // A store made by an earlier numresp (SQLite's default 4 KiB pages): opening it must not try to change them.
    const Database = require('better-sqlite3');
    const old = new Database(join(dir, 'old.db'));
    old.exec('CREATE TABLE t (x)');
    old.close();
    const reopened = openStore(join(dir, 'old.db'));
    expect(reopened.pragma('page_size', { simple: true })).toBe(4096);
    expect(schemaVersion(reopened)).toBe(migrations[migrations.length - 1].version);
    reopened.close();
  });

  test('a device\'s status history is found through an index, never a scan', () => {
    const db = openStore(join(dir, 'plan.db'));
    const plan = (db.prepare('EXPLAIN QUERY PLAN SELECT status, changed_at, note FROM device_status_history WHERE device_id = ? ORDER BY id').all(1) as { detail: string }[])
      .map((r) => r.detail)
      .join('; ');
    expect(plan).toMatch(/USING INDEX device_status_history_at/);
    db.close();
  });

  test('a failing migration leaves data and version untouched', () => {
    const db = openStore(join(dir, 'b.db'));
    ensureSite(db, 'X');
    const before = schemaVersion(db);
    const bad = [...migrations, { version: before + 1, name: 'bad', sql: 'ALTER TABLE sites ADD COLUMN z; SELECT nope FROM nowhere;' }];
    expect(() => migrate(db, bad)).toThrow();
    expect(schemaVersion(db)).toBe(before);
    expect(db.prepare('SELECT count(*) n FROM sites').get()).toEqual({ n: 1 });
    db.close();
  });

  test('a file that is not a database gives a one-line user error', () => {
    const file = join(dir, 'junk.db');
    writeFileSync(file, 'this is not sqlite'.repeat(100));
    expect(() => openStore(file)).toThrow(UserError);
  });
});

describe('two writers', () => {
  test('the second writer waits, says so once, and both commit', async () => {
    const { writeTransaction } = await import('../../src/store/database.js');
    const dir = mkdtempSync(join(tmpdir(), 'numresp-2w-'));
    const file = join(dir, 's.db');
    const a = openStore(file);
    const b = openStore(file, { busyTimeoutMs: 5000 });
    // A holds the write lock from a child process for ~300 ms.
    const { spawn } = await import('node:child_process');
    const holder = spawn(process.execPath, [
      '-e',
      `const D=require(${JSON.stringify(require.resolve('better-sqlite3'))});const d=new D(${JSON.stringify(file)});` +
        `d.exec('BEGIN IMMEDIATE');d.prepare("INSERT INTO sites(code,name,kind,created_at) VALUES('HOLD','h','other','x')").run();` +
        `console.log('locked');setTimeout(()=>{d.exec('COMMIT');d.close()},300)`,
    ]);
    await new Promise<void>((r) => holder.stdout.once('data', () => r()));
    const said: string[] = [];
    writeTransaction(b, () => ensureSite(b, 'WAITER'), (m) => said.push(m));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/another numresp process; waiting/);
    expect(a.prepare('SELECT code FROM sites ORDER BY code').pluck().all()).toEqual(['HOLD', 'WAITER']);
    a.close();
    b.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
