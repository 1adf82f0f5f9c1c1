import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/database.js';
import { backupStore, checkStore, storeInfo } from '../../src/store/maintenance.js';
import { ensureSite } from '../../src/store/sites.js';

describe('store maintenance', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'numresp-maint-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('online backup copies committed data while the source stays open for writing', async () => {
    const db = openStore(join(dir, 'live.db'));
    for (let i = 0; i < 50; i++) ensureSite(db, `LYC-${i}`, { kind: 'lycee' });
    await backupStore(db, join(dir, 'copy.db'));
    ensureSite(db, 'AFTER'); // the live store goes on
    const copy = openStore(join(dir, 'copy.db'));
    expect(storeInfo(copy).tables.sites).toBe(50);
    expect(checkStore(copy)).toEqual([]);
    copy.close();
    db.close();
  });

  test('refuses to overwrite an existing backup', async () => {
    const db = openStore(join(dir, 'live.db'));
    await backupStore(db, join(dir, 'copy.db'));
    await expect(backupStore(db, join(dir, 'copy.db'))).rejects.toThrow(/exists/);
    db.close();
  });

  test('check reports a dangling foreign key', () => {
    const db = openStore(join(dir, 'live.db'));
    db.pragma('foreign_keys = OFF');
    db.prepare("INSERT INTO site_pue (site_id, year, pue) VALUES (999, 2025, 1.5)").run();
    expect(checkStore(db).join()).toMatch(/site_pue .* missing sites/);
    db.close();
  });
});
