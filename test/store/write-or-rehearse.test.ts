import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, writeOrRehearse, type Db } from '../../src/store/database.js';
import { importEnergy } from '../../src/inventory/import/energy-import.js';
import { ensureSite } from '../../src/store/sites.js';

// The one dry-run transaction of the imports (devices, energy): a rehearsal makes the writes and keeps none; both
// modes say once that they wait for another process's write lock.
let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'numresp-rehearse-'));
  db = openStore(join(dir, 'store.db'), { busyTimeoutMs: 300 });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const siteCount = () => (db.prepare('SELECT COUNT(*) AS n FROM sites').get() as { n: number }).n;
const addSite = (code: string) => ensureSite(db, code, { name: code, kind: 'other' });

test('a dry run makes the writes inside the transaction and keeps none; a real run keeps them', () => {
  let seenInside = 0;
  writeOrRehearse(db, () => {
    addSite('A');
    seenInside = siteCount();
  }, { dryRun: true });
  expect([seenInside, siteCount()]).toEqual([1, 0]);
  writeOrRehearse(db, () => void addSite('B'));
  expect(siteCount()).toBe(1);
});

test('an error inside a dry run is not mistaken for the rollback', () => {
  expect(() => writeOrRehearse(db, () => { throw new Error('bad row'); }, { dryRun: true })).toThrow('bad row');
});

test.each([true, false])('dry run %p: another writer holding the lock is announced once, then waited for', (dryRun) => {
  const other = openStore(join(dir, 'store.db'));
  other.exec('BEGIN IMMEDIATE');
  const notices: string[] = [];
  try {
    // The holder cannot release while this process waits synchronously: the wait ends with busy_timeout.
    expect(() => writeOrRehearse(db, () => void addSite('C'), { dryRun, onBusy: (m) => notices.push(m) })).toThrow(/locked|busy/i);
  } finally {
    other.exec('ROLLBACK');
    other.close();
  }
  expect(notices).toEqual([expect.stringMatching(/being written by another numresp process; waiting up to/)]);
});

test('energy import uses it: a dry run stores nothing and counts what a real run stores', () => {
  addSite('LYC');
  const csv = Buffer.from('site;period_start;period_end;kwh\nLYC;2025-01-01;2025-01-31;1200\n');
  const rehearsal = importEnergy(db, csv, 'e.csv', { dryRun: true });
  expect((db.prepare('SELECT COUNT(*) AS n FROM energy_readings').get() as { n: number }).n).toBe(0);
  const real = importEnergy(db, csv, 'e.csv');
  expect((db.prepare('SELECT COUNT(*) AS n FROM energy_readings').get() as { n: number }).n).toBe(1);
  expect([rehearsal.imported, real.imported]).toEqual([1, 1]);
});
